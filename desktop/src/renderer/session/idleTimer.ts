/** What the idle timer needs of time: injected, so tests move it by hand. */
export interface TimerClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const browserClock: TimerClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => window.setTimeout(run, ms),
  clearTimeout: (handle) => window.clearTimeout(handle as number),
};

export interface IdleTimerOptions {
  /** No input for this long ends the session. */
  idleMs: number;
  /** The warning comes this long before the end. */
  warnMs: number;
  clock: TimerClock;
  /** Time to show the warning; `signOutAt` is when the session will end. */
  onWarn(signOutAt: number): void;
  onIdle(): void;
}

/**
 * Ends a session after a stretch without input. Input events only note the time (they come
 * by the hundred a second while the mouse moves); one timer, re-aimed when it fires, decides.
 * Once the warning shows, only an explicit `stay()` counts: moving the mouse past the dialog
 * must not keep an unattended edit bay signed in.
 */
export class IdleTimer {
  private lastInput: number;
  private handle: unknown = null;
  private warned = false;
  private stopped = false;

  constructor(private readonly options: IdleTimerOptions) {
    this.lastInput = options.clock.now();
    this.aim(options.idleMs - options.warnMs);
  }

  /** Keyboard, mouse, wheel or touch input in the window. */
  input(): void {
    if (!this.warned) this.lastInput = this.options.clock.now();
  }

  /** "Stay signed in": the idle time starts again. */
  stay(): void {
    this.warned = false;
    this.lastInput = this.options.clock.now();
    this.aim(this.options.idleMs - this.options.warnMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.handle !== null) this.options.clock.clearTimeout(this.handle);
    this.handle = null;
  }

  private aim(delayMs: number): void {
    if (this.stopped) return;
    if (this.handle !== null) this.options.clock.clearTimeout(this.handle);
    this.handle = this.options.clock.setTimeout(() => this.check(), Math.max(0, delayMs));
  }

  private check(): void {
    this.handle = null;
    const { idleMs, warnMs, clock } = this.options;
    const idleFor = clock.now() - this.lastInput;
    if (idleFor >= idleMs) {
      this.stop();
      this.options.onIdle();
    } else if (this.warned || idleFor >= idleMs - warnMs) {
      if (!this.warned) {
        this.warned = true;
        this.options.onWarn(this.lastInput + idleMs);
      }
      this.aim(idleMs - idleFor);
    } else {
      this.aim(idleMs - warnMs - idleFor);
    }
  }
}
