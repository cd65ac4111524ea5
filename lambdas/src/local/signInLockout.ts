import type { Clock } from '../ports';

/** Wrong passwords or codes in a row before an account is locked. */
export const MAX_FAILED_ATTEMPTS = 5;
/** How long a lock lasts; Amazon Cognito's own lockout grows to about this long. */
export const LOCKOUT_MS = 15 * 60_000;

/**
 * Amazon Cognito locks an account after repeated wrong passwords ("Password attempts
 * exceeded"); cognito-local does not, so the guard keeps this book. Keyed by the sign-in
 * name as typed (lower case), wrong passwords and wrong codes counted together; a success
 * clears it. Held in memory: a restart of local mode forgives, as a lock's expiry would.
 */
export class SignInLockout {
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>();

  constructor(private readonly clock: Clock) {}

  /** When the account's lock ends, or null when it may try. */
  lockedUntil(name: string): Date | null {
    const entry = this.failures.get(key(name));
    if (!entry || entry.lockedUntil <= this.now()) return null;
    return new Date(entry.lockedUntil);
  }

  /** Counts a wrong password or code; answers the lock's end when this one locked the account. */
  failed(name: string): Date | null {
    const entry = this.failures.get(key(name));
    // A lock that ran out starts a fresh count.
    const expired = entry !== undefined && entry.lockedUntil > 0 && entry.lockedUntil <= this.now();
    const count = (expired ? 0 : (entry?.count ?? 0)) + 1;
    if (count >= MAX_FAILED_ATTEMPTS) {
      const lockedUntil = this.now() + LOCKOUT_MS;
      this.failures.set(key(name), { count: 0, lockedUntil });
      return new Date(lockedUntil);
    }
    this.failures.set(key(name), { count, lockedUntil: 0 });
    return null;
  }

  succeeded(name: string): void {
    this.failures.delete(key(name));
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}

function key(name: string): string {
  return name.trim().toLowerCase();
}

/** Cognito's words for a locked account, with when it ends (the app shows that time). */
export function lockedMessage(until: Date): string {
  return `Password attempts exceeded. Try again after ${until.toISOString()}.`;
}
