import {
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { DomainError } from '@rushes/shared';
import type { AuthenticatorApps } from '../ports';

/** How the authenticator is named at the identity service (the user's own device list). */
export const AUTHENTICATOR_DEVICE_NAME = 'Rushes';

/**
 * The caller's authenticator over Cognito's token-authorized calls. Cognito evaluates no IAM
 * policy for VerifySoftwareToken and SetUserMFAPreference (the access token is the
 * authorization), so the API's role needs no permission for them. In local mode the client
 * points at the sign-in guard, which forwards them to cognito-local.
 */
export class CognitoAuthenticatorApps implements AuthenticatorApps {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly owner: (accessToken: string) => Promise<string>,
  ) {}

  ownerOf(accessToken: string): Promise<string> {
    return this.owner(accessToken);
  }

  async verifyCode(accessToken: string, code: string): Promise<'verified' | 'wrong-code'> {
    try {
      const answer = await this.client.send(
        new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: code, FriendlyDeviceName: AUTHENTICATOR_DEVICE_NAME }),
      );
      return answer.Status === 'ERROR' ? 'wrong-code' : 'verified';
    } catch (error) {
      // Cognito answers a wrong code with EnableSoftwareTokenMFAException ("Code mismatch"); cognito-local with CodeMismatchException.
      const name = (error as { name?: string }).name;
      if (name === 'CodeMismatchException' || name === 'EnableSoftwareTokenMFAException') return 'wrong-code';
      throw identityError(error);
    }
  }

  async turnOn(accessToken: string): Promise<void> {
    try {
      await this.client.send(
        new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }),
      );
    } catch (error) {
      throw identityError(error);
    }
  }
}

/** The identity service's refusals in the API's words; anything else is unexpected and logged by the router. */
function identityError(error: unknown): unknown {
  const name = (error as { name?: string }).name;
  const message = (error as Error).message ?? '';
  if (name === 'NotAuthorizedException') {
    if (/password attempts exceeded/i.test(message)) {
      return new DomainError('ACCOUNT_LOCKED', 'Too many wrong passwords or codes: this account is locked for a while.');
    }
    return new DomainError('UNAUTHENTICATED', 'The identity service refused the access token; sign in again.');
  }
  if (name === 'SoftwareTokenMFANotFoundException' || (name === 'InvalidParameterException' && /not associated/i.test(message))) {
    return new DomainError('CONFLICT', 'Start setting up the authenticator again: no new secret is waiting for a code.');
  }
  if (name === 'TooManyRequestsException' || name === 'LimitExceededException') {
    return new DomainError('RATE_LIMITED', 'Too many attempts; wait a minute and try again.');
  }
  return error;
}
