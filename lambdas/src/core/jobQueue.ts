/**
 * Runs jobs named by id, a few at a time, retrying failures with backoff: local mode's
 * stand-in for SQS → Lambda (which give the cloud the same at-least-once, bounded, retried
 * delivery). A job's state is not kept here: the catalog holds it, and the owner re-adds
 * unfinished ids after a restart.
 *
 * An id is queued at most once. Added again while it runs, it runs once more afterwards
 * (the second run finds nothing to do unless something changed meanwhile); added while it
 * waits for a retry, it keeps waiting.
 */
export interface JobQueueOptions {
  /** Jobs running at once. */
  concurrency: number;
  /** Tries per job before `onGiveUp`. */
  maxAttempts: number;
  /** Delay before try `attempt + 1` after try `attempt` failed. */
  backoffMs(attempt: number): number;
  /** One try. Throw to have it retried. */
  run(id: string, attempt: number, signal: AbortSignal): Promise<void>;
  onGiveUp(id: string, attempts: number, error: unknown): Promise<void>;
  /** Errors from onGiveUp, and tries that failed (with whether they will be retried). */
  log(message: string, error?: unknown): void;
}

export class JobQueue {
  private readonly waiting: string[] = [];
  private readonly queued = new Set<string>();
  private readonly running = new Map<string, AbortController>();
  private readonly again = new Set<string>();
  private readonly retries = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly attempts = new Map<string, number>();
  private idleWaiters: (() => void)[] = [];
  private stopped = false;

  constructor(private readonly options: JobQueueOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1)
      throw new Error(`concurrency must be a whole number ≥ 1, not ${options.concurrency}`);
    if (!Number.isInteger(options.maxAttempts) || options.maxAttempts < 1)
      throw new Error(`maxAttempts must be a whole number ≥ 1, not ${options.maxAttempts}`);
  }

  add(id: string): void {
    if (this.stopped || this.queued.has(id) || this.retries.has(id)) return;
    if (this.running.has(id)) {
      this.again.add(id);
      return;
    }
    this.queued.add(id);
    this.waiting.push(id);
    this.pump();
  }

  /** Jobs queued, running or waiting to retry. */
  get size(): number {
    return this.queued.size + this.running.size + this.retries.size;
  }

  /** Resolves when no job is queued, running or waiting to retry. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Takes no more jobs, cancels waiting retries, aborts running jobs and waits for them to
   * return. What they had not finished stays unfinished in the catalog, as after a crash.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.waiting.length = 0;
    this.queued.clear();
    this.again.clear();
    for (const timer of this.retries.values()) clearTimeout(timer);
    this.retries.clear();
    for (const controller of this.running.values()) controller.abort();
    await this.idle();
  }

  private pump(): void {
    while (!this.stopped && this.running.size < this.options.concurrency && this.waiting.length > 0) {
      const id = this.waiting.shift()!;
      this.queued.delete(id);
      void this.start(id);
    }
    this.checkIdle();
  }

  private async start(id: string): Promise<void> {
    const controller = new AbortController();
    this.running.set(id, controller);
    const attempt = (this.attempts.get(id) ?? 0) + 1;
    this.attempts.set(id, attempt);
    try {
      await this.options.run(id, attempt, controller.signal);
      this.attempts.delete(id);
    } catch (error) {
      if (controller.signal.aborted || this.stopped) {
        this.attempts.delete(id);
      } else if (attempt < this.options.maxAttempts) {
        const delay = this.options.backoffMs(attempt);
        this.options.log(`try ${attempt} of ${id} failed; retrying in ${Math.round(delay / 1000)} s`, error);
        const timer = setTimeout(() => {
          this.retries.delete(id);
          if (this.stopped) return this.checkIdle();
          this.queued.add(id);
          this.waiting.push(id);
          this.pump();
        }, delay);
        timer.unref?.();
        this.retries.set(id, timer);
      } else {
        this.attempts.delete(id);
        this.options.log(`try ${attempt} of ${id} failed; giving up`, error);
        await this.options
          .onGiveUp(id, attempt, error)
          .catch((giveUpError: unknown) => this.options.log(`could not record that ${id} failed`, giveUpError));
      }
    } finally {
      this.running.delete(id);
      if (this.again.delete(id) && !this.retries.has(id)) this.add(id);
      this.pump();
    }
  }

  private checkIdle(): void {
    if (this.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** 2 s, 8 s, 32 s…, capped at 5 minutes, with ±20 % jitter so retries of a burst spread out. */
export function exponentialBackoff(baseMs = 2_000, factor = 4, capMs = 300_000, random: () => number = Math.random) {
  return (attempt: number) => Math.min(capMs, baseMs * factor ** (attempt - 1)) * (0.8 + 0.4 * random());
}
