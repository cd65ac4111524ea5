import type { TransferEntry } from '@rushes/shared';

/**
 * How a local transfer job paces itself: which file a free slot takes next, and how often
 * progress reaches the catalog.
 */

/**
 * Files copied at once. Small files are bound by per-file round trips (GET, open, rename),
 * which a few at once hide; large media is bound by CPU on a 2-core machine (receiving,
 * hashing, writing), where more streams do not add throughput. At most half the slots take
 * large files, so a card's sidecar files keep flowing beside its clips.
 */
export const DEFAULT_FILES_AT_ONCE = 4;
/** From this size a file counts as large for the slots above. */
export const LARGE_FILE_BYTES = 64 * 1024 ** 2;
/** Progress reports per job and second, at most (each one may be a catalog write). */
const PROGRESS_PER_SECOND = 4;

/**
 * Hands out the manifest's files to the job's slots in manifest order, except that large
 * files take at most half the slots: several 1 GiB clips never hold every slot while the
 * small files queue behind them.
 */
export class FileQueue {
  private readonly large: number[] = [];
  private readonly small: number[] = [];
  private nextLarge = 0;
  private nextSmall = 0;
  private largeRunning = 0;
  private readonly largeSlots: number;

  constructor(
    private readonly entries: readonly TransferEntry[],
    filesAtOnce: number,
  ) {
    this.largeSlots = Math.max(1, Math.floor(filesAtOnce / 2));
    entries.forEach((entry, index) => (entry.size >= LARGE_FILE_BYTES ? this.large : this.small).push(index));
  }

  /** The next file for a free slot; undefined when this slot has nothing left it may take (the others drain the rest). */
  next(): number | undefined {
    const large = this.large[this.nextLarge];
    const small = this.small[this.nextSmall];
    if (large !== undefined && this.largeRunning < this.largeSlots && (small === undefined || large < small)) {
      this.nextLarge += 1;
      this.largeRunning += 1;
      return large;
    }
    if (small !== undefined) this.nextSmall += 1;
    return small;
  }

  done(index: number): void {
    if (this.entries[index]!.size >= LARGE_FILE_BYTES) this.largeRunning -= 1;
  }
}

/**
 * At most PROGRESS_PER_SECOND reports per job, whatever the number of files in flight:
 * the first at once, then each tick the file that has waited longest, with its latest count.
 */
export class ProgressThrottle {
  private readonly pending = new Map<number, number>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private last = -Infinity;
  private stopped = false;

  constructor(private readonly emit: (index: number, bytes: number) => void) {}

  report(index: number, bytes: number): void {
    if (this.stopped) return;
    // Setting a key already waiting keeps its place: the longest-waiting file goes first.
    this.pending.set(index, bytes);
    if (this.timer) return;
    const wait = this.last + 1000 / PROGRESS_PER_SECOND - Date.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.pending.clear();
  }

  private flush(): void {
    this.timer = undefined;
    const first = this.pending.entries().next();
    if (first.done) return;
    const [index, bytes] = first.value;
    this.pending.delete(index);
    this.last = Date.now();
    try {
      this.emit(index, bytes);
    } catch (error) {
      console.error('Rushes: a transfer progress report failed', error);
    }
    if (this.pending.size > 0 && !this.stopped) this.timer = setTimeout(() => this.flush(), 1000 / PROGRESS_PER_SECOND);
  }
}
