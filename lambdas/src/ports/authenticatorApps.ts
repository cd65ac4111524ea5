/**
 * The caller's own authenticator app at the identity service. Cognito takes these calls only
 * with the user's access token (no IAM, no admin variant verifies a code), so the token the
 * app holds is what the server passes on; `ownerOf` proves it is the caller's first.
 */
export interface AuthenticatorApps {
  /**
   * The user (`sub`) an access token of this user pool and app client was issued to; throws
   * DomainError('UNAUTHENTICATED') for a token that is not one (expired, forged, an ID token).
   */
  ownerOf(accessToken: string): Promise<string>;
  /** Checks a code of the authenticator the user is setting up; 'wrong-code' leaves it unverified. */
  verifyCode(accessToken: string, code: string): Promise<'verified' | 'wrong-code'>;
  /** Makes the verified authenticator the user's sign-in step. */
  turnOn(accessToken: string): Promise<void>;
}
