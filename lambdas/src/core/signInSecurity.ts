import { DomainError, ENROLMENT_ROUTES, canManageUsers, mustEnrolMfa, type MfaStatus, type SecuritySettings } from '@rushes/shared';
import type { Catalog, Clock, Principal, SecuritySettingsStore } from '../ports';
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
   * The app verified a code with the identity service and turned the authenticator on; the
   * server asks the directory itself before it records the enrolment.
   */
  async confirmEnrolment(principal: Principal): Promise<MfaStatus> {
    this.mfa.delete(principal.userId);
    const status = await this.mfaStatus(principal);
    if (!status.enrolled) {
      throw new DomainError('CONFLICT', 'The identity service has no verified authenticator for you yet; enter a code from the app.');
    }
    await this.deps.audit.record({
      actor: principal.email,
      action: 'user.mfa-enrol',
      target: principal.email,
      details: { userId: principal.userId, required: status.required },
      address: principal.address,
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
