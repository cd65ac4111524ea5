import { DomainError, ENROLMENT_ROUTES, canManageUsers, mustEnrolMfa, type MfaStatus, type SecuritySettings } from '@rushes/shared';
import type { AuthenticatorApps, Catalog, Clock, Principal, SecuritySettingsStore } from '../ports';
import type { Directory } from '../ports/directory';
import type { AuditLog } from './audit';

/** How long an answer about a user's authenticator is reused (per process; see `admit`). */
export const MFA_CACHE_MS = 60_000;
/** How long saved settings are reused before they are read again (other Lambda containers see a change this late). */
export const SETTINGS_CACHE_MS = 10_000;
/** How long "this user is not disabled" is reused: an admin's disable reaches every process this late. */
export const DISABLED_CACHE_MS = 5_000;

export interface SignInSecurityDeps {
  directory: Directory;
  /** The caller's own authenticator at the identity service, reached with their access token. */
  authenticators: AuthenticatorApps;
  store: SecuritySettingsStore;
  /** What applies until an admin saves settings (config: RUSHES_MFA_REQUIRED_GROUPS). */
  defaults: SecuritySettings;
  catalog: Pick<Catalog, 'userDisabled'>;
  audit: AuditLog;
  clock: Clock;
}

/**
 * Who may use the API right now, beyond a valid token: not a disabled user, and not a user
 * whose groups require two-step sign-in before they have set it up (they may call only what
 * enrolment needs). Also the settings behind both rules, and the admin's MFA reset.
 *
 * Whether a user has MFA comes from the directory (Cognito's AdminGetUser
 * `UserMFASettingList`), not from the token: Cognito user-pool ID tokens carry no `amr`
 * claim, and the directory is where an admin's reset takes effect. Answers are reused for a
 * minute so a request costs no Cognito call; this process forgets one at once on enrol or reset.
 */
export class SignInSecurity {
  private readonly mfa = new Map<string, { enrolled: boolean; at: number }>();
  private readonly disabled = new Map<string, { disabled: boolean; at: number }>();
  private saved: { settings: SecuritySettings; at: number } | null = null;

  constructor(private readonly deps: SignInSecurityDeps) {}

  /** Refuses a disabled user, and a user who must enrol on any route enrolment does not need. */
  async admit(principal: Principal, route: string): Promise<void> {
    if (await this.isDisabled(principal.userId)) {
      throw new DomainError('UNAUTHENTICATED', 'This account has been disabled; ask an admin.');
    }
    if (ENROLMENT_ROUTES.includes(route)) return;
    const settings = await this.settings();
    if (!mustEnrolMfa(settings, principal.groups)) return;
    if (await this.enrolled(principal.userId)) return;
    throw new DomainError('MFA_ENROLMENT_REQUIRED', 'Your groups must use two-step sign-in: set up an authenticator app before you go on.');
  }

  /** This process forgets what it knew of a user's disabled state (an admin just changed it). */
  forgetDisabled(userId: string): void {
    this.disabled.delete(userId);
  }

  async getSettings(): Promise<SecuritySettings> {
    return this.settings();
  }

  async setSettings(principal: Principal, next: SecuritySettings): Promise<SecuritySettings> {
    if (!canManageUsers(principal)) throw new DomainError('FORBIDDEN', 'Only admins change sign-in security.');
    const known = new Set((await this.deps.directory.listGroups()).map((group) => group.name));
    const missing = next.mfaRequiredGroups.find((group) => !known.has(group));
    if (missing !== undefined) {
      throw new DomainError('VALIDATION_FAILED', `There is no group named "${missing}".`, 'body.mfaRequiredGroups');
    }
    const before = await this.settings();
    await this.deps.store.write(next);
    this.saved = { settings: next, at: this.now() };
    await this.deps.audit.record({
      actor: principal.email,
      action: 'settings.security',
      target: 'security',
      details: {
        mfaRequiredGroupsBefore: before.mfaRequiredGroups.join(','),
        mfaRequiredGroupsAfter: next.mfaRequiredGroups.join(','),
        idleMinutesBefore: before.idleMinutes,
        idleMinutesAfter: next.idleMinutes,
      },
      address: principal.address,
    });
    return next;
  }

  async mfaStatus(principal: Principal): Promise<MfaStatus> {
    const settings = await this.settings();
    return { required: mustEnrolMfa(settings, principal.groups), enrolled: await this.enrolled(principal.userId) };
  }

