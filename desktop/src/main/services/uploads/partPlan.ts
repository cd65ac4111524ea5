/**
 * How a file is cut into multipart-upload parts. S3 allows at most 10,000 parts of 5 MiB to
 * 5 GiB (the last may be smaller) and objects up to 5 TiB. Parts are streamed from disk, so
 * their size costs no memory of its own: it is chosen for throughput (fewer, larger
 * requests), for what the file's hash may hold while parts arrive out of order (the parts in
 * flight), and for what a crash can lose.
 */
export const MIB = 1024 * 1024;
export const MAX_PARTS = 10_000;
export const MIN_PART_SIZE = 5 * MIB;
export const MAX_PART_SIZE = 5 * 1024 * MIB;
export const MAX_OBJECT_SIZE = 5 * 1024 * 1024 * MIB;
/**
 * Default smallest part: 8 MiB (8 MiB × 10,000 = 78 GiB before parts must grow). Six parts in
 * flight then fit the 48 MiB hash window (fileUpload.ts), which is most of the upload's
 * memory, so no part waits for the one before it, and a crash loses less; s3rver and S3 take
 * 8 MiB requests at full speed (the aws CLI's own part size).
 */
export const DEFAULT_PART_SIZE = 8 * MIB;

/** The part size for a file: `preferred`, or larger (in whole MiB) when 10,000 parts would not hold it. */
export function partSizeFor(size: number, preferred = DEFAULT_PART_SIZE): number {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`Not a file size: ${size}`);
  if (size > MAX_OBJECT_SIZE) throw new RangeError(`${size} bytes is more than S3's 5 TiB object limit`);
  const floor = Math.min(Math.max(preferred, MIN_PART_SIZE), MAX_PART_SIZE);
  const needed = Math.ceil(Math.ceil(size / MAX_PARTS) / MIB) * MIB;
  return Math.max(floor, needed);
}

export function partCount(size: number, partSize: number): number {
  return Math.max(1, Math.ceil(size / partSize));
}

/** Byte range of part `number` (1-based), end exclusive. */
export function partRange(size: number, partSize: number, number: number): { start: number; end: number } {
  const start = (number - 1) * partSize;
  return { start, end: Math.min(start + partSize, size) };
}
