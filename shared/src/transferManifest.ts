/**
 * The manifest of an S3 ↔ edit-share transfer and the result the workstation writes back.
 *
 * The SSM command carries two parameters only: the manifest's S3 URI and the job id. Every
 * file name travels inside the manifest, never in a command. The workstation scripts
 * (POSIX shell with the aws CLI, PowerShell with AWS Tools) must read it without a JSON
 * library, so the writer below lays it out as one field per line in the header and one
 * entry per line, machine fields first and names base64-encoded (`keyB64`, `pathB64`): a
 * script reads them with an anchored pattern and decodes the exact bytes, whatever the name
 * holds (quotes, `$(…)`, backticks, newlines escaped in JSON, unicode). The plain `key` and
 * `path` after them are for people reading the file. It is still ordinary JSON.
 */
import { z } from 'zod';
import { validateKey } from './names';

export const TRANSFER_MANIFEST_VERSION = 1;

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) < 0x20 || text.charCodeAt(i) === 0x7f) return true;
  return false;
}
export const TransferOperationSchema = z.enum(['copy', 'remove']);
export type TransferOperation = z.infer<typeof TransferOperationSchema>;

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 is 64 lower-case hex digits');
const Xxh64Hex = z.string().regex(/^[0-9a-f]{16}$/, 'an xxh64 is 16 lower-case hex digits');
export const TransferJobIdSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'a job id is 8 to 64 letters, digits or hyphens');

/**
 * A path below the share root, `/`-separated: no empty, `.` or `..` segment, not absolute.
 * The scripts check the same again before they write.
 */
export const ShareRelativePathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((path) => !path.startsWith('/') && path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..'), {
    message: 'must be a relative path without empty, "." or ".." segments',
  })
  .refine((path) => !hasControlCharacter(path) && !path.includes('\\'), { message: 'must not contain control characters or backslashes' });

export const TransferEntrySchema = z
  .object({
    /** The object in the media bucket. */
    key: z.string().refine((key) => validateKey(key).ok, { message: 'is not a valid object key' }),
    /** Where it goes below the share root (the key's folders kept, never flattened). */
    path: ShareRelativePathSchema,
    size: z.number().int().nonnegative(),
    sha256: Sha256Hex,
    /**
     * The xxh64 the upload recorded for the chain of custody, when there is one: the
     * workstation then verifies with it (every byte, at a fraction of SHA-256's CPU) and
     * falls back to the SHA-256 only where it has no xxh64.
     */
    xxh64: Xxh64Hex.optional(),
  })
  .strict();
export type TransferEntry = z.infer<typeof TransferEntrySchema>;

export const TransferManifestSchema = z
  .object({
    version: z.literal(TRANSFER_MANIFEST_VERSION),
    jobId: TransferJobIdSchema,
    operation: TransferOperationSchema,
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'is not an S3 bucket name'),
    /** The workstation's share root: `/mnt/fsx/media` or `D:\Media`. */
    shareRoot: z
      .string()
      .min(1)
      .max(1024)
      .refine((root) => !hasControlCharacter(root), { message: 'must not contain control characters' }),
    entries: z.array(TransferEntrySchema).min(1).max(10_000),
  })
  .strict();
export type TransferManifest = z.infer<typeof TransferManifestSchema>;

// shared has neither DOM nor Node types; both runtimes have these.
declare const TextEncoder: new () => { encode(input: string): Uint8Array };
declare const TextDecoder: new (label: string, options: { fatal: boolean }) => { decode(input: Uint8Array): string };
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** UTF-8 bytes as standard base64 with padding (what `base64 -d` and [Convert]::FromBase64String read). */
export function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, bytes[i + 1], bytes[i + 2]];
    out += ALPHABET[a >> 2]! + ALPHABET[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    out += b === undefined ? '=' : ALPHABET[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    out += c === undefined ? '=' : ALPHABET[c & 63]!;
  }
  return out;
}

function fromBase64Utf8(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i += 4) {
    const [a, b, c, d] = [...value.slice(i, i + 4)].map((char) => (char === '=' ? -1 : ALPHABET.indexOf(char))) as [
      number,
      number,
      number,
      number,
    ];
    bytes.push((a << 2) | (b >> 4));
    if (c >= 0) bytes.push(((b & 15) << 4) | (c >> 2));
    if (d >= 0) bytes.push(((c & 3) << 6) | d);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}