  /**
   * Checks a code of the caller's new authenticator and turns it on, with the caller's own
   * access token (the identity service takes nothing else for these calls). Every attempt is
   * audited: a token that is not the caller's (denied), a wrong code (`auth.mfa-failed`, step
   * `enrolment`, as local mode's guard recorded it before), and the enrolment itself. Wrong
   * codes here do not count toward the sign-in lockout, in either mode: Cognito's lockout
   * counts sign-in attempts only, and so does local mode's guard.
   */
  async verifyEnrolment(principal: Principal, input: { code: string; accessToken: string }): Promise<MfaStatus> {
    const who = { actor: principal.email, target: principal.email, address: principal.address };
    const owner = await this.deps.authenticators.ownerOf(input.accessToken).catch(async (error: unknown) => {
      if (!(error instanceof DomainError) || error.code !== 'UNAUTHENTICATED') throw error;
      await this.deps.audit.record({
        ...who,
        action: 'user.mfa-enrol',
        outcome: 'denied',
        details: { userId: principal.userId, reason: error.message },
      });
      // 403, not 401: the request's own sign-in is fine (a 401 makes the desktop refresh and send again).
      throw new DomainError('FORBIDDEN', `The access token was refused: ${error.message}`, 'body.accessToken');
    });
    if (owner !== principal.userId) {
      await this.deps.audit.record({
        ...who,
        action: 'user.mfa-enrol',
        outcome: 'denied',
        details: { userId: principal.userId, reason: 'the access token belongs to another user', tokenUser: owner },
      });
      throw new DomainError(
        'FORBIDDEN',
        'The access token belongs to another user: send the one from your own sign-in.',
        'body.accessToken',
      );
    }
    const result = await this.deps.authenticators.verifyCode(input.accessToken, input.code);
    if (result === 'wrong-code') {
      await this.deps.audit.record({
        ...who,
        action: 'auth.mfa-failed',
        outcome: 'failed',
        details: { step: 'enrolment' },
      });
      throw new DomainError(
        'WRONG_CODE',
        'That code is not right. Enter the newest 6-digit code from your authenticator app.',
        'body.code',
      );
    }
    await this.deps.authenticators.turnOn(input.accessToken);
    this.mfa.delete(principal.userId);
    const status = await this.mfaStatus(principal);
    if (!status.enrolled) {
      throw new DomainError('UNAVAILABLE', 'The identity service accepted the code but shows no authenticator yet; try again in a moment.');
    }
    await this.deps.audit.record({
      ...who,
      action: 'user.mfa-enrol',
      details: { userId: principal.userId, required: status.required },
    });
    return status;
  }

  async recordSignOut(principal: Principal, reason: 'user' | 'idle'): Promise<{ recorded: true }> {
    await this.deps.audit.record({
      actor: principal.email,
      action: 'auth.sign-out',
      target: principal.email,
      details: { reason },
      address: principal.address,
    });
    return { recorded: true };
  }

  async resetMfa(principal: Principal, id: string): Promise<{ id: string; email: string }> {
    if (!canManageUsers(principal)) throw new DomainError('FORBIDDEN', 'Only admins reset two-step sign-in.');
    const user = await this.deps.directory.getUser(id);
    if (!user) throw new DomainError('NOT_FOUND', 'That user does not exist.', 'id');
    const before = await this.deps.directory.mfaEnabled(id);
    await this.deps.directory.resetMfa(id);
    this.mfa.delete(id);
    await this.deps.audit.record({
      actor: principal.email,
      action: 'user.mfa-reset',
      target: user.email,
      details: { userId: id, before: before ? 'enrolled' : 'not enrolled', after: 'not enrolled' },
      address: principal.address,
    });
    return { id, email: user.email };
  }

  private async settings(): Promise<SecuritySettings> {
    if (this.saved && this.now() - this.saved.at < SETTINGS_CACHE_MS) return this.saved.settings;
    const settings = (await this.deps.store.read()) ?? this.deps.defaults;
    this.saved = { settings, at: this.now() };
    return settings;
  }

  private async enrolled(userId: string): Promise<boolean> {
    const known = this.mfa.get(userId);
    if (known && this.now() - known.at < MFA_CACHE_MS) return known.enrolled;
    const enrolled = await this.deps.directory.mfaEnabled(userId);
    this.mfa.set(userId, { enrolled, at: this.now() });
    return enrolled;
  }

  private async isDisabled(userId: string): Promise<boolean> {
    const known = this.disabled.get(userId);
    if (known && this.now() - known.at < DISABLED_CACHE_MS) return known.disabled;
    const disabled = (await this.deps.catalog.userDisabled(userId)) !== null;
    this.disabled.set(userId, { disabled, at: this.now() });
    return disabled;
  }

  private now(): number {
    return this.deps.clock.now().getTime();
  }
}
