import {
  ADMIN_GROUP,
  DomainError,
  canCreateTopLevelFolder,
  canManageAcl,
  canPurgeTrash,
  canRead,
  canWrite,
  isAdmin,
  parentOf,
  type Note,
} from '@rushes/shared';
import type { Catalog, CatalogAsset, CatalogFolder, Change, Principal } from '../ports';

/** Assets at the root belong to no folder: only admins see or change them. */
const ROOT_ACL: readonly string[] = [ADMIN_GROUP];

/**
 * Which folders an answer covers. `live`: what browsing, changing, uploading and sending see;
 * a trashed folder, and every folder below one, is missing. `trash`: what restore and purge
 * see; the trash state does not hide anything, the ACL still does.
 */
export type Scope = 'live' | 'trash';

/**
 * What goes into a folder: files (the root holds them for admins only) or folders (a
 * top-level folder is for admins and media managers).
 */
export type Content = 'files' | 'folders';

/**
 * The one answer to "may this principal read or write this folder or asset". One Access
 * serves one request: each folder record and each answer is asked of the catalog once for
 * its lifetime, so batch answers (a change feed page, a search, a transfer's folders) cost
 * one read per folder. A folder the caller may not read answers NOT_FOUND, word for word
 * like one that does not exist, so its existence does not leak; FORBIDDEN only ever
 * answers for what the caller may read.
 */
export class Access {
  private readonly folders = new Map<string, Promise<CatalogFolder | null>>();
  private readonly buried = new Map<string, Promise<boolean>>();
  private readonly readable = new Map<string, Promise<boolean>>();

  constructor(
    private readonly catalog: Catalog,
    readonly principal: Principal,
  ) {}

  /** The folder's record as the catalog has it, whoever may see it: for use cases that go on to change it. */
  folder(path: string): Promise<CatalogFolder | null> {
    let found = this.folders.get(path);
    if (!found) {
      found = this.catalog.getFolder(path);
      this.folders.set(path, found);
    }
    return found;
  }

  /** The ACL a folder's contents go by; the root's (`null`) is the admins'. */
  aclOf(folder: CatalogFolder | null): readonly string[] {
    return folder ? folder.aclGroups : ROOT_ACL;
  }

  /** Whether the caller may put `content` into the folder (`null`, the root) or change what is in it. */
  mayWrite(folder: CatalogFolder | null, content: Content = 'files'): boolean {
    if (!folder && content === 'folders') return canCreateTopLevelFolder(this.principal);
    return canWrite(this.principal, this.aclOf(folder));
  }

  /** Whether the caller may read the folder's record by its ACL alone (trash aside). */
  mayReadRecord(folder: CatalogFolder | null): boolean {
    return canRead(this.principal, this.aclOf(folder));
  }

  /** Whether the folder is in the trash, itself or below a trashed folder: its contents go with it. */
  async isTrashed(folder: CatalogFolder): Promise<boolean> {
    return folder.trash !== null || (await this.underTrash(folder.path));
  }

  /**
   * The folder (null for the root) if it exists in the scope and the caller may read it;
   * otherwise NOT_FOUND.
   */
  async readableFolder(path: string, scope: Scope = 'live'): Promise<CatalogFolder | null> {
    if (path === '') return null;
    const folder = await this.folder(path);
    const hidden = !folder || !canRead(this.principal, folder.aclGroups) || (scope === 'live' && (await this.isTrashed(folder)));
    if (hidden) throw new DomainError('NOT_FOUND', `Folder "${path}" was not found.`);
    return folder;
  }

  /** As readableFolder, and the caller may put `content` into it: FORBIDDEN with `refusal` otherwise. */
  async writableFolder(path: string, content: Content, refusal: string): Promise<CatalogFolder | null> {
    const folder = await this.readableFolder(path);
    if (!this.mayWrite(folder, content)) throw new DomainError('FORBIDDEN', refusal);
    return folder;
  }

