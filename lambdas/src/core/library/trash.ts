import { DomainError, type AssetView, type AuditAction, type FolderView, type OperationResult } from '@rushes/shared';
import type { CatalogAsset, CatalogFolder, Principal } from '../../ports';
import { CatalogNotFound } from '../../ports';
import { Access, type Scope } from '../access';
import type { LibraryDeps } from './deps';
import { failure, refused } from './outcomes';
import { assetView, folderView } from './views';

/** What one trash operation does to each item it may change. */
interface ItemOperation {
  /** Resolves false when there was nothing to do (already in that state): nothing is audited. */
  asset: (asset: CatalogAsset) => Promise<boolean | void>;
  folder: (folder: CatalogFolder) => Promise<boolean | void>;
  /** Whether the caller may change what is in the folder (`null`, the root). */
  mayChange: (folder: CatalogFolder | null) => boolean;
  /** Putting in the trash sees the live library; restore and purge see the trash too. */
  scope: Scope;
  actions: { asset: AuditAction; folder: AuditAction };
}

/** Deleting to the trash, listing it, restoring from it and emptying it for good. */
export class TrashBin {
  constructor(private readonly deps: LibraryDeps) {}

  /** What the caller may read in the trash: trashed assets, and the topmost trashed folders. */
  async list(principal: Principal, query: { limit: number; cursor?: string | undefined }) {
    const access = new Access(this.deps.catalog, principal);
    const assets: AssetView[] = [];
    const folders: FolderView[] = [];
    for await (const asset of this.deps.catalog.listAssetsUnder('', { includeTrashed: true })) {
      if (asset.trash && (await access.mayReadAssetsIn(asset.folderPath, 'trash'))) assets.push(assetView(asset));
      if (assets.length >= query.limit) break;
    }
    const stack = [''];
    while (stack.length > 0) {
      const parent = stack.pop()!;
      for (const folder of await this.deps.catalog.listFolders(parent, { includeTrashed: true })) {
        if (folder.trash) {
          if (access.mayReadRecord(folder)) folders.push(folderView(access, folder));
        } else stack.push(folder.path);
      }
    }
    return { folders, assets, nextCursor: null };
  }

  async put(principal: Principal, assetIds: readonly string[], folderPaths: readonly string[]): Promise<OperationResult> {
    const access = new Access(this.deps.catalog, principal);
    const mark = { trashedAt: this.now(), trashedBy: principal.email };
    return this.eachItem(access, assetIds, folderPaths, {
      asset: async (asset) => {
        await this.deps.catalog.updateAsset({ ...asset, trash: mark, modifiedAt: mark.trashedAt, version: asset.version + 1 });
      },
      folder: async (folder) => {
        await this.deps.catalog.updateFolder(folder.path, { trash: mark }, mark.trashedAt);
      },
      mayChange: (folder) => access.mayWrite(folder),
      scope: 'live',
      actions: { asset: 'asset.delete', folder: 'folder.delete' },
    });
  }

  async restore(principal: Principal, assetIds: readonly string[], folderPaths: readonly string[]): Promise<OperationResult> {
    const access = new Access(this.deps.catalog, principal);
    const now = this.now();
    return this.eachItem(access, assetIds, folderPaths, {
      asset: async (asset) => {
        if (!asset.trash) return false;
        await this.deps.catalog.updateAsset({ ...asset, trash: null, modifiedAt: now, version: asset.version + 1 });
      },
      folder: async (folder) => {
        if (!folder.trash) return false;
        await this.deps.catalog.updateFolder(folder.path, { trash: null }, now);
      },
      mayChange: (folder) => access.mayWrite(folder),
      scope: 'trash',
      actions: { asset: 'asset.restore', folder: 'folder.restore' },
    });
  }

  /** Deletes for good, objects included: admins only, and only what is in the trash. */
  async purge(principal: Principal, assetIds: readonly string[], folderPaths: readonly string[]): Promise<OperationResult> {
    const access = new Access(this.deps.catalog, principal);
    if (!access.mayPurge()) {
      await refused(this.deps.audit, principal, 'asset.purge', '', 'only admins may empty the trash', {
        assets: assetIds.length,
        folders: folderPaths.length,
      });
      throw new DomainError('FORBIDDEN', 'Only admins may empty the trash.');
    }
    return this.eachItem(access, assetIds, folderPaths, {
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
      scope: 'trash',
      actions: { asset: 'asset.purge', folder: 'folder.purge' },
    });
  }

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

  private async eachItem(
    access: Access,
    assetIds: readonly string[],
    folderPaths: readonly string[],
    op: ItemOperation,
  ): Promise<OperationResult> {
    const { principal } = access;
    const result: OperationResult = { done: [], failed: [] };
    for (const id of assetIds) {
      try {
        const { asset, folder } = await access.readableAssetIn(id, op.scope);
        if (!op.mayChange(folder)) {
          await refused(this.deps.audit, principal, op.actions.asset, asset.key, 'not allowed to change files here', { assetId: id });
          throw new DomainError('FORBIDDEN', `You may not change "${asset.name}".`);
        }
        const changed = await op.asset(asset);
        if (changed !== false) {
          await this.deps.audit.record({ actor: principal.email, action: op.actions.asset, target: asset.key, details: { assetId: id } });
        }
        result.done.push({ target: id });
      } catch (error) {
        result.failed.push(failure(id, error));
      }
    }
    for (const path of folderPaths) {
      try {
        const folder = await access.readableFolder(path, op.scope);
        if (!folder) throw new DomainError('VALIDATION_FAILED', 'The library itself cannot be deleted.', 'folderPaths');
        if (!op.mayChange(folder)) {
          await refused(this.deps.audit, principal, op.actions.folder, path, 'not allowed to change this folder');
          throw new DomainError('FORBIDDEN', `You may not change "${folder.name}".`);
        }
        const changed = await op.folder(folder);
        if (changed !== false)
          await this.deps.audit.record({ actor: principal.email, action: op.actions.folder, target: path, details: {} });
        result.done.push({ target: path });
      } catch (error) {
        result.failed.push(failure(path, error));
      }
    }
    return result;
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}
