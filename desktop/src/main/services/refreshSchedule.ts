import type { ErrorCode } from '@rushes/shared';

/**
 * When to refresh tokens: five minutes before expiry, or halfway through the remaining
 * life when that is shorter, never sooner than a second from now. `maxMs` caps the wait
 * (RUSHES_REFRESH_SECONDS): a refreshed ID token carries the user's current groups, so a
 * studio that wants group changes to reach signed-in people sooner refreshes more often.
 */
export function refreshDelayMs(expiresAtMs: number, nowMs: number, maxMs = Number.POSITIVE_INFINITY): number {
  const remaining = expiresAtMs - nowMs;
  const margin = Math.min(5 * 60_000, remaining / 2);
  return Math.max(1_000, Math.floor(Math.min(remaining - margin, maxMs)));
}

/** RUSHES_REFRESH_SECONDS: unset for the default, else a whole number of seconds from 10 to 3,600. */
export function parseRefreshSeconds(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 10 || seconds > 3_600) {
    throw new Error(`RUSHES_REFRESH_SECONDS must be a whole number of seconds from 10 to 3600, not "${value}"`);
  }
  return seconds;
}

/**
 * Starts the refresh timer and returns its cancel: real timers in the app (unref'd, so a
 * pending refresh never keeps the process alive); tests pass their own and drive time.
 */
export type StartRefreshTimer = (run: () => void, delayMs: number) => () => void;

export const systemRefreshTimer: StartRefreshTimer = (run, delayMs) => {
  const timer = setTimeout(run, delayMs);
  timer.unref();
  return () => clearTimeout(timer);
};

/** A token this close to expiry is refreshed before it is used, in case a timer slept. */
export const USE_MARGIN_MS = 60_000;

export const RETRY_FIRST_MS = 2_000;
export const RETRY_MAX_MS = 60_000;

/**
 * How long to wait before retrying a refresh after `failures` transient failures in a row:
 * 2 s, doubling, at most a minute. Never zero, even once the token has expired: an offline
 * machine must not call the identity service in a loop.
 */
export function retryDelayMs(failures: number): number {
  const doublings = Math.max(0, Math.floor(failures) - 1);
  // 2 ** doublings overflows to Infinity for a long outage; the cap still applies.
  return Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** doublings);
}

/**
 * Refusals that end the session: the identity service has answered that these tokens or
 * this account are no good, and asking again will not change that. Anything else (offline,
 * throttled, a 502 from a proxy) may pass, so the refresh is retried instead.
 */
const DEFINITIVE_REFUSALS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'SESSION_EXPIRED',
  'WRONG_CREDENTIALS',
  'USER_DISABLED',
  'FORBIDDEN',
]);

export function refreshFailureEndsSession(code: ErrorCode): boolean {
  return DEFINITIVE_REFUSALS.has(code);
}