  /**
   * Whether the caller may read the folder's assets in the scope (the root's only for admins),
   * as a yes or no for answers that cover many assets and leave out what the caller may not see.
   */
  mayReadAssetsIn(folderPath: string, scope: Scope = 'live'): Promise<boolean> {
    const asked = `${scope}:${folderPath}`;
    let answer = this.readable.get(asked);
    if (!answer) {
      answer = this.readableFolder(folderPath, scope).then(
        (folder) => this.mayReadRecord(folder),
        () => false,
      );
      this.readable.set(asked, answer);
    }
    return answer;
  }

  /** The asset if the caller may read it in the scope; missing, trashed and unreadable all answer the same NOT_FOUND. */
  async readableAsset(id: string, scope: Scope = 'live'): Promise<CatalogAsset> {
    return (await this.readableAssetIn(id, scope)).asset;
  }

  /** As readableAsset, and the caller may change files in its folder: FORBIDDEN with `refusal` otherwise. */
  async writableAsset(id: string, scope: Scope, refusal: (asset: CatalogAsset) => string): Promise<CatalogAsset> {
    const { asset, folder } = await this.readableAssetIn(id, scope);
    if (!this.mayWrite(folder)) throw new DomainError('FORBIDDEN', refusal(asset));
    return asset;
  }

  /**
   * Whether a change of the feed is the caller's to see. An asset change shows where its
   * assets may be read (the asset's own trash mark travels in the change); a folder change
   * shows to whoever may read the folder and is not below a trashed one, so its own trash
   * and restore reach the clients that list it. A removed folder has no ACL left to judge
   * by: only admins see it, and others re-list a folder on any change in it.
   */
  async mayFollow(change: Change): Promise<boolean> {
    if (change.kind === 'folder.removed') return this.mayManageAcl();
    if (change.kind === 'asset.put' || change.kind === 'asset.removed') return this.mayReadAssetsIn(change.folderPath);
    const folder = await this.folder(change.target);
    return folder !== null && canRead(this.principal, folder.aclGroups) && !(await this.underTrash(folder.path));
  }

  /** The folder whose ACL an admin may see and change: NOT_FOUND as for reading, then FORBIDDEN for non-admins. */
  async aclEditableFolder(path: string): Promise<CatalogFolder> {
    const folder = await this.readableFolder(path);
    if (!folder) throw new DomainError('NOT_FOUND', `Folder "${path}" was not found.`);
    if (!this.mayManageAcl()) throw new DomainError('FORBIDDEN', 'Only admins change who may see a folder.');
    return folder;
  }

  /** Only admins see and change folder ACLs. */
  mayManageAcl(): boolean {
    return canManageAcl(this.principal);
  }

  /** A note's text and drawing are its author's to change or delete, and any admin's. */
  mayChangeNote(note: Pick<Note, 'author'>): boolean {
    return isAdmin(this.principal) || note.author === this.principal.email;
  }

  /** Only admins delete for good, and only what is in the trash. */
  mayPurge(): boolean {
    return canPurgeTrash(this.principal);
  }

  /** As readableAsset, with the folder it is in (null for the root). */
  async readableAssetIn(id: string, scope: Scope): Promise<{ asset: CatalogAsset; folder: CatalogFolder | null }> {
    return this.readableLoaded(await this.catalog.getAsset(id), scope);
  }

  /**
   * As readableAssetIn, for an asset already read (a batch reads its assets in one call):
   * missing (null), trashed and unreadable all answer the same NOT_FOUND.
   */
  async readableLoaded(asset: CatalogAsset | null, scope: Scope = 'live'): Promise<{ asset: CatalogAsset; folder: CatalogFolder | null }> {
    const missing = new DomainError('NOT_FOUND', 'That file was not found.');
    if (!asset || (scope === 'live' && asset.trash)) throw missing;
    const folder = await this.readableFolder(asset.folderPath, scope).catch(() => {
      throw missing;
    });
    if (!this.mayReadRecord(folder)) throw missing;
    return { asset, folder };
  }

  private underTrash(path: string): Promise<boolean> {
    const parent = parentOf(path);
    if (!parent) return Promise.resolve(false);
    let answer = this.buried.get(parent);
    if (!answer) {
      answer = this.folder(parent).then(async (folder) => folder?.trash != null || (await this.underTrash(parent)));
      this.buried.set(parent, answer);
    }
    return answer;
  }
}
