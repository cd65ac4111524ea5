import { z } from 'zod';
import {
  AssetDetailQuerySchema,
  CreateFolderBodySchema,
  DownloadUrlsBodySchema,
  MoveAssetsBodySchema,
  MoveFolderBodySchema,
  RenameAssetBodySchema,
  RenameFolderBodySchema,
  SortSchema,
  FolderPathSchema,
  TrashBodySchema,
  type AssetView,
  type FolderView,
  type ListChildrenResponse,
  type OperationResult,
} from './catalogApi';
import type { FeedRows } from './feedIpc';
import { MediaUrlsBodySchema, type MediaUrlsResponse } from './mediaApi';
import { FolderAclQuerySchema, SetFolderAclBodySchema, type FolderAcl, type SetFolderAclBody, type SetFolderAclResponse } from './aclApi';

/** The browse-and-organise part of DesktopApi (see ipc.ts). */

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
export type CreateFolderInput = z.input<typeof CreateFolderBodySchema>;
export type RenameFolderInput = z.input<typeof RenameFolderBodySchema>;
export type MoveFolderInput = z.input<typeof MoveFolderBodySchema>;
export type RenameAssetInput = z.input<typeof RenameAssetBodySchema>;
export type MoveAssetsInput = z.input<typeof MoveAssetsBodySchema>;
export type TrashInput = z.input<typeof TrashBodySchema>;

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

export const libraryApiInputs = {
  listFolder: z.tuple([ListFolderInputSchema]),
  createFolder: z.tuple([CreateFolderBodySchema]),
  renameFolder: z.tuple([RenameFolderBodySchema]),
  moveFolder: z.tuple([MoveFolderBodySchema]),
  renameAsset: z.tuple([RenameAssetBodySchema]),
  moveAssets: z.tuple([MoveAssetsBodySchema]),
  trashItems: z.tuple([TrashBodySchema]),
  restoreItems: z.tuple([TrashBodySchema]),
  purgeItems: z.tuple([TrashBodySchema]),
  listTrash: none,
  assetDetail: z.tuple([AssetDetailQuerySchema]),
  downloadLinks: z.tuple([DownloadUrlsBodySchema]),
  folderAcl: z.tuple([FolderAclQuerySchema]),
  mediaUrls: z.tuple([MediaUrlsBodySchema]),
  setFolderAcl: z.tuple([SetFolderAclBodySchema]),
} as const;

export interface LibraryDesktopApi {
  /** A folder's sub-folders (first page) and one page of its assets. */
  listFolder(input: ListFolderInput): Promise<ListChildrenResponse>;
  createFolder(input: CreateFolderInput): Promise<FolderView>;
  renameFolder(input: RenameFolderInput): Promise<OperationResult>;
  moveFolder(input: MoveFolderInput): Promise<OperationResult>;
  renameAsset(input: RenameAssetInput): Promise<OperationResult>;
  moveAssets(input: MoveAssetsInput): Promise<OperationResult>;
  trashItems(input: TrashInput): Promise<OperationResult>;
  restoreItems(input: TrashInput): Promise<OperationResult>;
  /** Admins only: deletes trashed items for good. */
  purgeItems(input: TrashInput): Promise<OperationResult>;
  listTrash(): Promise<{ folders: FolderView[]; assets: AssetView[] }>;
  assetDetail(input: { id: string }): Promise<AssetView>;
  /** Presigned GET URLs (minutes) for assets the user may read. */
  downloadLinks(input: { ids: string[] }): Promise<{ urls: DownloadLink[] }>;
  /** Short-lived URLs of assets' derivatives (thumbnail, filmstrip, proxy, …) the user may read. */
  mediaUrls(input: z.input<typeof MediaUrlsBodySchema>): Promise<MediaUrlsResponse>;
  /** Admins only: who may see a folder, and every group that could. */
  folderAcl(input: { path: string }): Promise<FolderAcl>;
  /** Admins only: sets who may see a folder (admin always), optionally for every folder below. */
  setFolderAcl(input: SetFolderAclBody): Promise<SetFolderAclResponse>;
}
