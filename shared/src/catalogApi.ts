import { z } from 'zod';
import { validateFolderPath, validateName } from './names';
import { AssetReviewSchema } from './review';
import { NoBody, NoQuery, route } from './routeSpec';

/**
 * Zod schemas for the browse-and-organise routes. Names and paths are checked by
 * the same rules as everywhere (names.ts), so a bad one is refused with the rule's message.
 */

/** A folder path (`Show/Day/`), or `` for the root; normalised to NFC. */
export const FolderPathSchema = z.string().transform((value, ctx) => {
  const checked = validateFolderPath(value);
  if (!checked.ok) {
    ctx.addIssue({ code: 'custom', message: checked.message });
    return z.NEVER;
  }
  return checked.value;
});

/** One file or folder name; normalised to NFC. */
export const NameSchema = z.string().transform((value, ctx) => {
  const checked = validateName(value);
  if (!checked.ok) {
    ctx.addIssue({ code: 'custom', message: checked.message });
    return z.NEVER;
  }
  return checked.value;
});

export const AssetIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { message: 'not an asset id' });
const AssetIds = z.array(AssetIdSchema).min(1).max(500);
const FolderPaths = z.array(FolderPathSchema).max(100);

const IsoTime = z.string();
const Fraction = z.object({ num: z.number().int(), den: z.number().int().positive() });

export const TechnicalMetadataSchema = z.object({
  container: z.string().nullable(),
  videoCodec: z.string().nullable(),
  videoProfile: z.string().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  frameRate: Fraction.nullable(),
  durationSeconds: z.number().nullable(),
  startTimecode: z.string().nullable(),
  audioCodec: z.string().nullable(),
  audioChannels: z.number().nullable(),
  audioSampleRate: z.number().nullable(),
  bitDepth: z.number().nullable(),
  colourPrimaries: z.string().nullable(),
  colourTransfer: z.string().nullable(),
  colourMatrix: z.string().nullable(),
  chromaSubsampling: z.string().nullable(),
  pixelAspectRatio: Fraction.nullable(),
  rotation: z.number().nullable(),
  videoTracks: z.number().int().nullable(),
  audioTracks: z.number().int().nullable(),
});

const ProductionSchema = z.object({
  reel: z.string().optional(),
  camera: z.string().optional(),
  lens: z.string().optional(),
  iso: z.string().optional(),
  shutter: z.string().optional(),
  whiteBalance: z.string().optional(),
  scene: z.string().optional(),
  take: z.string().optional(),
  circled: z.boolean().optional(),
  soundNotes: z.string().optional(),
  trackNames: z.array(z.string()).readonly().optional(),
  problem: z.string().optional(),
  soundTimecode: z
    .object({
      samplesSinceMidnight: z.string().regex(/^\d{1,20}$/),
      sampleRate: z.number().int().positive(),
      rate: Fraction.optional(),
      dropFrame: z.boolean().optional(),
    })
    .optional(),
});

const TrashSchema = z.object({ trashedAt: IsoTime, trashedBy: z.string() }).nullable();

export const AssetViewSchema = z.object({
  id: z.string(),
  key: z.string(),
  folderPath: z.string(),
  name: z.string(),
  size: z.number(),
  checksum: z.object({ algorithm: z.string(), value: z.string() }).nullable(),
  kind: z.enum(['video', 'audio', 'image', 'raw', 'sidecar', 'other']),
  status: z.enum(['uploading', 'processing', 'ready', 'failed']),
  failureReason: z.string().nullable(),
  locations: z.record(z.string(), z.enum(['S3', 'S3_FSX'])),
  technical: TechnicalMetadataSchema.nullable(),
  /** Whether each derivative exists; the desktop asks for URLs separately. */
  derived: z.object({
    proxy: z.boolean(),
    thumbnail: z.boolean(),
    filmstrip: z.boolean(),
    waveform: z.boolean(),
    preview: z.boolean(),
  }),
  createdBy: z.string(),
  createdAt: IsoTime,
  modifiedAt: IsoTime,
  version: z.number().int(),
  trash: TrashSchema,
  /** Tags and notes; empty when none. */
  tags: z.array(z.string()),
  notes: z.string(),
  /** The take's marks and note counts; NO_REVIEW while nobody has marked or noted it. */
  review: AssetReviewSchema,
  /** Camera and sound report fields (Asset.production); absent when the file carries none. */
  production: ProductionSchema.optional(),
  /** Whether a proxy through the folder's look exists beside the as-shot one. */
  hasLook: z.boolean().optional(),
  /** Present when a hop's hashes disagreed with an earlier one's: the library shows a badge. */
  custody: z.literal('mismatch').optional(),
});
export type AssetView = z.infer<typeof AssetViewSchema>;

