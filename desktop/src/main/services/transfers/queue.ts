import { isFinished, type TransferState, type TransferView } from '@rushes/shared';
import { sleep, type Clock } from './clock';
import { TransferRate } from './transferRate';

/** What the queue needs of a transfer: the rest is the manager's. */
export interface QueuedTransfer {
  readonly id: string;
  state: TransferState;
}

/** Why a running transfer was stopped: the state to leave it in ('disposed' leaves it as it is). */
export type StopReason = 'paused' | 'cancelled' | 'queued' | 'disposed';

/** One transfer while it runs: its abort signal and its speed. */
export interface ActiveTransfer {
  readonly signal: AbortSignal;
  readonly rate: TransferRate;
}

export type RunOutcome = { kind: 'succeeded' } | { kind: 'stopped'; as: StopReason } | { kind: 'failed'; error: unknown };

export interface TransferQueueOptions<T extends QueuedTransfer> {
  /** Transfers running at once. */
  concurrency: number;
  clock: Clock;
  /** Changed transfers are reported at most this often. */
  notifyMs: number;
  /** Runs one transfer to its end; throws when it failed or its signal aborted. */
  run(item: T, active: ActiveTransfer): Promise<void>;
  /** Leaves a transfer whose run ended in its final state (through `update`). */
  settle(item: T, outcome: RunOutcome): Promise<void> | void;
  /** Ends a transfer that was not running when cancelled (removes partial files, tells the API). */
  cancelIdle(item: T): Promise<void> | void;
  /** Whether a failed or cancelled transfer may go again, and what to reset when it does. */
  retryPatch(item: T): Partial<T> | null;
  /** Keeps a change (the upload queue writes it to SQLite); the item is already patched. */
  persist?(item: T, patch: Partial<T>): void;
  view(item: T, active: ActiveTransfer | undefined): TransferView;
  onChange(changed: TransferView[]): void;
}

interface Running extends ActiveTransfer {
  readonly abort: AbortController;
  stopAs: StopReason | null;
}

/**
 * The queue uploads and downloads share: transfers in order, at most `concurrency` running,
 * pause (a running one stops where it is), resume, cancel, retry, progress events batched
 * to one every `notifyMs`, and a speed per running transfer. The managers say how one
 * transfer runs and ends; the queue decides when.
 */
export class TransferQueue<T extends QueuedTransfer> {
  private readonly items = new Map<string, T>();
  private readonly running = new Map<string, Running>();
  private readonly dirty = new Set<string>();
  private readonly idleWaiters: (() => void)[] = [];
  /** Cancels of transfers that were not running, still cleaning up: idle() waits for them too. */
  private readonly cleanups = new Set<Promise<void>>();
  private cancelNotify: (() => void) | null = null;
  private open: boolean;
  private disposed = false;

  constructor(
    private readonly options: TransferQueueOptions<T>,
    { open = true }: { open?: boolean } = {},
  ) {
    this.open = open;
  }

  /** Adds transfers at the end of the queue and starts what may start. */
  add(items: readonly T[]): void {
    for (const item of items) {
      this.items.set(item.id, item);
      this.touch(item.id);
    }
    this.schedule();
  }

  get(id: string): T | undefined {
    return this.items.get(id);
  }

  all(): T[] {
    return [...this.items.values()];
  }

  /** The transfers named, or all of them for an empty list. */
  select(ids: readonly string[]): T[] {
    if (ids.length === 0) return this.all();
    return ids.map((id) => this.items.get(id)).filter((item): item is T => item !== undefined);
  }

  active(id: string): ActiveTransfer | undefined {
    return this.running.get(id);
  }

  view(item: T): TransferView {
    return this.options.view(item, this.running.get(item.id));
  }

  list(): TransferView[] {
    return this.all().map((item) => this.view(item));
  }

  /** Transfers start only while open (uploads: while someone is signed in); closing puts running ones back in the queue. */
  setOpen(open: boolean): void {
    this.open = open;
    if (open) this.schedule();
    else for (const id of this.running.keys()) this.stop(id, 'queued');
    this.checkIdle();
  }

  pause(ids: readonly string[]): void {
    for (const item of this.select(ids)) {
      if (this.running.has(item.id)) this.stop(item.id, 'paused');
      else if (item.state === 'queued') this.update(item, { state: 'paused' } as Partial<T>);
    }
    this.checkIdle();
  }

  resume(ids: readonly string[]): void {
    for (const item of this.select(ids)) if (item.state === 'paused') this.update(item, { state: 'queued' } as Partial<T>);
    this.schedule();
  }

  cancel(ids: readonly string[]): void {
    for (const item of this.select(ids)) {
      if (this.running.has(item.id)) this.stop(item.id, 'cancelled');
      else if (!isFinished(item.state)) this.cleanUp(item);
    }
    this.checkIdle();
  }

