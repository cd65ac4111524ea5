/**
 * Speed and time left for one transfer, smoothed so the numbers a person reads do not jump
 * with every chunk: an exponentially weighted average of the rate over samples at least
 * `minSampleMs` apart, with a time constant of a few seconds.
 */
export class TransferRate {
  private lastAt: number | null = null;
  private lastBytes = 0;
  private rate = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly timeConstantMs = 3_000,
    private readonly minSampleMs = 200,
  ) {}

  /** Records that `bytesDone` bytes are done now. */
  sample(bytesDone: number): void {
    const at = this.now();
    if (this.lastAt === null) {
      this.lastAt = at;
      this.lastBytes = bytesDone;
      return;
    }
    const elapsed = at - this.lastAt;
    if (elapsed < this.minSampleMs) return;
    const instant = (Math.max(0, bytesDone - this.lastBytes) * 1000) / elapsed;
    const weight = 1 - Math.exp(-elapsed / this.timeConstantMs);
    this.rate = this.rate === 0 ? instant : this.rate + weight * (instant - this.rate);
    this.lastAt = at;
    this.lastBytes = bytesDone;
  }

  /** Forgets the history: after a pause, a retry or a resume. */
  reset(): void {
    this.lastAt = null;
    this.lastBytes = 0;
    this.rate = 0;
  }

  bytesPerSecond(): number {
    return Math.round(this.rate);
  }

  /** Seconds left for `bytesLeft` at the current rate; null until a rate is known. */
  etaSeconds(bytesLeft: number): number | null {
    if (this.rate <= 0) return null;
    return Math.ceil(Math.max(0, bytesLeft) / this.rate);
  }
}
