import type {
  CognitoIdentityProviderClient} from '@aws-sdk/client-cognito-identity-provider';
import {
  CognitoIdentityProviderServiceException,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { DomainError, type SessionState, type SessionUser } from '@rushes/shared';
import { refreshDelayMs, USE_MARGIN_MS } from './refreshSchedule';

interface Tokens {
  idToken: string;
  refreshToken: string;
  expiresAtMs: number;
  user: SessionUser;
}

interface PendingChallenge {
  email: string;
  username: string;
  session: string;
}

/**
 * The signed-in user's Cognito session. Tokens never leave the main side: the renderer sees
 * only who is signed in. Tokens are refreshed before they expire.
 */
export class SessionService {
  private tokens: Tokens | null = null;
  private challenge: PendingChallenge | null = null;
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly cognito: CognitoIdentityProviderClient,
    private readonly clientId: string,
    private readonly onChange: (state: SessionState) => void,
    private readonly now: () => number = Date.now,
  ) {}

  state(): SessionState {
    if (this.tokens) {
      return { status: 'signedIn', user: this.tokens.user, expiresAt: new Date(this.tokens.expiresAtMs).toISOString() };
    }
    if (this.challenge) return { status: 'newPasswordRequired', email: this.challenge.email };
    return { status: 'signedOut' };
  }

  async signIn(email: string, password: string): Promise<SessionState> {
    this.clear();
    const response = await this.guard(
      this.cognito.send(
        new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: this.clientId,
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
      ),
    );
    if (response.ChallengeName === 'NEW_PASSWORD_REQUIRED') {
      if (!response.Session) throw new DomainError('INTERNAL', 'The identity service asked for a new password without a session.');
      this.challenge = {
        email,
        username: response.ChallengeParameters?.['USER_ID_FOR_SRP'] ?? email,
        session: response.Session,
      };
      return this.changed();
    }
    if (response.ChallengeName) {
      throw new DomainError('FORBIDDEN', `Sign-in needs a step Rushes does not support yet (${response.ChallengeName}).`);
    }
    this.accept(response.AuthenticationResult, null);
    return this.changed();
  }

  async completeNewPassword(newPassword: string): Promise<SessionState> {
    const challenge = this.challenge;
    if (!challenge) throw new DomainError('CONFLICT', 'No new password was asked for; sign in again.');
    const response = await this.guard(
      this.cognito.send(
        new RespondToAuthChallengeCommand({
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        ClientId: this.clientId,
        Session: challenge.session,
        ChallengeResponses: { USERNAME: challenge.username, NEW_PASSWORD: newPassword },
      }),
      ),
      'newPassword',
    );
    this.challenge = null;
    this.accept(response.AuthenticationResult, null);
    return this.changed();
  }

  signOut(): SessionState {
    this.clear();
    return this.changed();
  }

  /** A valid ID token for an API call, refreshed first if it is about to expire. */
  async idToken(): Promise<string> {
    if (!this.tokens) throw new DomainError('SESSION_EXPIRED', 'You are signed out; sign in again.');
    if (this.tokens.expiresAtMs - this.now() < USE_MARGIN_MS) await this.refresh();
    if (!this.tokens) throw new DomainError('SESSION_EXPIRED', 'Your session ended; sign in again.');
    return this.tokens.idToken;
  }

  /** Exchanges the refresh token for new tokens; on failure the user is signed out. */
  refresh(): Promise<void> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async doRefresh(): Promise<void> {
    const current = this.tokens;
    if (!current) return;
    try {
      const response = await this.guard(
        this.cognito.send(
          new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: this.clientId,
          AuthParameters: { REFRESH_TOKEN: current.refreshToken },
        }),
        ),
      );
      if (this.tokens !== current) return; // signed out or in again meanwhile
      this.accept(response.AuthenticationResult, current.refreshToken);
      this.changed();
    } catch (error) {
      if (this.tokens !== current) return;
      if (error instanceof DomainError && error.code === 'NETWORK') {
        this.schedule(Math.min(30_000, Math.max(0, current.expiresAtMs - this.now())));
        return;
      }
      this.clear();
      this.changed();
    }
  }

  private accept(result: AuthenticationResultType | undefined, previousRefreshToken: string | null): void {
    const idToken = result?.IdToken;
    const refreshToken = result?.RefreshToken ?? previousRefreshToken;
    if (!idToken || !refreshToken) throw new DomainError('INTERNAL', 'The identity service answered without tokens.');
    const claims = decodeJwt(idToken);
    const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as unknown[]).map(String).sort() : [];
    const email = typeof claims['email'] === 'string' ? claims['email'] : '';
    const expiresAtMs = (claims.exp ?? 0) * 1000;
    this.tokens = { idToken, refreshToken, expiresAtMs, user: { email, groups, isAdmin: groups.includes('admin') } };
    this.schedule(refreshDelayMs(expiresAtMs, this.now()));
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delayMs);
    this.timer.unref();
  }

  private clear(): void {
    this.dispose();
    this.tokens = null;
    this.challenge = null;
  }

  private changed(): SessionState {
    const state = this.state();
    this.onChange(state);
    return state;
  }

  private async guard<T>(call: Promise<T>, step: SignInStep = 'signIn'): Promise<T> {
    try {
      return await call;
    } catch (error) {
      throw toSignInError(error, step);
    }
  }
}

type SignInStep = 'signIn' | 'newPassword';

/** Cognito's exceptions, in the words the sign-in screen shows. */
export function toSignInError(error: unknown, step: SignInStep = 'signIn'): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof CognitoIdentityProviderServiceException) {
    switch (error.name) {
      case 'NotAuthorizedException':
        if (/disabled/i.test(error.message)) return new DomainError('USER_DISABLED', 'This account is disabled. Ask an administrator.');
        if (/refresh token/i.test(error.message)) return new DomainError('SESSION_EXPIRED', 'Your session ended; sign in again.');
        return new DomainError('WRONG_CREDENTIALS', 'Incorrect email or password.', 'password');
      case 'UserNotFoundException':
        return new DomainError('WRONG_CREDENTIALS', 'Incorrect email or password.', 'password');
      case 'InvalidPasswordException':
        // Cognito raises it for a password that breaks the policy; some stand-ins also for a wrong one.
        if (step === 'signIn') return new DomainError('WRONG_CREDENTIALS', 'Incorrect email or password.', 'password');
        return new DomainError('PASSWORD_POLICY', error.message || 'The password does not meet the policy.', 'newPassword');
      case 'PasswordResetRequiredException':
        return new DomainError('FORBIDDEN', 'An administrator reset your password; ask them for a temporary one.');
      case 'TooManyRequestsException':
      case 'LimitExceededException':
        return new DomainError('RATE_LIMITED', 'Too many attempts; wait a minute and try again.');
      case 'CodeMismatchException':
      case 'ExpiredCodeException':
        return new DomainError('SESSION_EXPIRED', 'The sign-in step expired; sign in again.');
      default:
        return new DomainError('INTERNAL', `The identity service refused: ${error.message}`);
    }
  }
  return new DomainError('NETWORK', 'Cannot reach the identity service. Check that Rushes is running and you are online.');
}
