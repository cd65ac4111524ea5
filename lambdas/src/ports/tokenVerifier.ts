import type { Principal } from './principal';

/** Turns a bearer token into the caller, or throws DomainError('UNAUTHENTICATED'). */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}
