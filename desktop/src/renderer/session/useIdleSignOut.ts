import { useEffect, useRef, useState } from 'react';
import { IDLE_WARNING_MS } from '@rushes/shared';
import { IdleTimer, browserClock, type TimerClock } from './idleTimer';

/** Input that means someone is at the window. */
const INPUT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/**
 * Signs out after `idleMinutes` without input in the window; `warningUntil` is set (the time
 * of the sign-out) while the warning should show. Null minutes (not loaded yet) runs nothing.
 */
export function useIdleSignOut(
  idleMinutes: number | null,
  onIdle: () => void,
  clock: TimerClock = browserClock,
): { warningUntil: number | null; stay(): void } {
  const [warningUntil, setWarningUntil] = useState<number | null>(null);
  const timer = useRef<IdleTimer | null>(null);
  const idle = useRef(onIdle);
  useEffect(() => {
    idle.current = onIdle;
  });

  useEffect(() => {
    if (idleMinutes === null) return;
    const running = new IdleTimer({
      idleMs: idleMinutes * 60_000,
      warnMs: IDLE_WARNING_MS,
      clock,
      onWarn: setWarningUntil,
      onIdle: () => {
        setWarningUntil(null);
        idle.current();
      },
    });
    timer.current = running;
    const input = () => running.input();
    for (const name of INPUT_EVENTS) window.addEventListener(name, input, { capture: true, passive: true });
    return () => {
      running.stop();
      for (const name of INPUT_EVENTS) window.removeEventListener(name, input, { capture: true });
      timer.current = null;
    };
  }, [idleMinutes, clock]);

  return {
    warningUntil,
    stay: () => {
      setWarningUntil(null);
      timer.current?.stay();
    },
  };
}
