import { z } from 'zod';
import { GroupNameSchema } from './adminApi';
import { FolderPathSchema } from './catalogApi';
import { NoBody, NoQuery, route } from './routeSpec';
import { TransferFileStatusSchema, TransferJobIdSchema, TransferOperationSchema } from './transferManifest';

/**
 * Edit workstations and the transfers between S3 and their edit shares.
 *
 * A workstation is where an editor cuts: in the cloud an EC2 instance (or an on-premises
 * managed instance) reached by SSM Run Command, whose FSx share is mounted at `shareRoot`;
 * in local mode a folder on this machine. Admins manage workstations; members of the
 * workstation's groups (and admins) may send to it the assets they may read.
 *
 * A transfer job copies assets from the media bucket onto the share (`copy`), keeping the
 * library's folder structure below the share root, or removes them again (`remove`, only
 * files whose checksum still matches what was sent). It ends `succeeded`, `failed` or
 * `cancelled`, with a state and reason per file; a job past its deadline is `failed`
 * ("timed out"), never left running.
 */

/** `windows` and `linux` run through SSM (cloud); `local` is a folder on the machine running the API (local mode). */
export const WorkstationPlatformSchema = z.enum(['windows', 'linux', 'local']);
export type WorkstationPlatform = z.infer<typeof WorkstationPlatformSchema>;

export const WorkstationIdSchema = z.string().regex(/^ws-[A-Za-z0-9-]{4,60}$/, { message: 'not a workstation id' });

/** EC2 instance ids (`i-…`) and SSM hybrid managed instance ids (`mi-…`). */
export const InstanceIdSchema = z
  .string()
  .regex(/^(i|mi)-[0-9a-f]{8,17}$/, { message: 'An instance id looks like i-0123456789abcdef0 or mi-0123456789abcdef0' });

const WINDOWS_ROOT = /^(?:[A-Za-z]:\\|\\\\[^\\/:*?"<>|\r\n]+\\[^\\/:*?"<>|\r\n]+)(?:[^/:*?"<>|\r\n]*)$/;
const POSIX_ROOT = /^\/[^\0\r\n]*$/;

export const WorkstationBodySchema = z
  .object({
    name: z.string().trim().min(1, { message: 'Enter a name' }).max(64, { message: 'A name has at most 64 characters' }),
    platform: WorkstationPlatformSchema,
    /** Required for `windows` and `linux`; null for `local`. */
    instanceId: InstanceIdSchema.nullable(),
    /** `D:\Media`, `\\fsx\share\Media`, `/mnt/fsx/media`; local: an absolute folder on this machine. */
    shareRoot: z
      .string()
      .trim()
      .min(1, { message: 'Enter the share root' })
      .max(1024, { message: 'A share root has at most 1,024 characters' }),
    /** Besides admins, members of these groups may use the workstation. */
    groups: z.array(GroupNameSchema).max(50, { message: 'At most 50 groups' }).default([]),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.platform !== 'local' && body.instanceId === null) {
      ctx.addIssue({ code: 'custom', path: ['instanceId'], message: 'A Windows or Linux workstation needs its SSM managed instance id' });
    }
    if (body.platform === 'local' && body.instanceId !== null) {
      ctx.addIssue({
        code: 'custom',
        path: ['instanceId'],
        message: 'A local workstation is a folder on this machine; it has no instance id',
      });
    }
    const rootOk = body.platform === 'windows' ? WINDOWS_ROOT.test(body.shareRoot) : POSIX_ROOT.test(body.shareRoot);
    if (!rootOk) {
      ctx.addIssue({
        code: 'custom',
        path: ['shareRoot'],
        message:
          body.platform === 'windows'
            ? 'A Windows share root is a drive path like D:\\Media or a UNC path like \\\\fsx\\share'
            : 'The share root must be an absolute path like /mnt/fsx/media',
      });
    }
  });
export type WorkstationBody = z.input<typeof WorkstationBodySchema>;

export const WorkstationViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  platform: WorkstationPlatformSchema,
  instanceId: z.string().nullable(),
  shareRoot: z.string(),
  groups: z.array(z.string()),
  createdAt: z.string(),
  modifiedAt: z.string(),
});
export type WorkstationView = z.infer<typeof WorkstationViewSchema>;

export const WorkstationListSchema = z.object({
  /** Admins: every workstation. Others: those their groups may use. */
  workstations: z.array(WorkstationViewSchema),
  /** The platforms this backend can run transfers on: `local` in local mode, `windows` and `linux` in the cloud. */
  platforms: z.array(WorkstationPlatformSchema),
});
export type WorkstationList = z.infer<typeof WorkstationListSchema>;

export const UpdateWorkstationBodySchema = z.object({ id: WorkstationIdSchema, workstation: WorkstationBodySchema }).strict();
export type UpdateWorkstationBody = z.input<typeof UpdateWorkstationBodySchema>;
export const WorkstationIdBodySchema = z.object({ id: WorkstationIdSchema }).strict();

