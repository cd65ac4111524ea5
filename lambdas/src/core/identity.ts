import { isAdmin, type MeResponse } from '@rushes/shared';
import type { Principal } from '../ports';

/** GET /v1/me: who the backend believes the caller is. */
export function describeCaller(principal: Principal): MeResponse {
  const groups = [...new Set(principal.groups)].sort();
  return { email: principal.email, groups, isAdmin: isAdmin(principal) };
}
