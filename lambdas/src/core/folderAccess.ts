import { ADMIN_GROUP, DomainError, normalizeAcl, type FolderAcl, type SetFolderAclResponse } from '@rushes/shared';
import type { Catalog, CatalogFolder, Clock, Principal } from '../ports';
import type { Directory } from '../ports/directory';
import { Access } from './access';
import type { AuditLog } from './audit';

export interface FolderAccessDeps {
  catalog: Catalog;
  /** Only its groups are asked: a group must exist to be granted. */
  directory: Pick<Directory, 'listGroups'>;
  clock: Clock;
  audit: AuditLog;
}

/**
 * Folder permissions: which groups may read a folder. Only admins read or change
 * them. `admin` is always on the ACL. A group must exist in the directory to be granted.
 * "Apply to subfolders" gives every folder below the same ACL, as a new subfolder would
 * inherit it; otherwise subfolders keep their own.
 */
export class FolderAccess {
  constructor(private readonly deps: FolderAccessDeps) {}

  async get(principal: Principal, path: string): Promise<FolderAcl> {
    const folder = await new Access(this.deps.catalog, principal).aclEditableFolder(path);
    const [groups, below] = await Promise.all([this.deps.directory.listGroups(), this.descendants(path)]);
    const names = new Set(groups.map((group) => group.name));
    // An ACL may still name a group deleted from the directory since: show it, so it can be unticked.
    const listed = [
      ...groups,
      ...[ADMIN_GROUP, ...folder.aclGroups].filter((name) => !names.has(name)).map((name) => ({ name, description: null })),
    ];
    return {
      path,
      aclGroups: normalizeAcl(folder.aclGroups),
      groups: [...new Map(listed.map((group) => [group.name, group])).values()]
        .sort((a, b) => (a.name === ADMIN_GROUP ? -1 : b.name === ADMIN_GROUP ? 1 : a.name.localeCompare(b.name)))
        .map((group) => ({ ...group, locked: group.name === ADMIN_GROUP })),
      subfolders: below.length,
    };
  }

  async set(principal: Principal, path: string, groups: readonly string[], applyToSubfolders: boolean): Promise<SetFolderAclResponse> {
    const folder = await new Access(this.deps.catalog, principal).aclEditableFolder(path);
    const known = new Set((await this.deps.directory.listGroups()).map((group) => group.name));
    // A group that is already on the ACL may stay even if the directory lost it; no new unknown ones.
    const unknown = groups.filter((group) => group !== ADMIN_GROUP && !known.has(group) && !folder.aclGroups.includes(group));
    if (unknown.length > 0) {
      throw new DomainError('VALIDATION_FAILED', `There is no group named "${unknown[0]}".`, 'groups');
    }
    const acl = normalizeAcl(groups);
    const targets = [folder, ...(applyToSubfolders ? await this.descendants(path) : [])];
    let updated = 0;
    for (const target of targets) {
      const before = normalizeAcl(target.aclGroups);
      if (before.join('\n') === acl.join('\n')) continue;
      const at = this.deps.clock.now().toISOString();
      await this.deps.catalog.updateFolder(target.path, { aclGroups: acl }, at);
      await this.deps.audit.record({
        actor: principal.email,
        action: 'folder.acl',
        target: target.path,
        details: { before: before.join(','), after: acl.join(','), viaParent: target.path !== path },
      });
      updated++;
    }
    return { path, aclGroups: acl, updatedFolders: updated };
  }

  private descendants(path: string): Promise<CatalogFolder[]> {
    return foldersBelow(this.deps.catalog, path);
  }
}

/** Every folder below `path` (`` for all), depth first; live ones unless trashed are asked for too. */
export async function foldersBelow(catalog: Catalog, path: string, options: { includeTrashed?: boolean } = {}): Promise<CatalogFolder[]> {
  const found: CatalogFolder[] = [];
  const stack = [path];
  while (stack.length > 0) {
    for (const child of await catalog.listFolders(stack.pop()!, options)) {
      found.push(child);
      stack.push(child.path);
    }
  }
  return found;
}
