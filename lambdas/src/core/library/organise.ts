import { DomainError, aclForNewFolder, basename, joinFolder, joinKey, normalizeAcl, parentOf } from '@rushes/shared';
import type { AssetView, FolderView, OperationResult } from '@rushes/shared';
import type { CatalogAsset, CatalogFolder, Principal } from '../../ports';
import { Access } from '../access';
import { foldersBelow } from '../folderAccess';
import type { LibraryDeps } from './deps';
import { describe, failure, must, refused, stillUploading, translate } from './outcomes';
import { assetView, folderView } from './views';

/** A folder move copies every object below it in this request; past this, move sub-folders. */
export const MAX_FOLDER_MOVE_OBJECTS = 1_000;

/** Creating, renaming, moving and annotating folders and assets, where Access lets the caller write. */
export class Organise {
  constructor(private readonly deps: LibraryDeps) {}

  async createFolder(principal: Principal, parentPath: string, name: string): Promise<FolderView> {
    const access = new Access(this.deps.catalog, principal);
    const parent = await access.writableFolder(parentPath, 'folders', `You may not create folders in ${describe(parentPath)}.`);
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
      return folderView(access, folder);
    } catch (error) {
      throw translate(error, `A folder or file named "${name}" already exists in ${describe(parentPath)}.`);
    }
  }

  async renameFolder(principal: Principal, path: string, newName: string): Promise<OperationResult> {
    const parentPath = parentOf(path) ?? '';
    const access = new Access(this.deps.catalog, principal);
    return this.relocateFolder(access, path, must(joinFolder(parentPath, newName), 'newName'), 'folder.rename');
  }

  async moveFolder(principal: Principal, path: string, toParentPath: string): Promise<OperationResult> {
    const access = new Access(this.deps.catalog, principal);
    const target = await access.readableFolder(toParentPath);
    if (!access.mayWrite(target, 'folders')) {
      await refused(this.deps.audit, principal, 'folder.move', path, `not allowed to write ${describe(toParentPath)}`);
      throw new DomainError('FORBIDDEN', `You may not move folders into ${describe(toParentPath)}.`);
    }
    return this.relocateFolder(access, path, must(joinFolder(toParentPath, basename(path)), 'path'), 'folder.move', target);
  }

  /** Sets an asset's tags and notes; whoever may change files in its folder may. */
  async annotateAsset(principal: Principal, id: string, version: number, tags: readonly string[], notes: string): Promise<AssetView> {
    const asset = await writableAsset(new Access(this.deps.catalog, principal), id);
    if (asset.version !== version) throw new DomainError('CONFLICT', 'Someone changed this file meanwhile; reopen it and try again.');
    try {
      const updated = await this.deps.catalog.updateAsset({
        ...asset,
        annotations: { tags, notes },
        version: asset.version + 1,
        modifiedAt: this.now(),
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
    const asset = await writableAsset(new Access(this.deps.catalog, principal), id);
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
    const access = new Access(this.deps.catalog, principal);
    const target = await access.readableFolder(toFolderPath);
    if (!access.mayWrite(target)) {
      await refused(this.deps.audit, principal, 'asset.move', toFolderPath, `not allowed to write ${describe(toFolderPath)}`, {
        assets: ids.length,
      });
      throw new DomainError('FORBIDDEN', `You may not move files into ${describe(toFolderPath)}.`);
    }
    const result: OperationResult = { done: [], failed: [] };
    for (const id of ids) {
      try {
        const asset = await writableAsset(access, id);
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

  private now(): string {
    return this.deps.clock.now().toISOString();
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
    access: Access,
    path: string,
    toPath: string,
    action: 'folder.rename' | 'folder.move',
    newParent: CatalogFolder | null = null,
  ): Promise<OperationResult> {
    const { principal } = access;
    const folder = await access.readableFolder(path);
    if (!folder || !access.mayWrite(folder)) {
      await refused(this.deps.audit, principal, action, path, 'not allowed to change this folder');
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
}

/** A live asset in a folder whose files the caller may change. */
function writableAsset(access: Access, id: string): Promise<CatalogAsset> {
  return access.writableAsset(id, 'live', (asset) => `You may not change files in ${describe(asset.folderPath)}.`);
}
