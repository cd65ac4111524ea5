import {
  ADMIN_GROUP,
  DomainError,
  aclForNewFolder,
  basename,
  canCreateTopLevelFolder,
  canPurgeTrash,
  canRead,
  canWrite,
  isAdmin,
  joinFolder,
  joinKey,
  normalizeAcl,
  parentOf,
  type AssetView,
  type FolderView,
  type ListChildrenResponse,
  type OperationResult,
  type SearchQuery,
  type SearchResponse,
  type SortField,
  matchesSearch,
} from '@rushes/shared';
import type { Catalog, CatalogAsset, CatalogFolder, Change, Clock, ObjectStore, Principal } from '../ports';
import { CatalogConflict, CatalogNotFound } from '../ports';
import type { AuditAction } from '@rushes/shared';
import type { AuditLog } from './audit';
import { foldersBelow } from './folderAccess';

/** Assets at the root belong to no folder: only admins see them. */
const ROOT_ACL: readonly string[] = [ADMIN_GROUP];
/** Presigned download URLs live minutes, for one object. */
export const DOWNLOAD_URL_SECONDS = 10 * 60;
/** A folder move copies every object below it in this request; past this, move sub-folders. */
export const MAX_FOLDER_MOVE_OBJECTS = 1_000;

export interface LibraryDeps {
  catalog: Catalog;
  objects: ObjectStore;
  /** The derived bucket: proxies, thumbnails and the rest go when their asset is purged. */
  derived: ObjectStore;
  clock: Clock;
  /** Every change is recorded: who, when, what, before and after. */
  audit: AuditLog;
}

/**
 * Browse and organise: every method checks the caller's groups against the folder
 * ACL on the server. A folder the caller may not read answers NOT_FOUND, word for word like
 * one that does not exist, so its existence does not leak.
 */
export class Library {
  constructor(private readonly deps: LibraryDeps) {}

  // Reading ------------------------------------------------------------------------------

  async listChildren(
    principal: Principal,
    query: { path: string; sort: SortField; direction: 'asc' | 'desc'; limit: number; cursor?: string | undefined },
  ): Promise<ListChildrenResponse> {
    const folder = await this.readableFolder(principal, query.path);
    const firstPage = query.cursor === undefined;
    const folders = firstPage ? await this.readableChildren(principal, query.path) : [];
    const acl = folder ? folder.aclGroups : ROOT_ACL;
    const page = canRead(principal, acl)
      ? await this.deps.catalog.listAssets({
          folderPath: query.path,
          sort: query.sort,
          direction: query.direction,
          limit: query.limit,
          cursor: query.cursor ?? null,
        })
      : { items: [], nextCursor: null };
    return {
      folder: folder ? this.folderView(principal, folder) : null,
      folders: folders.map((child) => this.folderView(principal, child)),
      assets: page.items.map(assetView),
      nextCursor: page.nextCursor,
    };
  }

  async assetDetail(principal: Principal, id: string): Promise<AssetView> {
    return assetView(await this.readableAsset(principal, id));
  }

  /**
   * Many assets at once (the search cache's sync fetches changed assets this way): the same
   * checks as assetDetail for each, with each folder's answer asked once. What the caller may
   * not read, what is in the trash and what does not exist are all simply left out.
   */
  async assetBatch(principal: Principal, ids: readonly string[]): Promise<AssetView[]> {
    const readable = this.folderReader(principal);
    const found = await this.deps.catalog.getAssets(ids);
    const views: AssetView[] = [];
    for (const asset of found) {
      if (!asset.trash && (await readable(asset.folderPath))) views.push(assetView(asset));
    }
    return views;
  }

  async downloadUrls(principal: Principal, ids: readonly string[]) {
    const expiresAt = new Date(this.deps.clock.now().getTime() + DOWNLOAD_URL_SECONDS * 1000).toISOString();
    const urls = [];
    for (const id of ids) {
      const asset = await this.readableAsset(principal, id);
      const url = await this.deps.objects.presignGet(asset.key, { expiresInSeconds: DOWNLOAD_URL_SECONDS, downloadName: asset.name });
      urls.push({ id: asset.id, name: asset.name, size: asset.size, url, expiresAt });
    }
    return { urls };
  }

