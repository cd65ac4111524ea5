import type { AssetView, FolderView } from '@rushes/shared';

/** One row of a folder listing: folders come first, then assets. */
export type Entry = { type: 'folder'; key: string; folder: FolderView } | { type: 'asset'; key: string; asset: AssetView };

export const folderEntry = (folder: FolderView): Entry => ({ type: 'folder', key: `f:${folder.path}`, folder });
export const assetEntry = (asset: AssetView): Entry => ({ type: 'asset', key: `a:${asset.id}`, asset });

export function entryName(entry: Entry): string {
  return entry.type === 'folder' ? entry.folder.name : entry.asset.name;
}

/** Parent of a folder path: `A/B/` → `A/`, `A/` → ``. */
export function parentPath(path: string): string {
  const trimmed = path.replace(/\/$/, '');
  const slash = trimmed.lastIndexOf('/');
  return slash < 0 ? '' : trimmed.slice(0, slash + 1);
}

/** Breadcrumb segments of a path, each with the path it leads to. */
export function pathSegments(path: string): { name: string; path: string }[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((name, index) => ({ name, path: `${parts.slice(0, index + 1).join('/')}/` }));
}

export function folderNameOf(path: string): string {
  return path === '' ? 'Library' : (path.split('/').filter(Boolean).pop() ?? path);
}

/** What a selection holds, split the way the trash and move calls want it. */
export function splitSelection(entries: readonly Entry[]): { assets: AssetView[]; folders: FolderView[] } {
  const assets: AssetView[] = [];
  const folders: FolderView[] = [];
  for (const entry of entries) {
    if (entry.type === 'asset') assets.push(entry.asset);
    else folders.push(entry.folder);
  }
  return { assets, folders };
}