export const FolderViewSchema = z.object({
  path: z.string(),
  name: z.string(),
  /** Shown to admins only; others get null. */
  aclGroups: z.array(z.string()).nullable(),
  createdBy: z.string(),
  createdAt: IsoTime,
  modifiedAt: IsoTime,
  /** What the caller may do here, so the UI can offer only what the server will allow. */
  canWrite: z.boolean(),
  trash: TrashSchema,
});
export type FolderView = z.infer<typeof FolderViewSchema>;

export const SortSchema = z.enum(['name', 'created', 'modified', 'size', 'type']);
export type SortField = z.infer<typeof SortSchema>;

export const ListChildrenQuerySchema = z
  .object({
    path: FolderPathSchema.default(''),
    sort: SortSchema.default('name'),
    direction: z.enum(['asc', 'desc']).default('asc'),
    limit: z.coerce.number().int().min(1).max(500).default(500),
    cursor: z.string().max(2048).optional(),
  })
  .strict();

export const ListChildrenResponseSchema = z.object({
  /** The folder listed; null for the root. */
  folder: FolderViewSchema.nullable(),
  /** Sub-folders, first page only (cursor absent), by name: folders come first. */
  folders: z.array(FolderViewSchema),
  assets: z.array(AssetViewSchema),
  nextCursor: z.string().nullable(),
});
export type ListChildrenResponse = z.infer<typeof ListChildrenResponseSchema>;

export const CreateFolderBodySchema = z.object({ parentPath: FolderPathSchema, name: NameSchema }).strict();
export const RenameFolderBodySchema = z.object({ path: FolderPathSchema, newName: NameSchema }).strict();
export const MoveFolderBodySchema = z.object({ path: FolderPathSchema, toParentPath: FolderPathSchema }).strict();
export const RenameAssetBodySchema = z.object({ id: AssetIdSchema, newName: NameSchema, version: z.number().int().positive() }).strict();
export const MoveAssetsBodySchema = z.object({ ids: AssetIds, toFolderPath: FolderPathSchema }).strict();
export const TrashBodySchema = z
  .object({ assetIds: z.array(AssetIdSchema).max(500).default([]), folderPaths: FolderPaths.default([]) })
  .strict()
  .refine((body) => body.assetIds.length + body.folderPaths.length > 0, { message: 'name at least one asset or folder' });

export const OperationResultSchema = z.object({
  /** What was done, per item, so the UI can report partial success and offer undo. */
  done: z.array(z.object({ target: z.string(), from: z.string().optional(), to: z.string().optional() })),
  failed: z.array(z.object({ target: z.string(), code: z.string(), message: z.string() })),
});
export type OperationResult = z.infer<typeof OperationResultSchema>;

export const AssetDetailQuerySchema = z.object({ id: AssetIdSchema }).strict();

/** Up to 500 ids → the assets the caller may read; unreadable, trashed or missing ones are simply absent. */
export const AssetBatchBodySchema = z.object({ ids: AssetIds }).strict();
export const AssetBatchResponseSchema = z.object({ assets: z.array(AssetViewSchema) });

export const DownloadUrlsBodySchema = z.object({ ids: AssetIds }).strict();
export const DownloadUrlsResponseSchema = z.object({
  urls: z.array(z.object({ id: z.string(), name: z.string(), size: z.number(), url: z.string(), expiresAt: IsoTime })),
});

