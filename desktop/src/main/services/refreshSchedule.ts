/**
 * When to refresh tokens: five minutes before expiry, or halfway through the remaining
 * life when that is shorter, never sooner than a second from now.
 */
export function refreshDelayMs(expiresAtMs: number, nowMs: number): number {
  const remaining = expiresAtMs - nowMs;
  const margin = Math.min(5 * 60_000, remaining / 2);
  return Math.max(1_000, Math.floor(remaining - margin));
}

/** A token this close to expiry is refreshed before it is used, in case a timer slept. */
export const USE_MARGIN_MS = 60_000;