  retry(ids: readonly string[]): void {
    for (const item of this.select(ids)) {
      if (item.state !== 'failed' && item.state !== 'cancelled') continue;
      const patch = this.options.retryPatch(item);
      if (patch) this.update(item, { ...patch, state: 'queued' });
    }
    this.schedule();
  }

  /** Forgets finished transfers; answers the ones forgotten. */
  clearFinished(): T[] {
    const finished = this.all().filter((item) => isFinished(item.state) && !this.running.has(item.id));
    for (const item of finished) {
      this.items.delete(item.id);
      this.dirty.delete(item.id);
    }
    return finished;
  }

  /** Stops everything where it is, as a quit does. */
  dispose(): void {
    this.disposed = true;
    for (const id of this.running.keys()) this.stop(id, 'disposed');
    this.cancelNotify?.();
    this.cancelNotify = null;
    this.checkIdle();
  }

  /** Resolves once nothing runs and nothing waits that could start. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Patches a transfer, keeps the change, and reports it with the next batch. */
  update(item: T, patch: Partial<T>): void {
    Object.assign(item, patch);
    this.options.persist?.(item, patch);
    this.touch(item.id);
  }

  /** Reports a transfer with the next batch (its progress moved). */
  touch(id: string): void {
    this.dirty.add(id);
    if (this.cancelNotify || this.disposed) return;
    this.cancelNotify = this.options.clock.after(this.options.notifyMs, () => {
      this.cancelNotify = null;
      const changed = [...this.dirty].map((dirty) => this.items.get(dirty)).filter((item): item is T => item !== undefined);
      this.dirty.clear();
      if (changed.length > 0) this.options.onChange(changed.map((item) => this.view(item)));
    });
  }

  private cleanUp(item: T): void {
    const cleanup = Promise.resolve(this.options.cancelIdle(item)).finally(() => {
      this.cleanups.delete(cleanup);
      this.checkIdle();
    });
    this.cleanups.add(cleanup);
  }

  private stop(id: string, as: StopReason): void {
    const running = this.running.get(id);
    if (!running) return;
    running.stopAs = as;
    running.abort.abort(new Error(`Transfer ${as}`));
  }

  private schedule(): void {
    if (this.open && !this.disposed) {
      for (const item of this.items.values()) {
        if (this.running.size >= this.options.concurrency) break;
        if (item.state === 'queued' && !this.running.has(item.id)) void this.start(item);
      }
    }
    this.checkIdle();
  }

  private async start(item: T): Promise<void> {
    const abort = new AbortController();
    const running: Running = { abort, signal: abort.signal, stopAs: null, rate: new TransferRate(() => this.options.clock.now()) };
    this.running.set(item.id, running);
    this.update(item, { state: 'running' } as Partial<T>);
    let outcome: RunOutcome;
    try {
      await this.options.run(item, running);
      outcome = { kind: 'succeeded' };
    } catch (error) {
      outcome = running.stopAs ? { kind: 'stopped', as: running.stopAs } : { kind: 'failed', error };
    }
    this.running.delete(item.id);
    try {
      await this.options.settle(item, outcome);
    } finally {
      this.schedule();
    }
  }

  private isIdle(): boolean {
    if (this.running.size > 0 || this.cleanups.size > 0) return false;
    return !this.open || this.disposed || !this.all().some((item) => item.state === 'queued');
  }

  private checkIdle(): void {
    if (!this.isIdle()) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** The wait after failed attempt n, before jitter. */
  backoffMs(attempt: number): number;
  clock: Clock;
  signal: AbortSignal;
  /**
   * What a failure means: 'wait' tries again after the backoff, 'now' at once (renewed
   * credentials), 'stop' gives up. It may throw instead, to turn the failure into another.
   */
  classify(error: unknown): 'wait' | 'now' | 'stop';
  /** 0–1; the wait is spread by ± half of this, so many transfers failing together do not retry together. */
  jitter?: number;
  random?: () => number;
}

/** Runs `request` until it succeeds, the policy gives up, or the signal aborts. */
export async function withRetry<R>(request: (attempt: number) => Promise<R>, policy: RetryPolicy): Promise<R> {
  const jitter = policy.jitter ?? 0.5;
  const random = policy.random ?? Math.random;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await request(attempt);
    } catch (error) {
      if (policy.signal.aborted) throw error;
      const next = policy.classify(error);
      if (next === 'stop' || attempt >= policy.attempts) throw error;
      if (next === 'wait') await sleep(policy.clock, policy.backoffMs(attempt) * (1 - jitter / 2 + random() * jitter), policy.signal);
    }
  }
}

/** Doubling waits from `firstMs`, never above `capMs`. */
export function exponentialBackoff(firstMs: number, capMs = 30_000): (attempt: number) => number {
  return (attempt) => Math.min(capMs, firstMs * 2 ** (attempt - 1));
}