// Transfer jobs ----------------------------------------------------------------------------

export const TransferJobStateSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export type TransferJobState = z.infer<typeof TransferJobStateSchema>;

/** A file's state: `pending`/`running` until the workstation reports, then its result (transferManifest.ts), or `cancelled`. */
export const TransferJobFileStateSchema = z.union([z.enum(['pending', 'running', 'cancelled']), TransferFileStatusSchema]);
export type TransferJobFileState = z.infer<typeof TransferJobFileStateSchema>;

export const StartTransferBodySchema = z
  .object({
    operation: TransferOperationSchema,
    workstationId: WorkstationIdSchema,
    /** The assets chosen; may be combined with folders. */
    assetIds: z.array(z.string().min(1).max(128)).max(10_000, { message: 'At most 10,000 assets in one transfer' }).default([]),
    /** Whole folders, everything below them included. */
    folderPaths: z
      .array(FolderPathSchema.refine((path) => path !== '', { message: 'Choose a folder, not the library root' }))
      .max(100)
      .default([]),
  })
  .strict()
  .refine((body) => body.assetIds.length + body.folderPaths.length > 0, {
    message: 'Choose at least one asset or folder',
    path: ['assetIds'],
  });
export type StartTransferBody = z.input<typeof StartTransferBodySchema>;

export const TransferJobFileSchema = z.object({
  assetId: z.string(),
  key: z.string(),
  /** Below the share root, `/`-separated: the library path kept. */
  path: z.string(),
  size: z.number().int().nonnegative(),
  state: TransferJobFileStateSchema,
  /** Bytes written so far (local mode reports while copying; SSM only at the end). */
  bytesDone: z.number().int().nonnegative(),
  /** Why it failed or was left alone, in words a person can act on; null otherwise. */
  reason: z.string().nullable(),
});
export type TransferJobFile = z.infer<typeof TransferJobFileSchema>;

export const TransferJobSchema = z.object({
  id: TransferJobIdSchema,
  operation: TransferOperationSchema,
  workstationId: z.string(),
  workstationName: z.string(),
  requestedBy: z.string(),
  state: TransferJobStateSchema,
  /** Why the job as a whole failed (no share, timed out, SSM refused); null otherwise. */
  reason: z.string().nullable(),
  fileCount: z.number().int().nonnegative(),
  failedCount: z.number().int().nonnegative(),
  bytesTotal: z.number().int().nonnegative(),
  bytesDone: z.number().int().nonnegative(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** After this the job is failed as timed out if the workstation has not answered. */
  deadline: z.string(),
  /** Present in the detail answer; the list leaves it out. */
  files: z.array(TransferJobFileSchema).optional(),
});
export type TransferJob = z.infer<typeof TransferJobSchema>;

export const TransferListQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(2048).optional(),
  })
  .strict();
export const TransferIdQuerySchema = z.object({ id: TransferJobIdSchema }).strict();
export const TransferIdBodySchema = z.object({ id: TransferJobIdSchema }).strict();

export const fsxRoutes = {
  listWorkstations: route({
    method: 'GET',
    path: '/v1/workstations',
    auth: true,
    query: NoQuery,
    body: NoBody,
    response: WorkstationListSchema,
  }),
  createWorkstation: route({
    method: 'POST',
    path: '/v1/admin/workstations',
    auth: true,
    query: NoQuery,
    body: WorkstationBodySchema,
    response: WorkstationViewSchema,
  }),
  updateWorkstation: route({
    method: 'POST',
    path: '/v1/admin/workstations/update',
    auth: true,
    query: NoQuery,
    body: UpdateWorkstationBodySchema,
    response: WorkstationViewSchema,
  }),
  deleteWorkstation: route({
    method: 'POST',
    path: '/v1/admin/workstations/delete',
    auth: true,
    query: NoQuery,
    body: WorkstationIdBodySchema,
    response: z.object({ id: z.string() }),
  }),
  /** Checks the assets (read), the folders (read) and the workstation (its groups) and starts the job. */
  startTransfer: route({
    method: 'POST',
    path: '/v1/transfers',
    auth: true,
    query: NoQuery,
    body: StartTransferBodySchema,
    response: TransferJobSchema,
  }),
  /** The caller's jobs, newest first (admins: everyone's). */
  listTransfers: route({
    method: 'GET',
    path: '/v1/transfers',
    auth: true,
    query: TransferListQuerySchema,
    body: NoBody,
    response: z.object({ jobs: z.array(TransferJobSchema), nextCursor: z.string().nullable() }),
  }),
  transferDetail: route({
    method: 'GET',
    path: '/v1/transfers/detail',
    auth: true,
    query: TransferIdQuerySchema,
    body: NoBody,
    response: TransferJobSchema,
  }),
  cancelTransfer: route({
    method: 'POST',
    path: '/v1/transfers/cancel',
    auth: true,
    query: NoQuery,
    body: TransferIdBodySchema,
    response: TransferJobSchema,
  }),
} as const;
