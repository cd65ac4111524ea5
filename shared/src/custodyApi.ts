import { z } from 'zod';
import { AssetIdSchema, FolderPathSchema } from './catalogApi';
import { NoBody, NoQuery, route } from './routeSpec';

/**
 * Chain of custody: at each hop a card's files pass (upload, the offload tool's own MHL, each
 * copy to an edit share) their hashes are recorded per asset, and the hop is written as an
 * ASC MHL v2 generation into the card folder's `ascmhl/` history in the media bucket.
 * SHA-256 stays in Rushes' records only: the ASC schema has no element for it.
 */

/** Where the bytes were when they were hashed. */
export const CUSTODY_HOPS = ['upload', 'offload', 'workstation'] as const;
export type CustodyHop = (typeof CUSTODY_HOPS)[number];

/**
 * `recorded`: hashed here, nothing earlier to compare with. `matched`/`mismatch`: compared
 * with an earlier hop. `unverifiable`: no hash format in common. `missing`: listed earlier,
 * not found at this hop.
 */
export const CUSTODY_STATES = ['recorded', 'matched', 'mismatch', 'unverifiable', 'missing'] as const;
export type CustodyState = (typeof CUSTODY_STATES)[number];

/** An asset's custody at a glance: the worst state of any hop, or `none` before any record. */
export type CustodySummary = 'none' | 'recorded' | 'matched' | 'mismatch';

const hex = (length: number, name: string) =>
  z
    .string()
    .transform((value) => value.toLowerCase())
    .pipe(z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`), { message: `${name} is ${length} hex digits` }));

export const CustodyHashesSchema = z
  .object({
    xxh64: hex(16, 'xxh64').optional(),
    md5: hex(32, 'md5').optional(),
    sha1: hex(40, 'sha1').optional(),
    sha256: hex(64, 'sha256').optional(),
  })
  .strict();
export type CustodyHashes = z.infer<typeof CustodyHashesSchema>;

export interface CustodyEntry {
  readonly assetId: string;
  /** The folder whose `ascmhl/` history holds the generation (`Show/Day/A002R2EC/`). */
  readonly rootPath: string;
  /** The file's path below rootPath, as the MHL lists it. */
  readonly path: string;
  readonly sequence: number;
  readonly manifestName: string;
  readonly hop: CustodyHop;
  readonly state: CustodyState;
  /** What this hop computed (or, for `offload`, what the offload tool listed). */
  readonly hashes: CustodyHashes;
  /** For a mismatch: the format and the value the earlier hop recorded. */
  readonly expected: { readonly format: string; readonly value: string } | null;
  /** Who or what made the hop: a user's email, a workstation's name, an offload tool. */
  readonly by: string;
  readonly detail: string | null;
  readonly at: string;
}

export const CustodyEntrySchema = z.object({
  assetId: z.string(),
  rootPath: z.string(),
  path: z.string(),
  sequence: z.number().int().positive(),
  manifestName: z.string(),
  hop: z.enum(CUSTODY_HOPS),
  state: z.enum(CUSTODY_STATES),
  hashes: CustodyHashesSchema,
  expected: z.object({ format: z.string(), value: z.string() }).nullable(),
  by: z.string(),
  detail: z.string().nullable(),
  at: z.string(),
}) satisfies z.ZodType<CustodyEntry>;

export const MAX_CUSTODY_FILES = 5000;

export const RecordUploadGenerationBodySchema = z
  .object({
    /** The folder the card was uploaded as; its `ascmhl/` gets the generation. */
    rootPath: FolderPathSchema.refine((path) => path !== '', { message: 'rootPath: the library root holds no MHL history' }),
    /** The uploading machine, for the generation's creatorinfo. */
    hostName: z.string().trim().min(1, { message: 'hostName is empty' }).max(253),
    toolVersion: z.string().trim().min(1).max(64),
    files: z
      .array(
        z
          .object({
            assetId: AssetIdSchema,
            path: z.string().min(1).max(1024),
            size: z.number().int().nonnegative(),
            /** The file's modification time on the card, milliseconds since 1970. */
            lastModified: z.number().int().nonnegative(),
            hashes: CustodyHashesSchema.refine((hashes) => hashes.xxh64 !== undefined, {
              message: 'an uploaded file needs its xxh64',
            }),
          })
          .strict(),
      )
      .min(1, { message: 'files: list at least one uploaded file' })
      .max(MAX_CUSTODY_FILES, { message: `files: at most ${MAX_CUSTODY_FILES} per generation` }),
  })
  .strict();
export type RecordUploadGenerationBody = z.input<typeof RecordUploadGenerationBodySchema>;

export const OffloadProblemSchema = z.object({
  path: z.string(),
  format: z.string(),
  expected: z.string(),
  actual: z.string(),
});
export type OffloadProblem = z.infer<typeof OffloadProblemSchema>;

export const OffloadCheckSchema = z.object({
  /** `none`: the card carried no MHL; `invalid`: it did, and it could not be read (see message). */
  status: z.enum(['none', 'matched', 'mismatch', 'invalid']),
  tool: z.string().nullable(),
  mismatches: z.array(OffloadProblemSchema),
  /** Files the offload MHL lists in no format we computed, or does not list. */
  unchecked: z.array(z.string()),
  message: z.string().nullable(),
});
export type OffloadCheck = z.infer<typeof OffloadCheckSchema>;

export const RecordedGenerationSchema = z.object({
  rootPath: z.string(),
  sequence: z.number().int().positive(),
  manifestName: z.string(),
  files: z.number().int().nonnegative(),
  offload: OffloadCheckSchema,
});
export type RecordedGeneration = z.infer<typeof RecordedGenerationSchema>;

export const AssetCustodySchema = z.object({
  assetId: z.string(),
  summary: z.enum(['none', 'recorded', 'matched', 'mismatch']),
  entries: z.array(CustodyEntrySchema),
});
export type AssetCustody = z.infer<typeof AssetCustodySchema>;

export const MhlHistorySchema = z.object({
  rootPath: z.string(),
  /** `ascmhl_chain.xml` and every generation, as the bucket holds them. */
  files: z.array(z.object({ name: z.string(), text: z.string() })),
});
export type MhlHistory = z.infer<typeof MhlHistorySchema>;

/** The worst state across an asset's hops: one mismatch anywhere is what a media manager must see. */
export function custodySummary(entries: readonly Pick<CustodyEntry, 'state'>[]): CustodySummary {
  if (entries.length === 0) return 'none';
  if (entries.some((entry) => entry.state === 'mismatch' || entry.state === 'missing')) return 'mismatch';
  return entries.some((entry) => entry.state === 'matched') ? 'matched' : 'recorded';
}

export const custodyRoutes = {
  recordUploadGeneration: route({
    method: 'POST',
    path: '/v1/custody/generations',
    auth: true,
    query: NoQuery,
    body: RecordUploadGenerationBodySchema,
    response: RecordedGenerationSchema,
  }),
  assetCustody: route({
    method: 'GET',
    path: '/v1/custody/asset',
    auth: true,
    query: z.object({ id: AssetIdSchema }).strict(),
    body: NoBody,
    response: AssetCustodySchema,
  }),
  mhlHistory: route({
    method: 'GET',
    path: '/v1/custody/history',
    auth: true,
    query: z.object({ rootPath: FolderPathSchema }).strict(),
    body: NoBody,
    response: MhlHistorySchema,
  }),
} as const;