  /**
   * The change feed, filtered to what the caller may read: an asset change by its folder's
   * ACL, a folder change by that folder's own ACL. A removed folder has no ACL left to judge
   * by, so only admins see `folder.removed`; other clients re-list a folder on any change in it.
   */
  async changes(principal: Principal, since: number | undefined, limit: number): Promise<{ changes: Change[]; latest: number }> {
    const latest = await this.deps.catalog.latestChange();
    if (since === undefined) return { changes: [], latest };
    const changes = await this.deps.catalog.changesSince(since, limit);
    const readable = new Map<string, boolean>();
    const mayRead = async (folderPath: string) => {
      let ok = readable.get(folderPath);
      if (ok === undefined) {
        ok = await this.mayRead(principal, folderPath);
        readable.set(folderPath, ok);
      }
      return ok;
    };
    const result: Change[] = [];
    for (const change of changes) {
      const visible =
        change.kind === 'folder.removed'
          ? isAdmin(principal)
          : change.kind === 'folder.put'
            ? await mayRead(change.target)
            : await mayRead(change.folderPath);
      if (visible) result.push(change);
    }
    const last = changes.at(-1)?.seq;
    return { changes: result, latest: changes.length === limit && last !== undefined ? last : latest };
  }

  /**
   * Search for web mode and the cloud: the same query language as the desktop
   * cache, evaluated here over the assets under the scope, keeping only those whose folder
   * the caller may read and that are not in the trash. A scope the caller may not read
   * answers NOT_FOUND like a missing one. This walks the scope: the desktop's FTS5 cache is
   * the fast path for a million assets.
   */
  async search(principal: Principal, query: SearchQuery, limit: number): Promise<SearchResponse> {
    await this.readableFolder(principal, query.folder);
    const isVisible = this.folderReader(principal);
    const found: CatalogAsset[] = [];
    for await (const asset of this.deps.catalog.listAssetsUnder(query.folder)) {
      if (asset.trash || !matchesSearch(asset, query)) continue;
      if (await isVisible(asset.folderPath)) found.push(asset);
    }
    found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { assets: found.slice(0, limit).map(assetView), truncated: found.length > limit };
  }

  async listTrash(principal: Principal, query: { limit: number; cursor?: string | undefined }) {
    // Only admins see the trash across folders; others see what they may read in it.
    const assets: AssetView[] = [];
    const folders: FolderView[] = [];
    for await (const asset of this.deps.catalog.listAssetsUnder('', { includeTrashed: true })) {
      if (asset.trash && (await this.mayRead(principal, asset.folderPath))) assets.push(assetView(asset));
      if (assets.length >= query.limit) break;
    }
    const stack = [''];
    while (stack.length > 0) {
      const parent = stack.pop()!;
      for (const folder of await this.deps.catalog.listFolders(parent, { includeTrashed: true })) {
        if (folder.trash) {
          if (canRead(principal, folder.aclGroups)) folders.push(this.folderView(principal, folder));
        } else stack.push(folder.path);
      }
    }
    return { folders, assets, nextCursor: null };
  }

  // Folders ------------------------------------------------------------------------------

  async createFolder(principal: Principal, parentPath: string, name: string): Promise<FolderView> {
    const parent = await this.readableFolder(principal, parentPath);
    if (parent ? !canWrite(principal, parent.aclGroups) : !canCreateTopLevelFolder(principal)) {
      throw new DomainError('FORBIDDEN', `You may not create folders in ${describe(parentPath)}.`);
    }
    const path = must(joinFolder(parentPath, name), 'name');
    const now = this.now();
    try {
      const folder = await this.deps.catalog.createFolder({
        path,
        name,
        aclGroups: aclForNewFolder(parent?.aclGroups ?? null, principal.groups),
        createdBy: principal.email,
        createdAt: now,
        modifiedAt: now,
      });
      await this.deps.audit.record({
        actor: principal.email,
        action: 'folder.create',
        target: path,
        details: { acl: folder.aclGroups.join(',') },
      });
      return this.folderView(principal, folder);
    } catch (error) {
      throw translate(error, `A folder or file named "${name}" already exists in ${describe(parentPath)}.`);
    }
  }

  async renameFolder(principal: Principal, path: string, newName: string): Promise<OperationResult> {
    const parentPath = parentOf(path) ?? '';
    return this.relocateFolder(principal, path, must(joinFolder(parentPath, newName), 'newName'), 'folder.rename');
  }