export const ChangesQuerySchema = z
  .object({
    /** Omit to learn only where the feed is now (`latest`), without replaying history. */
    since: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(500),
  })
  .strict();
export const ChangesResponseSchema = z.object({
  /** Only changes in folders the caller may read. */
  changes: z.array(
    z.object({
      seq: z.number().int(),
      kind: z.enum(['folder.put', 'folder.removed', 'asset.put', 'asset.removed']),
      folderPath: z.string(),
      target: z.string(),
      at: IsoTime,
    }),
  ),
  /** Pass as `since` next time; covers changes filtered out too. */
  latest: z.number().int(),
});

export const TrashListQuerySchema = z
  .object({ cursor: z.string().max(2048).optional(), limit: z.coerce.number().int().min(1).max(500).default(200) })
  .strict();
export const TrashListResponseSchema = z.object({
  folders: z.array(FolderViewSchema),
  assets: z.array(AssetViewSchema),
  nextCursor: z.string().nullable(),
});

/** The browse-and-organise routes. */
export const libraryRoutes = {
  listChildren: route({
    method: 'GET',
    path: '/v1/folders/children',
    auth: true,
    query: ListChildrenQuerySchema,
    body: NoBody,
    response: ListChildrenResponseSchema,
  }),
  createFolder: route({
    method: 'POST',
    path: '/v1/folders',
    auth: true,
    query: NoQuery,
    body: CreateFolderBodySchema,
    response: FolderViewSchema,
  }),
  renameFolder: route({
    method: 'POST',
    path: '/v1/folders/rename',
    auth: true,
    query: NoQuery,
    body: RenameFolderBodySchema,
    response: OperationResultSchema,
  }),
  moveFolder: route({
    method: 'POST',
    path: '/v1/folders/move',
    auth: true,
    query: NoQuery,
    body: MoveFolderBodySchema,
    response: OperationResultSchema,
  }),
  assetDetail: route({
    method: 'GET',
    path: '/v1/assets/detail',
    auth: true,
    query: AssetDetailQuerySchema,
    body: NoBody,
    response: AssetViewSchema,
  }),
  assetBatch: route({
    method: 'POST',
    path: '/v1/assets/batch',
    auth: true,
    query: NoQuery,
    body: AssetBatchBodySchema,
    response: AssetBatchResponseSchema,
  }),
  renameAsset: route({
    method: 'POST',
    path: '/v1/assets/rename',
    auth: true,
    query: NoQuery,
    body: RenameAssetBodySchema,
    response: OperationResultSchema,
  }),
  moveAssets: route({
    method: 'POST',
    path: '/v1/assets/move',
    auth: true,
    query: NoQuery,
    body: MoveAssetsBodySchema,
    response: OperationResultSchema,
  }),
  downloadUrls: route({
    method: 'POST',
    path: '/v1/assets/download-urls',
    auth: true,
    query: NoQuery,
    body: DownloadUrlsBodySchema,
    response: DownloadUrlsResponseSchema,
  }),
  trash: route({ method: 'POST', path: '/v1/trash', auth: true, query: NoQuery, body: TrashBodySchema, response: OperationResultSchema }),
  restore: route({
    method: 'POST',
    path: '/v1/trash/restore',
    auth: true,
    query: NoQuery,
    body: TrashBodySchema,
    response: OperationResultSchema,
  }),
  purge: route({
    method: 'POST',
    path: '/v1/trash/purge',
    auth: true,
    query: NoQuery,
    body: TrashBodySchema,
    response: OperationResultSchema,
  }),
  listTrash: route({
    method: 'GET',
    path: '/v1/trash',
    auth: true,
    query: TrashListQuerySchema,
    body: NoBody,
    response: TrashListResponseSchema,
  }),
  changes: route({
    method: 'GET',
    path: '/v1/changes',
    auth: true,
    query: ChangesQuerySchema,
    body: NoBody,
    response: ChangesResponseSchema,
  }),
} as const;
