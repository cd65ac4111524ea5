/**
 * Read buffers of one size, used again once released. Every block an upload reads used to
 * be a fresh 1 MiB buffer that lived on after it was sent until V8 collected it, and over a
 * card that garbage was a large share of the upload's peak memory: a block released here
 * goes back to work at once. A block is released only when nothing can still read it: the
 * socket has taken it (partStream.ts) and the file's hash no longer holds it (orderedHash.ts).
 */
export class BlockPool {
  private readonly free: Buffer[] = [];

  /**
   * @param blockSize bytes of every block
   * @param keep free blocks kept for later; beyond that a released block is left to the
   *   garbage collector, so a burst does not hold memory for good
   */
  constructor(
    readonly blockSize: number,
    private readonly keep: number,
  ) {
    if (!Number.isSafeInteger(blockSize) || blockSize <= 0)
      throw new RangeError(`blockSize must be a positive whole number, not ${blockSize}`);
    if (!Number.isSafeInteger(keep) || keep < 0) throw new RangeError(`keep must be a whole number, not ${keep}`);
  }

  /** A block whose bytes are whatever it held before. */
  take(): Block {
    return new Block(this.free.pop() ?? Buffer.allocUnsafeSlow(this.blockSize), (buffer) => {
      if (this.free.length < this.keep) this.free.push(buffer);
    });
  }

  /** Lets every free block go (nothing is uploading). */
  trim(): void {
    this.free.length = 0;
  }

  /** Free blocks waiting to be taken again. */
  get idle(): number {
    return this.free.length;
  }
}

/** One block in use, counted by holder: back to its pool when the last holder lets go. */
export class Block {
  private holders = 1;

  constructor(
    readonly buffer: Buffer,
    private readonly giveBack: (buffer: Buffer) => void,
  ) {}

  /** One more holder (the file's hash keeping the block until its turn). */
  hold(): void {
    if (this.holders <= 0) throw new Error('a released block cannot be held again');
    this.holders += 1;
  }

  release(): void {
    if (this.holders <= 0) return;
    this.holders -= 1;
    if (this.holders === 0) this.giveBack(this.buffer);
  }
}
