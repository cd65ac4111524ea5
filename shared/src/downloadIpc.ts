import { z } from 'zod';
import type { TransferView } from './transfers';

/** Downloads to a local folder: the part of DesktopApi the transfer panel and the library use. */

const none = z.tuple([]);

/** An absolute local folder: POSIX `/…`, Windows `C:\…` or a UNC share `\\server\share…`. */
export const LocalFolderSchema = z
  .string()
  .trim()
  .min(1, { message: 'Choose a folder to download to' })
  .max(4096, { message: 'That folder path is too long' })
  .refine((value) => !value.includes('\0'), { message: 'The folder path contains a NUL character' })
  .refine((value) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(value), { message: 'Use a full folder path, e.g. /home/me/Downloads' });

const Ids = z.array(z.string().min(1).max(128)).max(10_000, { message: 'At most 10,000 transfers at a time' });

export const StartDownloadsInputSchema = z
  .object({
    ids: z
      .array(z.string().min(1).max(128))
      .min(1, { message: 'Select at least one file' })
      .max(10_000, { message: 'Download at most 10,000 files at a time' }),
    folder: LocalFolderSchema,
  })
  .strict();
export type StartDownloadsInput = z.input<typeof StartDownloadsInputSchema>;

export const TransferIdsInputSchema = z.object({ ids: Ids }).strict();
export type TransferIdsInput = z.input<typeof TransferIdsInputSchema>;

export const ChooseFolderInputSchema = z.object({ current: z.string().max(4096).optional() }).strict();

export interface DownloadDefaults {
  /** Where downloads go unless the user picks another folder. */
  folder: string;
  /** Whether chooseDownloadFolder can open the system's folder picker (Electron; not web mode). */
  canBrowse: boolean;
}

export const downloadApiInputs = {
  getDownloadDefaults: none,
  chooseDownloadFolder: z.tuple([ChooseFolderInputSchema]),
  startDownloads: z.tuple([StartDownloadsInputSchema]),
  listDownloads: none,
  pauseDownloads: z.tuple([TransferIdsInputSchema]),
  resumeDownloads: z.tuple([TransferIdsInputSchema]),
  cancelDownloads: z.tuple([TransferIdsInputSchema]),
  retryDownloads: z.tuple([TransferIdsInputSchema]),
  clearFinishedDownloads: none,
} as const;

export interface DownloadDesktopApi {
  getDownloadDefaults(): Promise<DownloadDefaults>;
  /** Opens the system folder picker; null when the user cancels or no picker exists. */
  chooseDownloadFolder(input: { current?: string }): Promise<{ folder: string | null }>;
  /** Queues the assets for download into `folder`; checks the folder first. */
  startDownloads(input: StartDownloadsInput): Promise<{ transfers: TransferView[] }>;
  listDownloads(): Promise<TransferView[]>;
  /** Each takes transfer ids; an empty list means all. */
  pauseDownloads(input: TransferIdsInput): Promise<TransferView[]>;
  resumeDownloads(input: TransferIdsInput): Promise<TransferView[]>;
  cancelDownloads(input: TransferIdsInput): Promise<TransferView[]>;
  retryDownloads(input: TransferIdsInput): Promise<TransferView[]>;
  clearFinishedDownloads(): Promise<TransferView[]>;
}
