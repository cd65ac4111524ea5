import { z } from 'zod';
import { AssetIdSchema, AssetViewSchema, FolderPathSchema } from './catalogApi';
import { NoQuery, route } from './routeSpec';

/**
 * Upload sessions: the desktop asks where each file may go before it sends a byte,
 * gets scoped write credentials for exactly those keys, sends the bytes straight to S3 (or
 * the local stand-in), then records the checksum. Relative paths are checked here as plain
 * strings, not refused by the schema, so one bad name is refused with its rule and the rest
 * of a camera card still goes.
 */

/** S3's largest object (5 TiB). */
export const MAX_UPLOAD_BYTES = 5 * 1024 ** 4;
/** Files per plan or session request; the desktop sends larger selections in batches. */
export const MAX_UPLOAD_FILES = 1_000;

const IsoTime = z.string();
const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, { message: 'a SHA-256 is 64 lower-case hexadecimal digits' });

export const UploadFileSchema = z
  .object({
    /** Where the file goes below the destination folder, `/`-separated: `CLIP001.MOV` or `A001/CLIP001.MOV`. */
    relativePath: z.string().min(1).max(4096),
    size: z.number().int().min(0),
    /** Milliseconds since 1970, from the file system. */
    lastModified: z.number().int().min(0),
  })
  .strict();
export type UploadFile = z.infer<typeof UploadFileSchema>;

export const ConflictChoiceSchema = z.enum(['keepBoth', 'replace', 'skip']);
export type ConflictChoice = z.infer<typeof ConflictChoiceSchema>;

const Files = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .min(1, { message: 'name at least one file' })
    .max(MAX_UPLOAD_FILES, { message: `at most ${MAX_UPLOAD_FILES} files per request` });

/**
 * Why a file cannot go where asked: a rule of names.ts (`too-long`, `windows-character`,
 * `dot-name`, …) or one of these.
 */
export const UploadRefusalRuleSchema = z.string();

const ExistingAssetSchema = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number(),
  modifiedAt: IsoTime,
  status: z.string(),
  trashed: z.boolean(),
});

const Refused = z.object({ relativePath: z.string(), outcome: z.literal('refused'), rule: UploadRefusalRuleSchema, message: z.string() });
const Conflict = z.object({
  relativePath: z.string(),
  outcome: z.literal('conflict'),
  key: z.string(),
  existing: ExistingAssetSchema,
  /** The key "keep both" would use now, e.g. `Day 1/clip (2).mov`. */
  keepBothKey: z.string(),
});

export const PlanUploadBodySchema = z.object({ folderPath: FolderPathSchema, files: Files(UploadFileSchema) }).strict();
export const PlannedFileSchema = z.discriminatedUnion('outcome', [
  z.object({ relativePath: z.string(), outcome: z.literal('new'), key: z.string() }),
  Conflict,
  Refused,
]);
export type PlannedFile = z.infer<typeof PlannedFileSchema>;
export const PlanUploadResponseSchema = z.object({ files: z.array(PlannedFileSchema) });
export type PlanUploadResponse = z.infer<typeof PlanUploadResponseSchema>;

export const SessionFileSchema = UploadFileSchema.extend({
  /** What to do if the name is taken; without it a taken name comes back as a `conflict`. */
  onConflict: ConflictChoiceSchema.optional(),
}).strict();

export const CreateUploadSessionBodySchema = z.object({ folderPath: FolderPathSchema, files: Files(SessionFileSchema) }).strict();
export const SessionFileResultSchema = z.discriminatedUnion('outcome', [
  z.object({
    relativePath: z.string(),
    outcome: z.literal('accepted'),
    key: z.string(),
    /** The catalog record, `uploading` until completed (or the record being replaced). */
    assetId: z.string(),
    replaces: z.boolean(),
  }),
  z.object({ relativePath: z.string(), outcome: z.literal('skipped'), key: z.string() }),
  Conflict,
  Refused,
]);
export type SessionFileResult = z.infer<typeof SessionFileResultSchema>;
export const CreateUploadSessionResponseSchema = z.object({ files: z.array(SessionFileResultSchema) });
export type CreateUploadSessionResponse = z.infer<typeof CreateUploadSessionResponseSchema>;

const ObjectKeys = z
  .array(z.string().min(1).max(1024))
  .min(1, { message: 'name at least one key' })
  .max(MAX_UPLOAD_FILES, { message: `at most ${MAX_UPLOAD_FILES} keys per request` });

export const UploadCredentialsBodySchema = z.object({ keys: ObjectKeys }).strict();

/** Where the bytes go: the media bucket, on AWS or at a local or S3-compatible endpoint. */
export const UploadTargetSchema = z.object({
  /** null for Amazon S3 itself; the address of the stand-in or store otherwise. */
  endpoint: z.string().nullable(),
  region: z.string(),
  bucket: z.string(),
  forcePathStyle: z.boolean(),
});
export type UploadTarget = z.infer<typeof UploadTargetSchema>;

export const UploadGrantSchema = z.object({
  /** The keys these credentials may write, and nothing else (cloud: an STS session policy). */
  keys: z.array(z.string()),
  credentials: z.object({ accessKeyId: z.string(), secretAccessKey: z.string(), sessionToken: z.string().nullable() }),
  expiresAt: IsoTime,
  /** `sts`: scoped temporary credentials; `local`: the local stand-in's own key, which it does not scope. */
  kind: z.enum(['sts', 'local']),
});
export type UploadGrant = z.infer<typeof UploadGrantSchema>;

export const UploadCredentialsResponseSchema = z.object({ target: UploadTargetSchema, grants: z.array(UploadGrantSchema) });
export type UploadCredentialsResponse = z.infer<typeof UploadCredentialsResponseSchema>;

export const CompleteUploadBodySchema = z
  .object({
    key: z.string().min(1).max(1024),
    size: z.number().int().min(0).max(MAX_UPLOAD_BYTES),
    checksum: z.object({ algorithm: z.literal('sha256'), value: Sha256Hex }).strict(),
  })
  .strict();

export const CancelUploadsBodySchema = z.object({ keys: ObjectKeys }).strict();
export const CancelUploadsResponseSchema = z.object({ removed: z.array(AssetIdSchema) });

/** The upload-session routes. */
export const uploadRoutes = {
  planUpload: route({
    method: 'POST',
    path: '/v1/uploads/plan',
    auth: true,
    query: NoQuery,
    body: PlanUploadBodySchema,
    response: PlanUploadResponseSchema,
  }),
  createUploadSession: route({
    method: 'POST',
    path: '/v1/uploads/sessions',
    auth: true,
    query: NoQuery,
    body: CreateUploadSessionBodySchema,
    response: CreateUploadSessionResponseSchema,
  }),
  uploadCredentials: route({
    method: 'POST',
    path: '/v1/uploads/credentials',
    auth: true,
    query: NoQuery,
    body: UploadCredentialsBodySchema,
    response: UploadCredentialsResponseSchema,
  }),
  completeUpload: route({
    method: 'POST',
    path: '/v1/uploads/complete',
    auth: true,
    query: NoQuery,
    body: CompleteUploadBodySchema,
    response: AssetViewSchema,
  }),
  cancelUploads: route({
    method: 'POST',
    path: '/v1/uploads/cancel',
    auth: true,
    query: NoQuery,
    body: CancelUploadsBodySchema,
    response: CancelUploadsResponseSchema,
  }),
} as const;
