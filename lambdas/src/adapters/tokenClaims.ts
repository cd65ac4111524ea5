import { DomainError } from '@rushes/shared';
import type { Principal } from '../ports';

/**
 * The caller from a Cognito ID token's verified claims: the same rules whether this process
 * checked the signature (jose, local mode) or API Gateway's JWT authorizer did (cloud).
 * API Gateway hands claims over as strings and flattens `cognito:groups` to `[a b]`, so both
 * shapes of a group list are read.
 */
export function principalFromClaims(claims: Readonly<Record<string, unknown>>): Principal {
  if (claims['token_use'] !== 'id') {
    throw new DomainError('UNAUTHENTICATED', 'Send the ID token, not an access or refresh token.');
  }
  const sub = claims['sub'];
  if (typeof sub !== 'string' || sub.length === 0) throw new DomainError('UNAUTHENTICATED', 'The token names no user.');
  const email = claims['email'];
  if (typeof email !== 'string' || email.length === 0) {
    throw new DomainError('UNAUTHENTICATED', 'The token carries no email.');
  }
  return { userId: sub, email, groups: groupsClaim(claims['cognito:groups']) };
}

function groupsClaim(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string');
  if (typeof value !== 'string') return [];
  // API Gateway: `[admin editors]`. Group names hold no white space (shared/src/permissions.ts), so a space separates them.
  const inner = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  return inner.split(' ').filter((g) => g.length > 0);
}
