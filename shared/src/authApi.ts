import { z } from 'zod';
import { UserIdBodySchema } from './adminApi';
import { ADMIN_GROUP, MEDIA_MANAGER_GROUP, validateGroupName } from './permissions';
import { NoBody, NoQuery, route } from './routeSpec';

/**
 * Sign-in security: the password rule, two-step sign-in (TOTP authenticator apps) and the
 * idle sign-out time. The server enforces every part; the app checks the password rule
 * before sending so the user reads the same sentence either way.
 */

/** Length first: a long passphrase beats a short password with a digit in it. */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** The one password rule: null when the password passes, else the sentence to show. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  if (password.trim() !== password) return 'Do not start or end the password with a space.';
  return null;
}

export const PasswordRuleSchema = z.string().superRefine((value, ctx) => {
  const problem = passwordProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const DEFAULT_IDLE_MINUTES = 30;
/** The warning before an idle sign-out comes this long before it. */
export const IDLE_WARNING_MS = 60_000;
export const DEFAULT_MFA_REQUIRED_GROUPS: readonly string[] = [ADMIN_GROUP, MEDIA_MANAGER_GROUP];

const GroupName = z.string().transform((value, ctx) => {
  const checked = validateGroupName(value);
  if (!checked.ok) {
    ctx.addIssue({ code: 'custom', message: checked.message });
    return z.NEVER;
  }
  return checked.value;
});

export const SecuritySettingsSchema = z
  .object({
    /** Members of any of these groups must sign in with an authenticator code. */
    mfaRequiredGroups: z
      .array(GroupName)
      .max(50, { message: 'At most 50 groups' })
      .transform((groups) => [...new Set(groups)].sort()),
    /** Signed out after this many minutes without input in the window. */
    idleMinutes: z
      .number({ message: 'Enter a number of minutes' })
      .int({ message: 'Use whole minutes' })
      .min(2, { message: 'At least 2 minutes (the warning comes one minute before)' })
      .max(720, { message: 'At most 720 minutes (12 hours)' }),
  })
  .strict();
export type SecuritySettings = z.output<typeof SecuritySettingsSchema>;
export type SecuritySettingsInput = z.input<typeof SecuritySettingsSchema>;

export const DEFAULT_SECURITY_SETTINGS: SecuritySettings = {
  mfaRequiredGroups: [...DEFAULT_MFA_REQUIRED_GROUPS].sort(),
  idleMinutes: DEFAULT_IDLE_MINUTES,
};

/** Whether someone in `groups` must use two-step sign-in under `settings`. */
export function mustEnrolMfa(settings: Pick<SecuritySettings, 'mfaRequiredGroups'>, groups: readonly string[]): boolean {
  return groups.some((group) => settings.mfaRequiredGroups.includes(group));
}

export const MfaStatusSchema = z.object({
  /** The caller's groups require two-step sign-in. */
  required: z.boolean(),
  /** The directory holds a verified authenticator for the caller. */
  enrolled: z.boolean(),
});
export type MfaStatus = z.infer<typeof MfaStatusSchema>;

/** The authenticator-app link a QR code carries (Google Authenticator's key-uri format). */
export function otpauthUri(email: string, secret: string, issuer = 'Rushes'): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(email)}`;
  return `otpauth://totp/${label}?secret=${encodeURIComponent(secret)}&issuer=${encodeURIComponent(issuer)}`;
}

/** The secret as groups of four, for typing into an app by hand. */
export function groupSecret(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}

export const MfaCodeSchema = z
  .string()
  .transform((value) => value.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, { message: 'Enter the 6-digit code from your authenticator app' }));

/** An access token's length at most: Cognito's are about 1 kB; groups in the claims add to that. */
export const MAX_ACCESS_TOKEN_LENGTH = 16_384;

/** Three base64url parts: a JWT's compact form. */
const JWT_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export const MfaVerifyBodySchema = z
  .object({
    code: MfaCodeSchema,
    /** The caller's own Cognito access token: the identity service takes nothing else for these calls. */
    accessToken: z
      .string({ message: 'Send the access token of this sign-in' })
      .max(MAX_ACCESS_TOKEN_LENGTH, { message: `An access token has at most ${MAX_ACCESS_TOKEN_LENGTH} characters` })
      .regex(JWT_PATTERN, { message: 'Send the access token of this sign-in (a JWT)' }),
  })
  .strict();
export type MfaVerifyBody = z.infer<typeof MfaVerifyBodySchema>;

export const securityRoutes = {
  /** Any signed-in user: the app needs the idle time; open during enrolment. */
  securitySettings: route({
    method: 'GET',
    path: '/v1/security/settings',
    auth: true,
    query: NoQuery,
    body: NoBody,
    response: SecuritySettingsSchema,
  }),
  setSecuritySettings: route({
    method: 'POST',
    path: '/v1/security/settings',
    auth: true,
    query: NoQuery,
    body: SecuritySettingsSchema,
    response: SecuritySettingsSchema,
  }),
  /** Open during enrolment. */
  mfaStatus: route({
    method: 'GET',
    path: '/v1/security/mfa',
    auth: true,
    query: NoQuery,
    body: NoBody,
    response: MfaStatusSchema,
  }),
  /**
   * Checks a code of the caller's new authenticator and turns two-step sign-in on. The server
   * makes the identity service's calls with the caller's own access token, so every wrong
   * code is in the audit log in both modes.
   */
  verifyMfaEnrolment: route({
    method: 'POST',
    path: '/v1/security/mfa/verify',
    auth: true,
    query: NoQuery,
    body: MfaVerifyBodySchema,
    response: MfaStatusSchema,
  }),
  /** The app is about to sign out (the user asked, or the idle time ran out): recorded, while the token still works. */
  recordSignOut: route({
    method: 'POST',
    path: '/v1/security/sign-out',
    auth: true,
    query: NoQuery,
    body: z.object({ reason: z.enum(['user', 'idle']) }).strict(),
    response: z.object({ recorded: z.literal(true) }),
  }),
  /** Admins: removes a user's authenticator; they enrol again at the next sign-in. */
  resetUserMfa: route({
    method: 'POST',
    path: '/v1/admin/users/reset-mfa',
    auth: true,
    query: NoQuery,
    body: UserIdBodySchema,
    response: z.object({ id: z.string(), email: z.string() }),
  }),
} as const;

/** Routes a user who must enrol and has not may still call: what enrolment needs. */
export const ENROLMENT_ROUTES: readonly string[] = ['health', 'me', 'securitySettings', 'mfaStatus', 'verifyMfaEnrolment', 'recordSignOut'];