  async moveFolder(principal: Principal, path: string, toParentPath: string): Promise<OperationResult> {
    const target = await this.readableFolder(principal, toParentPath);
    if (target ? !canWrite(principal, target.aclGroups) : !canCreateTopLevelFolder(principal)) {
      await this.refused(principal, 'folder.move', path, `not allowed to write ${describe(toParentPath)}`);
      throw new DomainError('FORBIDDEN', `You may not move folders into ${describe(toParentPath)}.`);
    }
    return this.relocateFolder(principal, path, must(joinFolder(toParentPath, basename(path)), 'path'), 'folder.move', target);
  }

  // Assets -------------------------------------------------------------------------------

  /** Sets an asset's tags and notes; whoever may change files in its folder may. */
  async annotateAsset(principal: Principal, id: string, version: number, tags: readonly string[], notes: string): Promise<AssetView> {
    const asset = await this.writableAsset(principal, id);
    if (asset.version !== version) throw new DomainError('CONFLICT', 'Someone changed this file meanwhile; reopen it and try again.');
    try {
      const updated = await this.deps.catalog.updateAsset({
        ...asset,
        annotations: { tags, notes },
        version: asset.version + 1,
        modifiedAt: this.deps.clock.now().toISOString(),
      });
      await this.deps.audit.record({
        actor: principal.email,
        action: 'asset.annotate',
        target: asset.key,
        details: { assetId: id, tags: tags.join(', '), notes: notes.length },
      });
      return assetView(updated);
    } catch (error) {
      throw translate(error, 'Someone changed this file meanwhile; reopen it and try again.');
    }
  }

  async renameAsset(principal: Principal, id: string, newName: string, version: number): Promise<OperationResult> {
    const asset = await this.writableAsset(principal, id);
    if (asset.version !== version) {
      throw new DomainError('CONFLICT', `"${asset.name}" was changed by someone else; refresh and try again.`);
    }
    const newKey = must(joinKey(asset.folderPath, newName), 'newName');
    await this.relocateAsset(asset, newKey, newName, asset.folderPath);
    await this.deps.audit.record({
      actor: principal.email,
      action: 'asset.rename',
      target: newKey,
      details: { assetId: id, before: asset.key, after: newKey },
    });
    return { done: [{ target: id, from: asset.key, to: newKey }], failed: [] };
  }

  async moveAssets(principal: Principal, ids: readonly string[], toFolderPath: string): Promise<OperationResult> {
    const target = await this.readableFolder(principal, toFolderPath);
    if (!canWrite(principal, target ? target.aclGroups : ROOT_ACL)) {
      await this.refused(principal, 'asset.move', toFolderPath, `not allowed to write ${describe(toFolderPath)}`, { assets: ids.length });
      throw new DomainError('FORBIDDEN', `You may not move files into ${describe(toFolderPath)}.`);
    }
    const result: OperationResult = { done: [], failed: [] };
    for (const id of ids) {
      try {
        const asset = await this.writableAsset(principal, id);
        if (asset.folderPath === toFolderPath) continue;
        const newKey = must(joinKey(toFolderPath, asset.name), 'toFolderPath');
        await this.relocateAsset(asset, newKey, asset.name, toFolderPath);
        await this.deps.audit.record({
          actor: principal.email,
          action: 'asset.move',
          target: newKey,
          details: { assetId: id, before: asset.key, after: newKey },
        });
        result.done.push({ target: id, from: asset.folderPath, to: toFolderPath });
      } catch (error) {
        result.failed.push(failure(id, error));
      }
    }
    return result;
  }

  // Trash --------------------------------------------------------------------------------

  async trash(principal: Principal, assetIds: readonly string[], folderPaths: readonly string[]): Promise<OperationResult> {
    const mark = { trashedAt: this.now(), trashedBy: principal.email };
    return this.eachItem(assetIds, folderPaths, {
      asset: async (asset) => {
        if (asset.trash) return false;
        await this.deps.catalog.updateAsset({ ...asset, trash: mark, modifiedAt: mark.trashedAt, version: asset.version + 1 });
      },
      folder: async (folder) => {
        if (folder.trash) return false;
        await this.deps.catalog.updateFolder(folder.path, { trash: mark }, mark.trashedAt);
      },
      mayChange: (acl) => canWrite(principal, acl),
      principal,
      includeTrashed: false,
      actions: { asset: 'asset.delete', folder: 'folder.delete' },
    });
  }

