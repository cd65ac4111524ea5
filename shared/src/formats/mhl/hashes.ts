/**
 * Hashes of media files, computed in one pass over the bytes: xxh64 (what offload tools write
 * into ASC MHL) with xxhash-wasm, and MD5/SHA-1/SHA-256/SHA-512 from the platform's
 * incremental digests, passed in, because `shared/` cannot import `node:crypto` and Web
 * Crypto has no incremental digest. Node's `createHash` fits `DigestFactory` as it is.
 *
 * ASC MHL has no SHA-256 element: SHA-256 is for Rushes' own transfer manifests; MHL files
 * get xxh64 (and c4, md5 or sha1 if asked).
 */
import xxhash from 'xxhash-wasm';
import { FormatError } from '../formatError';

/** Hash formats the ASC MHL v2 schema allows, in the order its sequence requires. */
export const MHL_HASH_FORMATS = ['c4', 'md5', 'sha1', 'xxh128', 'xxh3', 'xxh64'] as const;
export type MhlHashFormat = (typeof MHL_HASH_FORMATS)[number];

/** What this module can compute. xxh3/xxh128 can be read and compared, not computed. */
export type HashAlgorithm = 'xxh64' | 'md5' | 'sha1' | 'sha256' | 'c4';
export type DigestAlgorithm = 'md5' | 'sha1' | 'sha256' | 'sha512';

export interface IncrementalDigest {
  update(data: Uint8Array): unknown;
  digest(): Uint8Array;
}
export type DigestFactory = (algorithm: DigestAlgorithm) => IncrementalDigest;

export type HashValues = Partial<Record<HashAlgorithm, string>>;

export interface StreamHasher {
  update(bytes: Uint8Array): void;
  /** Lower-case hex for each algorithm (c4 as a C4 id); ends the hasher. */
  digest(): HashValues;
  readonly bytesHashed: number;
}

const HEX_LENGTH: Record<Exclude<MhlHashFormat, 'c4'>, number> = { md5: 32, sha1: 40, xxh128: 32, xxh3: 16, xxh64: 16 };
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const C4_PATTERN = /^c4[1-9A-HJ-NP-Za-km-z]{88}$/;

/** Whether a value is written the way the format writes it: lower-case hex of the right length, or a C4 id. */
export function isHashValue(format: MhlHashFormat, value: string): boolean {
  return format === 'c4' ? C4_PATTERN.test(value) : new RegExp(`^[0-9a-f]{${HEX_LENGTH[format]}}$`).test(value);
}

const toHex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

/** The C4 id of a SHA-512 digest: `c4` then the digest as a base-58 number, left-padded with `1` to 90 characters. */
export function c4FromSha512(digest: Uint8Array): string {
  if (digest.length !== 64) throw new Error(`a SHA-512 digest is 64 bytes, not ${digest.length}`);
  let value = BigInt(`0x${toHex(digest)}`);
  let text = '';
  while (value > 0n) {
    text = BASE58[Number(value % 58n)]! + text;
    value /= 58n;
  }
  return `c4${text.padStart(88, '1')}`;
}

let xxhashApi: ReturnType<typeof xxhash> | null = null;

/** The WebAssembly module is compiled once; a failed load is not remembered, so the next call tries again. */
function loadXxhash(): ReturnType<typeof xxhash> {
  if (!xxhashApi) {
    const loading = xxhash();
    loading.catch(() => {
      if (xxhashApi === loading) xxhashApi = null;
    });
    xxhashApi = loading;
  }
  return xxhashApi;
}

export async function createHasher(algorithms: readonly HashAlgorithm[], digests?: DigestFactory): Promise<StreamHasher> {
  if (algorithms.length === 0) throw new Error('createHasher needs at least one algorithm');
  const wanted = [...new Set(algorithms)];
  const needsDigest = wanted.filter((algorithm) => algorithm !== 'xxh64');
  if (needsDigest.length > 0 && !digests) throw new Error(`${needsDigest.join(', ')} need a DigestFactory (node:crypto createHash)`);
  const xxh64 = wanted.includes('xxh64') ? (await loadXxhash()).create64() : null;
  const streams = needsDigest.map((algorithm) => ({ algorithm, digest: digests!(algorithm === 'c4' ? 'sha512' : algorithm) }));
  let bytesHashed = 0;
  let done = false;
  return {
    update(bytes) {
      if (done) throw new Error('this hasher has already given its digest');
      xxh64?.update(bytes);
      for (const stream of streams) stream.digest.update(bytes);
      bytesHashed += bytes.length;
    },
    digest() {
      if (done) throw new Error('this hasher has already given its digest');
      done = true;
      const values: HashValues = {};
      if (xxh64) values.xxh64 = xxh64.digest().toString(16).padStart(16, '0');
      for (const { algorithm, digest } of streams) {
        const raw = digest.digest();
        values[algorithm] = algorithm === 'c4' ? c4FromSha512(raw) : toHex(raw);
      }
      return values;
    },
    get bytesHashed() {
      return bytesHashed;
    },
  };
}

/** Hashes a file's bytes as they stream past (a Node read stream or a web ReadableStream is such an iterable). */
export async function hashFile(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  algorithms: readonly HashAlgorithm[],
  digests?: DigestFactory,
): Promise<{ size: number; hashes: HashValues }> {
  const hasher = await createHasher(algorithms, digests);
  for await (const chunk of chunks) hasher.update(chunk);
  const size = hasher.bytesHashed;
  return { size, hashes: hasher.digest() };
}

/** The C4 id of a text's UTF-8 bytes: how an MHL chain names each generation file. */
export function c4OfText(text: string, digests: DigestFactory): string {
  const digest = digests('sha512');
  digest.update(utf8(text));
  return c4FromSha512(digest.digest());
}

declare const TextEncoder: new () => { encode(input: string): Uint8Array };
const utf8 = (text: string) => new TextEncoder().encode(text);

export function mhlHashError(kind: 'mhl' | 'mhl-chain', where: string, format: MhlHashFormat, value: string): FormatError {
  const expected = format === 'c4' ? 'a C4 id (c4 + 88 base-58 characters)' : `${HEX_LENGTH[format]} lower-case hex digits`;
  return new FormatError(kind, where, `${format} “${value}” is not ${expected}`);
}
