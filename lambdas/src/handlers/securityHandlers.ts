import { DomainError, type securityRoutes } from '@rushes/shared';
import type { SignInSecurity } from '../core/signInSecurity';
import type { Handlers } from './routeTypes';

/** Sign-in security settings, the caller's two-step sign-in, an admin's MFA reset → SignInSecurity. */
export function securityHandlers(deps: { security?: SignInSecurity | undefined }): Handlers<keyof typeof securityRoutes> {
  return {
    securitySettings: async () => security().getSettings(),
    setSecuritySettings: async ({ principal, body }) => security().setSettings(principal, body),
    mfaStatus: async ({ principal }) => security().mfaStatus(principal),
    verifyMfaEnrolment: async ({ principal, body }) => security().verifyEnrolment(principal, body),
    recordSignOut: async ({ principal, body }) => security().recordSignOut(principal, body.reason),
    resetUserMfa: async ({ principal, body }) => security().resetMfa(principal, body.id),
  };

  function security(): SignInSecurity {
    if (!deps.security) throw new DomainError('UNAVAILABLE', 'This backend has no directory configured yet.');
    return deps.security;
  }
}