  async restore(principal: Principal, assetIds: readonly string[], folderPaths: readonly string[]): Promise<OperationResult> {
    const now = this.now();
    return this.eachItem(assetIds, folderPaths, {
      asset: async (asset) => {
        if (!asset.trash) return false;
        await this.deps.catalog.updateAsset({ ...asset, trash: null, modifiedAt: now, version: asset.version + 1 });
      },
      folder: async (folder) => {
        if (!folder.trash) return false;
        await this.deps.catalog.updateFolder(folder.path, { trash: null }, now);
      },
      mayChange: (acl) => canWrite(principal, acl),
      principal,
      includeTrashed: true,
      actions: { asset: 'asset.restore', folder: 'folder.restore' },
    });
  }

  /** Deletes for good, objects included: admins only, and only what is in the trash. */
  async purge(principal: Principal, assetIds: readonly string[], folderPaths: readonly string[]): Promise<OperationResult> {
    if (!canPurgeTrash(principal)) {
      await this.refused(principal, 'asset.purge', '', 'only admins may empty the trash', {
        assets: assetIds.length,
        folders: folderPaths.length,
      });
      throw new DomainError('FORBIDDEN', 'Only admins may empty the trash.');
    }
    return this.eachItem(assetIds, folderPaths, {
      asset: async (asset) => {
        if (!asset.trash) throw new DomainError('CONFLICT', `"${asset.name}" is not in the trash.`);
        await this.deleteForGood(asset);
      },
      folder: async (folder) => {
        if (!folder.trash) throw new DomainError('CONFLICT', `"${folder.name}" is not in the trash.`);
        for await (const asset of this.deps.catalog.listAssetsUnder(folder.path, { includeTrashed: true })) await this.deleteForGood(asset);
        await this.deps.catalog.removeFolderTree(folder.path);
      },
      mayChange: () => true,
      principal,
      includeTrashed: true,
      actions: { asset: 'asset.purge', folder: 'folder.purge' },
    });
  }

  // Internals ----------------------------------------------------------------------------

