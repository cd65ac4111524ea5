import type { Block } from './blockPool';
import type { FileHash } from './hashHost';

/** Bytes given to the hash thread and not yet hashed before the reader at the front waits. */
const THREAD_BACKLOG = 8 * 1024 * 1024;

/**
 * Puts a file's bytes into its hash in file order while its parts are read in parallel, each
 * by its own request. Bytes at the front go to the hash thread at once; bytes further on are
 * held (the very buffers the requests send, no copy) until the front reaches them, then go to
 * the thread as it keeps up. A reader may run at most `window` bytes ahead of the front, and
 * the reader at the front waits while the thread is behind: memory stays within the window
 * plus the thread's backlog whatever the speeds. Parts that will
 * not be read (sent before a crash) are read from disk by the thread when the front gets there.
 * Bytes behind the front (a part sent again after a failure) are already hashed.
 */
export class OrderedHash {
  private front = 0;
  private readonly held = new Map<number, { bytes: Buffer; block: Block | null }>();
  private readonly notRead: { start: number; end: number }[];
  private waiting: (() => void)[] = [];
  private dropped = false;
  private waitingForThread = false;

  constructor(
    private readonly hash: FileHash,
    private readonly localPath: string,
    private readonly size: number,
    private readonly window: number,
    notRead: readonly { start: number; end: number }[],
  ) {
    this.notRead = [...notRead].sort((a, b) => a.start - b.start);
    this.advance();
  }

  /** Resolves when a reader may read the bytes at `offset`. */
  async admit(offset: number): Promise<void> {
    for (;;) {
      if (this.dropped) return;
      if (offset <= this.front) return this.hash.drained(THREAD_BACKLOG);
      if (offset < this.front + this.window) return;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  /**
   * Bytes just read at `offset`, on their way to the store. A block held for later is held
   * in the pool too (`block.hold`) and released once the thread has its copy.
   */
  offer(offset: number, bytes: Buffer, block: Block | null = null): void {
    const end = offset + bytes.length;
    if (this.dropped || end <= this.front) return;
    if (offset > this.front) {
      block?.hold();
      this.held.get(offset)?.block?.release();
      this.held.set(offset, { bytes, block });
      return;
    }
    this.hash.update(offset === this.front ? bytes : bytes.subarray(this.front - offset));
    this.front = end;
    this.advance();
  }

  /** The file's hashes once every byte went through; fails if some never came. */
  async digest(): Promise<Awaited<ReturnType<FileHash['digest']>>> {
    // Held blocks go to the thread as it takes them: wait for the last of them.
    while (!this.dropped && this.front < this.size && this.waitingForThread)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    if (this.front !== this.size) {
      this.hash.drop();
      throw new Error(`hashed ${this.front} of ${this.size} bytes: a part never came through`);
    }
    const result = await this.hash.digest();
    if (result.bytesHashed !== this.size) throw new Error(`the hash thread saw ${result.bytesHashed} of ${this.size} bytes`);
    return result;
  }

  drop(): void {
    this.dropped = true;
    for (const { block } of this.held.values()) block?.release();
    this.held.clear();
    this.hash.drop();
    this.wake();
  }

  private advance(): void {
    for (;;) {
      const gap = this.notRead[0];
      if (gap && gap.start <= this.front) {
        this.notRead.shift();
        if (gap.end > this.front) {
          this.hash.readFromDisk(this.localPath, this.front, gap.end);
          this.front = gap.end;
        }
        continue;
      }
      // Held blocks are copied to the thread only as it keeps up, so they are not held twice.
      if (this.hash.pending >= THREAD_BACKLOG) {
        this.whenThreadCatchesUp();
        break;
      }
      const at = this.held.has(this.front) ? this.front : this.straddling();
      if (at === null) break;
      const next = this.held.get(at)!;
      this.held.delete(at);
      // The thread's copy is made here (the ring, or the message): the block is free after it.
      this.hash.update(next.bytes.subarray(this.front - at));
      next.block?.release();
      this.front = at + next.bytes.length;
    }
    // Held bytes the front passed by another way (a part read again with other boundaries).
    for (const [offset, { bytes, block }] of this.held)
      if (offset + bytes.length <= this.front) {
        this.held.delete(offset);
        block?.release();
      }
    this.wake();
  }

  private whenThreadCatchesUp(): void {
    if (this.waitingForThread) return;
    this.waitingForThread = true;
    void this.hash.drained(THREAD_BACKLOG / 2).then(() => {
      this.waitingForThread = false;
      if (!this.dropped) this.advance();
    });
  }

  /** A held block that starts before the front and ends after it. */
  private straddling(): number | null {
    for (const [offset, { bytes }] of this.held) if (offset < this.front && offset + bytes.length > this.front) return offset;
    return null;
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}
