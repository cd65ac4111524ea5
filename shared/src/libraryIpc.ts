import { z } from 'zod';
import {
  AssetDetailQuerySchema,
  SortSchema,
  FolderPathSchema,
  type AssetView,
  type FolderView,
  type ListChildrenResponse,
} from './catalogApi';
import type { FeedRows } from './feedIpc';

/** The browse part of DesktopApi (see ipc.ts); organising only forwards routes (routeIpc.ts). */

const none = z.tuple([]);

export const ListFolderInputSchema = z
  .object({
    path: FolderPathSchema,
    sort: SortSchema.default('name'),
    direction: z.enum(['asc', 'desc']).default('asc'),
    cursor: z.string().max(2048).optional(),
    limit: z.number().int().min(1).max(500).default(500),
  })
  .strict();
export type ListFolderInput = z.input<typeof ListFolderInputSchema>;

export interface DownloadLink {
  id: string;
  name: string;
  size: number;
  url: string;
  expiresAt: string;
}

/**
 * What changed in the library since the renderer last heard: pushed about once a second. An
 * asset change arrives as its row (FeedRows), which a listing patches in; only a change to
 * folders themselves names a folder to list again.
 */
export interface LibraryChanges extends FeedRows {
  /**
   * Folder paths whose listing the rows cannot patch: a folder created, renamed, moved,
   * re-permissioned or removed, named with its parent. Views showing them re-list.
   */
  folders: string[];
  /** Asset ids that changed (put or removed). */
  assets: string[];
  latest: number;
}

/** The methods that do more than forward a route (the rest are in routeIpc.ts). */
export const libraryApiInputs = {
  listFolder: z.tuple([ListFolderInputSchema]),
  listTrash: none,
  assetDetail: z.tuple([AssetDetailQuerySchema]),
} as const;

export interface LibraryDesktopApi {
  /** A folder's sub-folders (first page) and one page of its assets. */
  listFolder(input: ListFolderInput): Promise<ListChildrenResponse>;
  listTrash(): Promise<{ folders: FolderView[]; assets: AssetView[] }>;
  assetDetail(input: { id: string }): Promise<AssetView>;
}
