import { z } from 'zod';
import { FolderPathSchema } from './catalogApi';
import type { TransferView } from './transfers';
import { ConflictChoiceSchema, type ConflictChoice } from './uploadApi';

/** Uploads from this computer into a library folder: the part of DesktopApi the upload dialog and the transfer panel use. */

const none = z.tuple([]);

/** An absolute local path: POSIX `/…`, Windows `C:\…` or a UNC share `\\server\share…`. */
export const LocalPathSchema = z
  .string()
  .min(1, { message: 'Choose a file or folder' })
  .max(4096, { message: 'That path is too long' })
  .refine((value) => !value.includes('\0'), { message: 'The path contains a NUL character' })
  .refine((value) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(value), { message: 'Use a full path, e.g. /media/CARD_A' });

const Paths = z
  .array(LocalPathSchema)
  .min(1, { message: 'Choose at least one file or folder' })
  .max(10_000, { message: 'Choose at most 10,000 files or folders at a time' });

export const PlanUploadInputSchema = z
  .object({
    /** The library folder the files go into (`Show/Day/`; `` is the root). */
    folderPath: FolderPathSchema,
    /** Files, and folders whose contents go up keeping their relative paths (a folder keeps its own name). */
    paths: Paths,
  })
  .strict();
export type PlanUploadInput = z.input<typeof PlanUploadInputSchema>;

export const StartUploadInputSchema = PlanUploadInputSchema.extend({
  /** What to do about each taken name, by the `localPath` planLocalUpload reported. */
  decisions: z.record(z.string().max(4096), ConflictChoiceSchema).default({}),
  /** For taken names without a decision ("apply to all"); without either they are not started. */
  onConflict: ConflictChoiceSchema.optional(),
}).strict();
export type StartUploadInput = z.input<typeof StartUploadInputSchema>;

const Ids = z.array(z.string().min(1).max(128)).max(10_000, { message: 'At most 10,000 transfers at a time' });
export const UploadIdsInputSchema = z.object({ ids: Ids }).strict();
export type UploadIdsInput = z.input<typeof UploadIdsInputSchema>;

export const ChooseUploadInputSchema = z.object({ defaultPath: z.string().max(4096).optional() }).strict();

/** One local file as planLocalUpload sees it. */
export interface UploadPlanItem {
  localPath: string;
  /** Below the destination folder, `/`-separated. */
  relativePath: string;
  size: number;
  outcome: 'new' | 'conflict' | 'refused';
  /** Where it would go; absent when refused. */
  key: string | null;
  /** For `refused`: the names.ts rule (`too-long`, `windows-character`, …) and a sentence for the user. */
  rule: string | null;
  message: string | null;
  /** For `conflict`: what is there now, and the name "keep both" would give the new file. */
  existing: { id: string; name: string; size: number; modifiedAt: string; status: string; trashed: boolean } | null;
  keepBothKey: string | null;
}

export interface UploadPlan {
  items: UploadPlanItem[];
  totalBytes: number;
  /** Files that cannot be read (permissions, vanished); never sent. */
  unreadable: { localPath: string; message: string }[];
}

export interface StartUploadResult {
  /** Queued, plus refused ones as `failed` with the rule in `error`, so the panel shows them. */
  transfers: TransferView[];
  /** Taken names that had no decision: ask, then call startUpload again with `decisions`. */
  conflicts: UploadPlanItem[];
  skipped: string[];
}

export const uploadApiInputs = {
  chooseUploadFiles: z.tuple([ChooseUploadInputSchema]),
  chooseUploadFolder: z.tuple([ChooseUploadInputSchema]),
  planLocalUpload: z.tuple([PlanUploadInputSchema]),
  startUpload: z.tuple([StartUploadInputSchema]),
  listUploads: none,
  pauseUploads: z.tuple([UploadIdsInputSchema]),
  resumeUploads: z.tuple([UploadIdsInputSchema]),
  cancelUploadTransfers: z.tuple([UploadIdsInputSchema]),
  retryUploads: z.tuple([UploadIdsInputSchema]),
  clearFinishedUploads: none,
} as const;

export interface UploadDesktopApi {
  /** The system's file picker (several files); an empty list when cancelled or where there is none (web mode). */
  chooseUploadFiles(input: { defaultPath?: string }): Promise<{ paths: string[]; canBrowse: boolean }>;
  /** The system's folder picker (several folders, each uploaded keeping its relative paths). */
  chooseUploadFolder(input: { defaultPath?: string }): Promise<{ paths: string[]; canBrowse: boolean }>;
  /** Walks the paths and asks the API what would happen to each file; sends nothing. */
  planLocalUpload(input: PlanUploadInput): Promise<UploadPlan>;
  /** Queues the files (the API creates their `uploading` records at once). */
  startUpload(input: StartUploadInput): Promise<StartUploadResult>;
  listUploads(): Promise<TransferView[]>;
  /** Each takes transfer ids; an empty list means all. */
  pauseUploads(input: UploadIdsInput): Promise<TransferView[]>;
  resumeUploads(input: UploadIdsInput): Promise<TransferView[]>;
  cancelUploadTransfers(input: UploadIdsInput): Promise<TransferView[]>;
  retryUploads(input: UploadIdsInput): Promise<TransferView[]>;
  clearFinishedUploads(): Promise<TransferView[]>;
}

export type { ConflictChoice };