/** The manifest as the scripts expect to read it (see the top of this file). */
export function writeTransferManifest(input: TransferManifest): string {
  const manifest = TransferManifestSchema.parse(input);
  const lines = [
    '{"version":1,',
    `"jobId":"${manifest.jobId}",`,
    `"operation":"${manifest.operation}",`,
    `"bucket":"${manifest.bucket}",`,
    `"shareRootB64":"${base64Utf8(manifest.shareRoot)}",`,
    `"shareRoot":${JSON.stringify(manifest.shareRoot)},`,
    '"entries":[',
    ...manifest.entries.map(
      (entry, index) =>
        // xxh64 after the names' base64, so a script's anchored pattern of the fields before it still reads the line.
        `{"index":${index},"size":${entry.size},"sha256":"${entry.sha256}","keyB64":"${base64Utf8(entry.key)}","pathB64":"${base64Utf8(entry.path)}",` +
        (entry.xxh64 ? `"xxh64":"${entry.xxh64}",` : '') +
        `"key":${JSON.stringify(entry.key)},"path":${JSON.stringify(entry.path)}}${index < manifest.entries.length - 1 ? ',' : ''}`,
    ),
    ']}',
  ];
  return `${lines.join('\n')}\n`;
}

/** Reads a manifest back (the local executor, and tests): the base64 fields must agree with the plain ones. */
export function readTransferManifest(text: string): TransferManifest {
  const raw = JSON.parse(text) as Record<string, unknown> & { entries?: Record<string, unknown>[]; shareRootB64?: unknown };
  const decode = fromBase64Utf8;
  if (decode(raw.shareRootB64) !== raw['shareRoot']) throw new Error("The manifest's shareRootB64 does not match shareRoot");
  const entries = (raw.entries ?? []).map((entry, index) => {
    if (entry['index'] !== index) throw new Error(`Manifest entry ${index} has index ${String(entry['index'])}`);
    if (decode(entry['keyB64']) !== entry['key'] || decode(entry['pathB64']) !== entry['path'])
      throw new Error(`Manifest entry ${index}'s base64 fields do not match its names`);
    return {
      key: entry['key'],
      path: entry['path'],
      size: entry['size'],
      sha256: entry['sha256'],
      ...(entry['xxh64'] === undefined ? {} : { xxh64: entry['xxh64'] }),
    };
  });
  return TransferManifestSchema.parse({
    version: raw['version'],
    jobId: raw['jobId'],
    operation: raw['operation'],
    bucket: raw['bucket'],
    shareRoot: raw['shareRoot'],
    entries,
  });
}

/**
 * What happened to each file. `copied`: written and verified. `present`: the same bytes
 * were already there. `removed`: deleted, its checksum still matched. `absent`: nothing to
 * remove. `changed`: the file on the share is not what was sent (edited or replaced), so it
 * was left alone. `failed`: see `error`, a fixed phrase without file names.
 */
export const TransferFileStatusSchema = z.enum(['copied', 'present', 'removed', 'absent', 'changed', 'failed']);
export type TransferFileStatus = z.infer<typeof TransferFileStatusSchema>;

export const TransferResultSchema = z
  .object({
    version: z.literal(TRANSFER_MANIFEST_VERSION),
    jobId: TransferJobIdSchema,
    /** Set when the job could not start at all (no share, unreadable manifest); then every entry failed. */
    error: z.string().nullable(),
    entries: z.array(
      z
        .object({
          index: z.number().int().nonnegative(),
          status: TransferFileStatusSchema,
          bytes: z.number().int().nonnegative().nullable(),
          sha256: Sha256Hex.nullable(),
          /** xxh64 of the bytes that landed, when the manifest gave one to verify with (then sha256 and md5 are null). */
          xxh64: Xxh64Hex.nullable().optional(),
          /** MD5 of the bytes that landed, read in the same pass as the SHA-256, for the MHL generation; absent from older scripts. */
          md5: z
            .string()
            .regex(/^[0-9a-f]{32}$/, { message: 'md5 is 32 lower-case hex digits' })
            .nullable()
            .optional(),
          error: z.string().nullable(),
        })
        .strict(),
    ),
  })
  .strict();
export type TransferResult = z.infer<typeof TransferResultSchema>;
