import { useEffect, useState } from 'react';

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];
const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "just now", "3 minutes ago", "yesterday": how long before `now` an ISO time was. */
export function relativeTime(iso: string, now: number): string {
  const elapsed = now - Date.parse(iso);
  if (!Number.isFinite(elapsed)) return '';
  if (elapsed < 45_000) return 'just now';
  for (const [unit, size] of units) {
    if (elapsed >= size || unit === 'minute') return format.format(-Math.max(1, Math.round(elapsed / size)), unit);
  }
  return '';
}

/** The time now, moving on once a minute so relative times stay true while a panel is open. */
export function useMinuteClock(now: () => number = Date.now): number {
  const [time, setTime] = useState(now);
  useEffect(() => {
    const timer = setInterval(() => setTime(now()), 60_000);
    return () => clearInterval(timer);
  }, [now]);
  return time;
}
