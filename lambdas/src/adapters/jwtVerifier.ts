import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { DomainError } from '@rushes/shared';
import type { Principal, TokenVerifier } from '../ports';
import { principalFromClaims } from './tokenClaims';

export interface CognitoTokenConfig {
  /** `https://cognito-idp.<region>.amazonaws.com/<poolId>` in the cloud; cognito-local's own in local mode. */
  issuer: string;
  /** Where the signing keys are published. */
  jwksUrl: string;
  /** The app client id: ID tokens carry it as `aud`. */
  audience: string;
}

/**
 * Verifies Cognito ID tokens (and, for the authenticator calls, access tokens) against the pool's JWKS (jose; aws-jwt-verify refuses
 * cognito-local's pool ids). Only RS256 is accepted, so `alg: none` and HMAC tricks fail.
 */
export class CognitoJwtVerifier implements TokenVerifier {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly config: CognitoTokenConfig) {
    this.jwks = createRemoteJWKSet(new URL(config.jwksUrl), { cooldownDuration: 30_000, timeoutDuration: 5_000 });
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: ['RS256'],
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch (error) {
      if (isUnreachable(error)) {
        throw new DomainError('UNAVAILABLE', 'The identity service could not be reached to check the token.');
      }
      throw new DomainError('UNAUTHENTICATED', reasonFor(error));
    }
    return principalFromClaims(payload);
  }

  /**
   * The user an access token of this pool and app client was issued to. Access tokens carry
   * no `aud`: the app client is their `client_id` claim. Errors as for `verify`.
   */
  async accessTokenOwner(token: string): Promise<string> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.jwks, {
        issuer: this.config.issuer,
        algorithms: ['RS256'],
        requiredClaims: ['sub', 'exp', 'iat', 'client_id', 'token_use'],
      }));
    } catch (error) {
      if (isUnreachable(error)) {
        throw new DomainError('UNAVAILABLE', 'The identity service could not be reached to check the token.');
      }
      throw new DomainError('UNAUTHENTICATED', reasonFor(error));
    }
    if (payload['token_use'] !== 'access') throw new DomainError('UNAUTHENTICATED', 'Send the access token, not an ID or refresh token.');
    if (payload['client_id'] !== this.config.audience)
      throw new DomainError('UNAUTHENTICATED', 'The token was not issued for Rushes (client_id).');
    if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new DomainError('UNAUTHENTICATED', 'The token names no user.');
    return payload.sub;
  }
}

function reasonFor(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'The session has expired; sign in again.';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `The token was not issued for Rushes (${error.claim}).`;
  if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return 'The token signature is not valid.';
  }
  return 'The token is not valid.';
}

/** The key service could not be asked (down, timing out, answering garbage): not the caller's fault. */
function isUnreachable(error: unknown): boolean {
  return (
    error instanceof joseErrors.JWKSTimeout ||
    error instanceof joseErrors.JWKSInvalid ||
    (error instanceof TypeError && /fetch failed/i.test(error.message)) ||
    (error instanceof joseErrors.JOSEError && /JSON Web Key Set HTTP response/i.test(error.message))
  );
}