  /**
   * The object, then its derivatives, then the record: a failure part-way leaves the record
   * to purge again. Storage's delete event may remove the record first; that is the same end.
   */
  private async deleteForGood(asset: CatalogAsset): Promise<void> {
    await this.deps.objects.delete(asset.key);
    for (const key of Object.values(asset.derived)) if (key) await this.deps.derived.delete(key);
    await this.deps.catalog.removeAsset(asset.id).catch((error: unknown) => {
      if (!(error instanceof CatalogNotFound)) throw error;
    });
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  /**
   * The folder (null for the root) if it exists, is live, and the caller may read it;
   * otherwise NOT_FOUND. Transfers resolve folders by the same rule.
   */
  async readableFolder(principal: Principal, path: string, includeTrashed = false): Promise<CatalogFolder | null> {
    if (path === '') return null;
    const folder = await this.deps.catalog.getFolder(path);
    const hidden = !folder || !canRead(principal, folder.aclGroups) || (!includeTrashed && (folder.trash || (await this.inTrash(path))));
    if (hidden) throw new DomainError('NOT_FOUND', `Folder "${path}" was not found.`);
    return folder;
  }

  /**
   * Whether the caller may read a folder's assets (it exists, is live, and its ACL lets them
   * in; the root only for admins), asked once per folder for the reader's lifetime: for
   * answers that cover many assets, within one request.
   */
  private folderReader(principal: Principal): (folderPath: string) => Promise<boolean> {
    const answers = new Map<string, Promise<boolean>>();
    return (folderPath) => {
      let answer = answers.get(folderPath);
      if (!answer) {
        answer = this.readableFolder(principal, folderPath).then(
          (folder) => canRead(principal, folder ? folder.aclGroups : ROOT_ACL),
          () => false,
        );
        answers.set(folderPath, answer);
      }
      return answer;
    };
  }

  /** Whether an ancestor of the path is in the trash (its contents go with it). */
  private async inTrash(path: string): Promise<boolean> {
    for (let parent = parentOf(path); parent; parent = parentOf(parent)) {
      if ((await this.deps.catalog.getFolder(parent))?.trash) return true;
    }
    return false;
  }

  private async mayRead(principal: Principal, folderPath: string): Promise<boolean> {
    if (folderPath === '') return canRead(principal, ROOT_ACL);
    const folder = await this.deps.catalog.getFolder(folderPath);
    return folder !== null && canRead(principal, folder.aclGroups);
  }

  private async readableChildren(principal: Principal, path: string): Promise<CatalogFolder[]> {
    const children = await this.deps.catalog.listFolders(path);
    return children.filter((child) => canRead(principal, child.aclGroups));
  }

  /** The asset if the caller may read it; missing, trashed and unreadable all answer the same NOT_FOUND. */
  async readableAsset(principal: Principal, id: string, includeTrashed = false): Promise<CatalogAsset> {
    const asset = await this.deps.catalog.getAsset(id);
    const missing = new DomainError('NOT_FOUND', 'That file was not found.');
    if (!asset || (!includeTrashed && asset.trash)) throw missing;
    try {
      const folder = await this.readableFolder(principal, asset.folderPath, includeTrashed);
      if (!canRead(principal, folder ? folder.aclGroups : ROOT_ACL)) throw missing;
    } catch {
      throw missing;
    }
    return asset;
  }

  private async writableAsset(principal: Principal, id: string, includeTrashed = false): Promise<CatalogAsset> {
    const asset = await this.readableAsset(principal, id, includeTrashed);
    const folder = asset.folderPath === '' ? null : await this.deps.catalog.getFolder(asset.folderPath);
    if (!canWrite(principal, folder ? folder.aclGroups : ROOT_ACL)) {
      throw new DomainError('FORBIDDEN', `You may not change files in ${describe(asset.folderPath)}.`);
    }
    return asset;
  }

  /**
   * Record, then copy, then delete. The catalog claims the new key first, so the storage
   * events our own copy causes find the asset already there (no duplicate, no stray folder).
   * A failed copy puts the record back; a crash mid-way leaves the object at its old key,
   * which a rescan imports again: metadata may be lost, media never.
   */
  private async relocateAsset(asset: CatalogAsset, newKey: string, newName: string, newFolder: string): Promise<void> {
    if (asset.status === 'uploading') throw stillUploading([asset]);
    if (await this.deps.catalog.getAssetByKey(newKey)) {
      throw new DomainError('CONFLICT', `A file named "${newName}" already exists in ${describe(newFolder)}.`);
    }
    let moved: CatalogAsset;
    try {
      moved = await this.deps.catalog.updateAsset({
        ...asset,
        key: newKey,
        name: newName,
        folderPath: newFolder,
        modifiedAt: this.now(),
        version: asset.version + 1,
      });
    } catch (error) {
      throw translate(error, `"${asset.name}" was changed by someone else, or the name is taken; refresh and try again.`);
    }
    try {
      await this.deps.objects.copy(asset.key, newKey, asset.size);
    } catch (error) {
      await this.deps.catalog.updateAsset({ ...asset, modifiedAt: this.now(), version: moved.version + 1 });
      throw error;
    }
    await this.deps.objects.delete(asset.key);
  }

  /**
   * Renames or moves a folder with everything below it. Moved under another folder, the tree
   * takes that folder's ACL, as a folder created there would (a new folder's
   * ACL is its parent's): who may see it is decided by where it now is. Renamed in place, or
   * moved to the top level (no parent to inherit from), it keeps its ACLs.
   */
  private async relocateFolder(
    principal: Principal,
    path: string,
    toPath: string,
    action: 'folder.rename' | 'folder.move',
    newParent: CatalogFolder | null = null,
  ): Promise<OperationResult> {
    const folder = await this.readableFolder(principal, path);
    if (!folder || !canWrite(principal, folder.aclGroups)) {
      await this.refused(principal, action, path, 'not allowed to change this folder');
      throw new DomainError('FORBIDDEN', `You may not rename or move ${describe(path)}.`);
    }
    if (toPath === path) return { done: [], failed: [] };
    if (toPath.startsWith(path)) throw new DomainError('VALIDATION_FAILED', 'A folder cannot be moved into itself.', 'toParentPath');
    if (await this.deps.catalog.getFolder(toPath)) {
      throw new DomainError('CONFLICT', `A folder named "${basename(toPath)}" already exists there.`);
    }
    const assets: CatalogAsset[] = [];
    for await (const asset of this.deps.catalog.listAssetsUnder(path, { includeTrashed: true })) {
      assets.push(asset);
      if (assets.length > MAX_FOLDER_MOVE_OBJECTS) {
        throw new DomainError(
          'PAYLOAD_TOO_LARGE',
          `"${folder.name}" holds over ${MAX_FOLDER_MOVE_OBJECTS} files; move its sub-folders one at a time.`,
        );
      }
    }
    const uploading = assets.filter((asset) => asset.status === 'uploading');
    if (uploading.length > 0) throw stillUploading(uploading);
    // As for one asset: the catalog first, then the objects (see relocateAsset).
    try {
      await this.deps.catalog.moveFolder(path, toPath, this.now());
    } catch (error) {
      throw translate(error, `A folder named "${basename(toPath)}" already exists there.`);
    }
    const restoreAcls = newParent ? await this.inheritAcl(principal, toPath, newParent) : async () => undefined;
    const copied: string[] = [];
    try {
      for (const asset of assets) {
        const newKey = toPath + asset.key.slice(path.length);
        await this.deps.objects.copy(asset.key, newKey, asset.size);
        copied.push(newKey);
      }
    } catch (error) {
      await restoreAcls();
      await this.deps.catalog.moveFolder(toPath, path, this.now());
      for (const key of copied) await this.deps.objects.delete(key).catch(() => undefined);
      throw error;
    }
    for (const asset of assets) await this.deps.objects.delete(asset.key);
    await this.deps.audit.record({
      actor: principal.email,
      action,
      target: toPath,
      details: { before: path, after: toPath, assets: assets.length },
    });
    return { done: [{ target: path, from: path, to: toPath }], failed: [] };
  }

  /** Gives a moved tree its new parent's ACL; answers how to put the old ACLs back. */
  private async inheritAcl(principal: Principal, path: string, parent: CatalogFolder): Promise<() => Promise<void>> {
    const acl = normalizeAcl(parent.aclGroups);
    const moved = await this.deps.catalog.getFolder(path);
    const tree = [...(moved ? [moved] : []), ...(await foldersBelow(this.deps.catalog, path, { includeTrashed: true }))];
    const changed: CatalogFolder[] = [];
    for (const folder of tree) {
      const before = normalizeAcl(folder.aclGroups);
      if (before.join('\n') === acl.join('\n')) continue;
      await this.deps.catalog.updateFolder(folder.path, { aclGroups: acl }, this.now());
      await this.deps.audit.record({
        actor: principal.email,
        action: 'folder.acl',
        target: folder.path,
        details: { before: before.join(','), after: acl.join(','), viaMoveInto: parent.path },
      });
      changed.push(folder);
    }
    return async () => {
      for (const folder of changed) await this.deps.catalog.updateFolder(folder.path, { aclGroups: folder.aclGroups }, this.now());
    };
  }

  /** A refusal is recorded too: a log of successes only would hide probing. */
  private async refused(
    principal: Principal,
    action: AuditAction,
    target: string,
    reason: string,
    details: Record<string, string | number> = {},
  ): Promise<void> {
    await this.deps.audit.record({ actor: principal.email, action, target, outcome: 'denied', details: { ...details, reason } });
  }

  private async eachItem(
    assetIds: readonly string[],
    folderPaths: readonly string[],
    op: {
      /** Resolves false when there was nothing to do (already in that state): nothing is audited. */
      asset: (asset: CatalogAsset) => Promise<boolean | void>;
      folder: (folder: CatalogFolder) => Promise<boolean | void>;
      mayChange: (acl: readonly string[]) => boolean;
      principal: Principal;
      includeTrashed: boolean;
      actions: { asset: AuditAction; folder: AuditAction };
    },
  ): Promise<OperationResult> {
    const result: OperationResult = { done: [], failed: [] };
    for (const id of assetIds) {
      try {
        const asset = await this.readableAsset(op.principal, id, true);
        const folder = asset.folderPath === '' ? null : await this.deps.catalog.getFolder(asset.folderPath);
        if (!op.mayChange(folder ? folder.aclGroups : ROOT_ACL)) {
          await this.refused(op.principal, op.actions.asset, asset.key, 'not allowed to change files here', { assetId: id });
          throw new DomainError('FORBIDDEN', `You may not change "${asset.name}".`);
        }
        const changed = await op.asset(asset);
        if (changed !== false)
          await this.deps.audit.record({
            actor: op.principal.email,
            action: op.actions.asset,
            target: asset.key,
            details: { assetId: id },
          });
        result.done.push({ target: id });
      } catch (error) {
        result.failed.push(failure(id, error));
      }
    }
    for (const path of folderPaths) {
      try {
        const folder = await this.readableFolder(op.principal, path, true);
        if (!folder) throw new DomainError('VALIDATION_FAILED', 'The library itself cannot be deleted.', 'folderPaths');
        if (!op.mayChange(folder.aclGroups)) {
          await this.refused(op.principal, op.actions.folder, path, 'not allowed to change this folder');
          throw new DomainError('FORBIDDEN', `You may not change "${folder.name}".`);
        }
        const changed = await op.folder(folder);
        if (changed !== false)
          await this.deps.audit.record({ actor: op.principal.email, action: op.actions.folder, target: path, details: {} });
        result.done.push({ target: path });
      } catch (error) {
        result.failed.push(failure(path, error));
      }
    }
    return result;
  }

  private folderView(principal: Principal, folder: CatalogFolder): FolderView {
    return {
      path: folder.path,
      name: folder.name,
      aclGroups: isAdmin(principal) ? [...folder.aclGroups] : null,
      createdBy: folder.createdBy,
      createdAt: folder.createdAt,
      modifiedAt: folder.modifiedAt,
      canWrite: canWrite(principal, folder.aclGroups),
      trash: folder.trash,
    };
  }
}

export function assetView(asset: CatalogAsset): AssetView {
  return {
    id: asset.id,
    key: asset.key,
    folderPath: asset.folderPath,
    name: asset.name,
    size: asset.size,
    checksum: asset.checksum,
    kind: asset.kind,
    status: asset.status,
    failureReason: asset.failureReason,
    locations: { ...asset.locations },
    technical: asset.technical,
    derived: {
      proxy: asset.derived.proxy !== null,
      thumbnail: asset.derived.thumbnail !== null,
      filmstrip: asset.derived.filmstrip !== null,
      waveform: asset.derived.waveform !== null,
      preview: asset.derived.preview !== null,
    },
    createdBy: asset.createdBy,
    createdAt: asset.createdAt,
    modifiedAt: asset.modifiedAt,
    version: asset.version,
    trash: asset.trash,
    tags: [...(asset.annotations?.tags ?? [])],
    notes: asset.annotations?.notes ?? '',
  };
}

function describe(folderPath: string): string {
  return folderPath === '' ? 'the library root' : `"${folderPath.slice(0, -1)}"`;
}

function must<T>(checked: { ok: true; value: T } | { ok: false; message: string }, field: string): T {
  if (!checked.ok) throw new DomainError('VALIDATION_FAILED', checked.message, field);
  return checked.value;
}

function translate(error: unknown, conflictMessage: string): unknown {
  if (error instanceof CatalogConflict) return new DomainError('CONFLICT', conflictMessage);
  if (error instanceof CatalogNotFound) return new DomainError('NOT_FOUND', 'That item no longer exists; refresh.');
  return error;
}

function failure(target: string, error: unknown): OperationResult['failed'][number] {
  if (error instanceof DomainError) return { target, code: error.code, message: error.message };
  if (error instanceof CatalogConflict) return { target, code: 'CONFLICT', message: 'Changed by someone else; refresh and try again.' };
  throw error;
}

/**
 * A file still uploading has no object to move yet, and its uploader holds credentials for
 * exactly its old key: moving the record would orphan the bytes still on their way.
 */
function stillUploading(assets: readonly CatalogAsset[]): DomainError {
  const names = assets
    .slice(0, 3)
    .map((asset) => `"${asset.name}"`)
    .join(', ');
  const more = assets.length > 3 ? ` and ${assets.length - 3} more` : '';
  const verb = assets.length === 1 ? 'is' : 'are';
  return new DomainError(
    'CONFLICT',
    `${names}${more} ${verb} still uploading; rename or move it when the upload has finished or was cancelled.`,
  );
}
