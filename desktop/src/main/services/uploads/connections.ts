/**
 * The one limit of part requests in flight that every file's parts share: the network and
 * memory budget of the upload manager.
 */
export class ConnectionPool {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    this.free = size;
  }

  async with<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
    while (this.free === 0) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      if (signal.aborted) {
        this.waiting.shift()?.(); // pass the turn on
        throw signal.reason;
      }
    }
    this.free -= 1;
    try {
      return await work();
    } finally {
      this.free += 1;
      this.waiting.shift()?.();
    }
  }

  /**
   * Runs `work` for each item, each holding one connection, at most `most` at once; the first
   * failure stops the rest.
   */
  async each<T>(items: readonly T[], signal: AbortSignal, work: (item: T) => Promise<void>, most = this.size): Promise<void> {
    let next = 0;
    let failure: unknown = null;
    const worker = async () => {
      while (failure === null && next < items.length && !signal.aborted) {
        const item = items[next++]!;
        try {
          await this.with(signal, () => work(item));
        } catch (error) {
          failure ??= error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(this.size, most, items.length)) }, worker));
    if (failure !== null) throw failure;
    if (signal.aborted) throw signal.reason;
  }
}
