import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import {
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderServiceException,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import {
  ADMIN_GROUP,
  DomainError,
  otpauthUri,
  type MfaEnrolment,
  type MfaStatus,
  type MfaVerifyBody,
  type SessionState,
  type SessionUser,
} from '@rushes/shared';
import {
  refreshDelayMs,
  refreshFailureEndsSession,
  retryDelayMs,
  systemRefreshTimer,
  USE_MARGIN_MS,
  type StartRefreshTimer,
} from './refreshSchedule';

interface Tokens {
  idToken: string;
  /**
   * For the user's own identity-service calls (setting up an authenticator). It leaves the app
   * only to the identity service and to our own API (enrolment's code check, over the same
   * channel as the ID token), never to the renderer.
   */
  accessToken: string;
  refreshToken: string;
  expiresAtMs: number;
  user: SessionUser;
}

interface PendingChallenge {
  kind: 'newPassword' | 'mfaCode';
  email: string;
  username: string;
  session: string;
}

/** What a Cognito call resolves to when the session it was made for is gone. */
const SUPERSEDED = Symbol('superseded');

/**
 * The signed-in user's Cognito session. Tokens never leave the main side: the renderer sees
 * only who is signed in. Tokens are refreshed before they expire.
 *
 * Calls overlap (a sign-out while a sign-in is on the wire, a timer refresh during a new
 * sign-in), so every Cognito answer is checked against `generation` before it is used. A
 * signIn or completeNewPassword overtaken by signOut or a later signIn resolves to the state
 * at that moment, neither applying its answer nor throwing: whatever overtook it has already
 * reported its own outcome, and an error would show a failure for something the user
 * replaced or cancelled.
 */
export class SessionService {
  private tokens: Tokens | null = null;
  private challenge: PendingChallenge | null = null;
  private cancelTimer: (() => void) | null = null;
  private refreshing: Promise<void> | null = null;
  /** Bumped each time the session is ended or replaced; an answer for an older one is stale. */
  private generation = 0;
  /** Transient refresh failures in a row: the backoff, and whether the token may be stale. */
  private refreshFailures = 0;
  private disposed = false;

  constructor(
    private readonly cognito: CognitoIdentityProviderClient,
    private readonly clientId: string,
    private readonly onChange: (state: SessionState) => void,
    private readonly now: () => number = Date.now,
    /** At most this long between refreshes (RUSHES_REFRESH_SECONDS); by default only near expiry. */
    private readonly maxRefreshMs = Number.POSITIVE_INFINITY,
    private readonly startTimer: StartRefreshTimer = systemRefreshTimer,
  ) {}

  state(): SessionState {
    if (this.tokens) {
      return { status: 'signedIn', user: this.tokens.user, expiresAt: new Date(this.tokens.expiresAtMs).toISOString() };
    }
    if (this.challenge?.kind === 'mfaCode') return { status: 'mfaCodeRequired', email: this.challenge.email };
    if (this.challenge) return { status: 'newPasswordRequired', email: this.challenge.email };
    return { status: 'signedOut' };
  }

  async signIn(email: string, password: string): Promise<SessionState> {
    this.clear();
    const generation = this.generation;
    const response = await this.answerFor(
      generation,
      this.cognito.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: this.clientId,
          AuthParameters: { USERNAME: email, PASSWORD: password },
        }),
      ),
    );
    if (response === SUPERSEDED) return this.state();
    if (response.ChallengeName === 'NEW_PASSWORD_REQUIRED' || response.ChallengeName === 'SOFTWARE_TOKEN_MFA') {
      if (!response.Session) throw new DomainError('INTERNAL', 'The identity service asked for another step without a session.');
      this.challenge = {
        kind: response.ChallengeName === 'SOFTWARE_TOKEN_MFA' ? 'mfaCode' : 'newPassword',
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
    if (challenge?.kind !== 'newPassword') throw new DomainError('CONFLICT', 'No new password was asked for; sign in again.');
    const response = await this.answerFor(
      this.generation,
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
    if (response === SUPERSEDED) return this.state();
    this.challenge = null;
    this.accept(response.AuthenticationResult, null);
    return this.changed();
  }

  /** Answers the authenticator challenge; a wrong code leaves it open for another try. */
  async answerMfaCode(code: string): Promise<SessionState> {
    const challenge = this.challenge;
    if (challenge?.kind !== 'mfaCode') throw new DomainError('CONFLICT', 'No code was asked for; sign in again.');
    let response;
    try {
      response = await this.answerFor(
        this.generation,
        this.cognito.send(
          new RespondToAuthChallengeCommand({
            ChallengeName: 'SOFTWARE_TOKEN_MFA',
            ClientId: this.clientId,
            Session: challenge.session,
            ChallengeResponses: { USERNAME: challenge.username, SOFTWARE_TOKEN_MFA_CODE: code },
          }),
        ),
        'mfaCode',
      );
    } catch (error) {
      // Locked, or the step expired: the code prompt is over; back to the password.
      if (error instanceof DomainError && error.code !== 'WRONG_CODE' && error.code !== 'NETWORK') {
        this.challenge = null;
        this.changed();
      }
      throw error;
    }
    if (response === SUPERSEDED) return this.state();
    this.challenge = null;
    this.accept(response.AuthenticationResult, null);
    return this.changed();
  }

  /** A new authenticator secret for the signed-in user (it replaces any unverified one). */
  async beginMfaEnrolment(): Promise<MfaEnrolment> {
    const tokens = this.requireTokens();
    const answer = await this.cognito
      .send(new AssociateSoftwareTokenCommand({ AccessToken: tokens.accessToken }))
      .catch((error: unknown) => Promise.reject(toSignInError(error, 'mfaCode')));
    if (!answer.SecretCode) throw new DomainError('INTERNAL', 'The identity service issued no authenticator secret.');
    return { secret: answer.SecretCode, uri: otpauthUri(tokens.user.email, answer.SecretCode) };
  }

  /**
   * Checks a code of the new authenticator and makes it the user's sign-in step: through our
   * API (`verify`, POST /v1/security/mfa/verify), which makes the identity service's calls
   * with this session's access token, so the server sees, and audits, every attempt.
   */
  async verifyMfaEnrolment(code: string, verify: (body: MfaVerifyBody) => Promise<MfaStatus>): Promise<MfaStatus> {
    // Renews the tokens first if they are about to expire: the access token must outlive the call.
    await this.idToken();
    const tokens = this.requireTokens();
    return verify({ code, accessToken: tokens.accessToken });
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
    if (this.refreshFailures > 0 && this.tokens.expiresAtMs <= this.now()) {
      // The token has expired and could not be renewed for a passing reason (offline,
      // throttled, a proxy error). The user stays signed in, with retries in the background,
      // so nothing they were doing is lost when the network returns; meanwhile the call fails
      // with a reason instead of sending a token the API would refuse as a sign-out.
      throw new DomainError(
        'NETWORK',
        'Cannot renew your session with the identity service right now. Rushes keeps trying; you are still signed in.',
      );
    }
    return this.tokens.idToken;
  }

  /**
   * Exchanges the refresh token for new tokens. A definitive refusal (refresh token revoked,
   * account gone or disabled) signs the user out; any other failure is retried with backoff.
   * Never rejects: callers learn the outcome from state() or idToken().
   */
  refresh(): Promise<void> {
    if (!this.refreshing) {
      const refreshing = this.doRefresh().finally(() => {
        // clear() may have dropped this one and a newer session started its own.
        if (this.refreshing === refreshing) this.refreshing = null;
      });
      this.refreshing = refreshing;
    }
    return this.refreshing;
  }

  dispose(): void {
    this.disposed = true;
    this.stopTimer();
  }

  private async doRefresh(): Promise<void> {
    const current = this.tokens;
    if (!current) return;
    const generation = this.generation;
    try {
      const response = await this.answerFor(
        generation,
        this.cognito.send(
          new InitiateAuthCommand({
            AuthFlow: 'REFRESH_TOKEN_AUTH',
            ClientId: this.clientId,
            AuthParameters: { REFRESH_TOKEN: current.refreshToken },
          }),
        ),
      );
      if (response === SUPERSEDED) return; // signed out or in again meanwhile
      this.accept(response.AuthenticationResult, current.refreshToken);
      this.refreshFailures = 0;
      this.changed();
    } catch (error) {
      const code = error instanceof DomainError ? error.code : 'INTERNAL';
      if (refreshFailureEndsSession(code)) {
        this.clear();
        this.changed();
        return;
      }
      // Never retry at once: with an expired token that would call Cognito in a tight loop
      // for as long as the machine is offline.
      this.refreshFailures += 1;
      this.schedule(retryDelayMs(this.refreshFailures));
    }
  }

  private requireTokens(): Tokens {
    if (!this.tokens) throw new DomainError('SESSION_EXPIRED', 'You are signed out; sign in again.');
    return this.tokens;
  }

  private accept(result: AuthenticationResultType | undefined, previousRefreshToken: string | null): void {
    const idToken = result?.IdToken;
    const accessToken = result?.AccessToken;
    const refreshToken = result?.RefreshToken ?? previousRefreshToken;
    if (!idToken || !accessToken || !refreshToken) throw new DomainError('INTERNAL', 'The identity service answered without tokens.');
    const claims = decodeJwt(idToken);
    const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as unknown[]).map(String).sort() : [];
    const email = typeof claims['email'] === 'string' ? claims['email'] : '';
    const expiresAtMs = (claims.exp ?? 0) * 1000;
    this.tokens = { idToken, accessToken, refreshToken, expiresAtMs, user: { email, groups, isAdmin: groups.includes(ADMIN_GROUP) } };
    this.schedule(refreshDelayMs(expiresAtMs, this.now(), this.maxRefreshMs));
  }

  private schedule(delayMs: number): void {
    this.stopTimer();
    // A refresh still on the wire when the app shut down must not start the timer again.
    if (this.disposed) return;
    this.cancelTimer = this.startTimer(() => void this.refresh(), delayMs);
  }

  private stopTimer(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  private clear(): void {
    this.stopTimer();
    this.generation += 1;
    this.tokens = null;
    this.challenge = null;
    this.refreshFailures = 0;
    // A refresh for the old session may still be on the wire; the next one must not join it.
    this.refreshing = null;
  }

  private changed(): SessionState {
    const state = this.state();
    this.onChange(state);
    return state;
  }

  /**
   * Awaits a Cognito call made for the session of `generation`, with its error in the
   * sign-in screen's words. If that session was ended or replaced meanwhile, the answer and
   * any error belong to nobody: SUPERSEDED.
   */
  private async answerFor<T>(generation: number, call: Promise<T>, step: SignInStep = 'signIn'): Promise<T | typeof SUPERSEDED> {
    try {
      const answer = await call;
      return this.generation === generation ? answer : SUPERSEDED;
    } catch (error) {
      if (this.generation !== generation) return SUPERSEDED;
      throw toSignInError(error, step);
    }
  }
}

type SignInStep = 'signIn' | 'newPassword' | 'mfaCode';

/** Amazon Cognito's lockout and local mode's say "Password attempts exceeded"; local mode adds until when. */
function lockedError(message: string): DomainError {
  const until = /after (\d{4}-\d\d-\d\dT[\d:.]+Z)/.exec(message)?.[1];
  const when = until ? `after ${new Date(until).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : 'in 15 minutes';
  return new DomainError(
    'ACCOUNT_LOCKED',
    `Too many wrong passwords or codes: this account is locked. Try again ${when}, or ask an admin.`,
  );
}

const WRONG_CODE_MESSAGE = 'That code is not right. Enter the newest 6-digit code from your authenticator app.';

/** Cognito's exceptions, in the words the sign-in screen shows. */
export function toSignInError(error: unknown, step: SignInStep = 'signIn'): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof CognitoIdentityProviderServiceException) {
    switch (error.name) {
      case 'NotAuthorizedException':
        if (/password attempts exceeded/i.test(error.message)) return lockedError(error.message);
        if (/session/i.test(error.message)) return new DomainError('SESSION_EXPIRED', 'The sign-in step expired; sign in again.');
        if (/disabled/i.test(error.message)) return new DomainError('USER_DISABLED', 'This account is disabled. Ask an administrator.');
        if (/refresh token/i.test(error.message)) return new DomainError('SESSION_EXPIRED', 'Your session ended; sign in again.');
        return new DomainError('WRONG_CREDENTIALS', 'Incorrect email or password.', 'password');
      case 'UserNotFoundException':
        return new DomainError('WRONG_CREDENTIALS', 'Incorrect email or password.', 'password');
      case 'InvalidPasswordException':
        // Cognito raises it for a password that breaks the policy; some stand-ins also for a wrong one.
        if (step === 'signIn') return new DomainError('WRONG_CREDENTIALS', 'Incorrect email or password.', 'password');
        // The app checks the shared rule first, so this is a pool with a stricter policy.
        return new DomainError('PASSWORD_POLICY', error.message || 'The password does not meet the policy.', 'newPassword');
      case 'PasswordResetRequiredException':
        return new DomainError('FORBIDDEN', 'An administrator reset your password; ask them for a temporary one.');
      case 'TooManyRequestsException':
      case 'LimitExceededException':
        return new DomainError('RATE_LIMITED', 'Too many attempts; wait a minute and try again.');
      case 'CodeMismatchException':
      case 'EnableSoftwareTokenMFAException':
        if (step === 'mfaCode') return new DomainError('WRONG_CODE', WRONG_CODE_MESSAGE, 'code');
        return new DomainError('SESSION_EXPIRED', 'The sign-in step expired; sign in again.');
      case 'ExpiredCodeException':
        return new DomainError('SESSION_EXPIRED', 'The sign-in step expired; sign in again.');
      default:
        return new DomainError('INTERNAL', `The identity service refused: ${error.message}`);
    }
  }
  return new DomainError('NETWORK', 'Cannot reach the identity service. Check that Rushes is running and you are online.');
}
