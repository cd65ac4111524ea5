import {
  ADMIN_GROUP,
  DomainError,
  MEDIA_MANAGER_GROUP,
  canManageUsers,
  mustEnrolMfa,
  normalizeAcl,
  type CreatedUser,
  type FolderViewers,
  type GroupChangeResult,
  type GroupView,
  type TemporaryPassword,
  type UserRow,
  type UserView,
} from '@rushes/shared';
import type { Catalog, CatalogFolder, Clock, Principal } from '../ports';
import { DirectoryConflict, DirectoryInvalid, type Directory, type DirectoryUser } from '../ports/directory';
import type { AuditLog } from './audit';
import { existingUser, memberships, requireGroups, userView, userViewer, usersInGroup } from './directoryViews';
import { foldersBelow } from './folderAccess';
import type { SignInSecurity } from './signInSecurity';

/** Groups the product relies on: never deleted or renamed through Rushes. */
export const BUILT_IN_GROUP_NAMES: readonly string[] = [ADMIN_GROUP, MEDIA_MANAGER_GROUP, 'editors'];

export interface AdministrationDeps {
  directory: Directory;
  catalog: Catalog;
  audit: AuditLog;
  clock: Clock;
  /** Makes temporary passwords the pool's policy accepts. */
  newPassword: () => string;
  /** Told when a user is disabled or deleted, so this process refuses their next request. */
  security: Pick<SignInSecurity, 'forgetDisabled' | 'getSettings'>;
}

/**
 * Users and groups, admins only. Disabling is enforced by our API: the catalog
 * keeps a disabled-users record that every request checks, because a token stays valid for
 * up to an hour and cognito-local still signs disabled users in. Every change is audited
 * with what was before and after; temporary passwords are returned once and never recorded.
 */
export class Administration {
  constructor(private readonly deps: AdministrationDeps) {}

  // Users --------------------------------------------------------------------------------

  /** Every user with their groups and two-step sign-in (enrolled, and required by their groups). */
  async listUsers(principal: Principal): Promise<{ users: UserRow[] }> {
    this.requireAdmin(principal);
    const [users, view, settings] = await Promise.all([
      this.deps.directory.listUsers(),
      userViewer(this.deps.directory, this.deps.catalog),
      this.deps.security.getSettings(),
    ]);
    const enrolled = await this.deps.directory.usersWithMfa(users.map((user) => user.id));
    return {
      users: users.map((user) => {
        const row = view(user);
        return { ...row, twoStep: { enrolled: enrolled.has(user.id), required: mustEnrolMfa(settings, row.groups) } };
      }),
    };
  }

  async createUser(principal: Principal, email: string, groups: readonly string[]): Promise<CreatedUser> {
    this.requireAdmin(principal);
    const wanted = [...new Set(groups)].sort();
    await requireGroups(this.deps.directory, wanted, 'groups');
    const temporaryPassword = this.deps.newPassword();
    let user: DirectoryUser;
    try {
      user = await this.deps.directory.createUser(email, temporaryPassword);
    } catch (error) {
      if (error instanceof DirectoryConflict)
        throw new DomainError('CONFLICT', `A user with the email address ${email} already exists.`, 'email');
      throw error;
    }
    for (const group of wanted) await this.deps.directory.addUserToGroup(user.id, group);
    await this.deps.audit.record({
      actor: principal.email,
      action: 'user.create',
      target: email,
      details: { userId: user.id, groups: wanted.join(',') },
    });
    return { user: userView(user, wanted, new Set()), temporaryPassword };
  }

  async setUserEnabled(principal: Principal, id: string, enabled: boolean): Promise<UserView> {
    this.requireAdmin(principal);
    const user = await existingUser(this.deps.directory, id);
    if (!enabled && id === principal.userId) {
      throw new DomainError('VALIDATION_FAILED', 'You cannot disable your own account; ask another admin.', 'id');
    }
    const wasEnabled = (await this.deps.catalog.userDisabled(id)) === null && user.enabled;
    if (enabled) {
      await this.deps.directory.setUserEnabled(id, true);
      await this.deps.catalog.setUserDisabled(id, null);
      this.deps.security.forgetDisabled(id);
    } else {
      // Our record first: from this moment the API refuses the user's tokens.
      await this.deps.catalog.setUserDisabled(id, { email: user.email, disabledAt: this.now(), disabledBy: principal.email });
      this.deps.security.forgetDisabled(id);
      await this.deps.directory.setUserEnabled(id, false);
      // Their refresh tokens stop renewing; the ID token in hand is refused by the record above.
      await this.deps.directory.signOutEverywhere(id);
    }
    await this.deps.audit.record({
      actor: principal.email,
      action: enabled ? 'user.enable' : 'user.disable',
      target: user.email,
      details: { userId: id, before: wasEnabled ? 'enabled' : 'disabled', after: enabled ? 'enabled' : 'disabled' },
    });
    return userView({ ...user, enabled }, await this.deps.directory.groupsOfUser(id), enabled ? new Set() : new Set([id]));
  }

  async resetPassword(principal: Principal, id: string): Promise<TemporaryPassword> {
    this.requireAdmin(principal);
    const user = await existingUser(this.deps.directory, id);
    const temporaryPassword = this.deps.newPassword();
    try {
      await this.deps.directory.setTemporaryPassword(id, temporaryPassword);
    } catch (error) {
      if (error instanceof DirectoryInvalid) throw new DomainError('INTERNAL', 'The directory refused the generated password.');
      throw error;
    }
    await this.deps.audit.record({
      actor: principal.email,
      action: 'user.password-reset',
      target: user.email,
      details: { userId: id, before: user.status, after: 'FORCE_CHANGE_PASSWORD' },
    });
    return { id, email: user.email, temporaryPassword };
  }

  async deleteUser(principal: Principal, id: string): Promise<{ id: string; email: string }> {
    this.requireAdmin(principal);
    if (id === principal.userId) throw new DomainError('VALIDATION_FAILED', 'You cannot delete your own account; ask another admin.', 'id');
    const user = await existingUser(this.deps.directory, id);
    const groups = await this.deps.directory.groupsOfUser(id);
    // A deleted user's tokens stay valid until they expire: the disabled record refuses them.
    await this.deps.catalog.setUserDisabled(id, { email: user.email, disabledAt: this.now(), disabledBy: principal.email });
    this.deps.security.forgetDisabled(id);
    await this.deps.directory.deleteUser(id);
    await this.deps.audit.record({
      actor: principal.email,
      action: 'user.delete',
      target: user.email,
      details: { userId: id, groups: groups.join(','), status: user.status },
    });
    return { id, email: user.email };
  }

  // Groups -------------------------------------------------------------------------------

  async listGroups(principal: Principal): Promise<{ groups: GroupView[] }> {
    this.requireAdmin(principal);
    const [groups, groupsOfUsers, folders] = await Promise.all([
      this.deps.directory.listGroups(),
      memberships(this.deps.directory),
      this.allFolders(),
    ]);
    const members = new Map<string, number>();
    for (const names of groupsOfUsers.values()) for (const name of names) members.set(name, (members.get(name) ?? 0) + 1);
    return {
      groups: groups.map((group) => ({
        name: group.name,
        description: group.description,
        builtIn: BUILT_IN_GROUP_NAMES.includes(group.name),
        members: members.get(group.name) ?? 0,
        folders: group.name === ADMIN_GROUP ? folders.length : folders.filter((folder) => folder.aclGroups.includes(group.name)).length,
      })),
    };
  }

  async createGroup(principal: Principal, name: string, description: string): Promise<GroupView> {
    this.requireAdmin(principal);
    try {
      await this.deps.directory.createGroup(name, description || null);
    } catch (error) {
      if (error instanceof DirectoryConflict) throw new DomainError('CONFLICT', `A group named "${name}" already exists.`, 'name');
      throw error;
    }
    await this.deps.audit.record({
      actor: principal.email,
      action: 'group.create',
      target: name,
      details: { description: description || null },
    });
    return { name, description: description || null, builtIn: false, members: 0, folders: 0 };
  }

  /**
   * Cognito cannot rename a group, so a rename is: create the new group, move every member
   * into it, put it on every folder ACL that named the old one, delete the old one. Members
   * see the new name in their next token (within one refresh); until then their old token
   * names the old group, which no ACL names any more.
   */
  async renameGroup(principal: Principal, name: string, newName: string): Promise<GroupChangeResult> {
    this.requireAdmin(principal);
    this.refuseBuiltIn(name, 'renamed', 'name');
    if (name === newName) throw new DomainError('VALIDATION_FAILED', 'The new name is the same as the old one.', 'newName');
    const old = (await this.deps.directory.listGroups()).find((group) => group.name === name);
    if (!old) throw new DomainError('NOT_FOUND', `There is no group named "${name}".`, 'name');
    try {
      await this.deps.directory.createGroup(newName, old.description);
    } catch (error) {
      if (error instanceof DirectoryConflict) throw new DomainError('CONFLICT', `A group named "${newName}" already exists.`, 'newName');
      throw error;
    }
    const members = await this.deps.directory.usersInGroup(name);
    for (const member of members) await this.deps.directory.addUserToGroup(member.id, newName);
    const folders = await this.replaceInAcls(principal, name, newName);
    await this.deps.directory.deleteGroup(name);
    await this.deps.audit.record({
      actor: principal.email,
      action: 'group.rename',
      target: newName,
      details: { before: name, after: newName, members: members.length, folders },
    });
    return { name: newName, members: members.length, folders };
  }

  /** Refused while folder ACLs name the group, unless `removeFromFolders` confirms taking it off them. */
  async deleteGroup(principal: Principal, name: string, removeFromFolders: boolean): Promise<GroupChangeResult> {
    this.requireAdmin(principal);
    this.refuseBuiltIn(name, 'deleted', 'name');
    if (!(await this.deps.directory.listGroups()).some((group) => group.name === name)) {
      throw new DomainError('NOT_FOUND', `There is no group named "${name}".`, 'name');
    }
    const using = (await this.allFolders()).filter((folder) => folder.aclGroups.includes(name));
    if (using.length > 0 && !removeFromFolders) {
      const shown = using
        .slice(0, 3)
        .map((folder) => `"${folder.path.slice(0, -1)}"`)
        .join(', ');
      throw new DomainError(
        'CONFLICT',
        `"${name}" may see ${using.length} folder${using.length === 1 ? '' : 's'} (${shown}${using.length > 3 ? ', …' : ''}). Confirm to take it off them and delete it.`,
        'removeFromFolders',
      );
    }
    const members = await this.deps.directory.usersInGroup(name);
    const folders = await this.replaceInAcls(principal, name, null);
    await this.deps.directory.deleteGroup(name);
    await this.deps.audit.record({
      actor: principal.email,
      action: 'group.delete',
      target: name,
      details: { members: members.map((member) => member.email).join(','), folders },
    });
    return { name, members: members.length, folders };
  }

  async groupMembers(principal: Principal, name: string): Promise<{ users: UserView[] }> {
    this.requireAdmin(principal);
    const [users, view] = await Promise.all([usersInGroup(this.deps.directory, name), userViewer(this.deps.directory, this.deps.catalog)]);
    return { users: users.map(view) };
  }

  async addMembers(principal: Principal, name: string, userIds: readonly string[]): Promise<{ users: UserView[] }> {
    return this.changeMembers(principal, name, userIds, true);
  }

  async removeMembers(principal: Principal, name: string, userIds: readonly string[]): Promise<{ users: UserView[] }> {
    if (name === ADMIN_GROUP && userIds.includes(principal.userId)) {
      throw new DomainError('VALIDATION_FAILED', 'You cannot take yourself out of admin; ask another admin.', 'userIds');
    }
    return this.changeMembers(principal, name, userIds, false);
  }

  /** Everyone who may read a folder, and through which of its groups. */
  async folderViewers(principal: Principal, path: string): Promise<FolderViewers> {
    this.requireAdmin(principal);
    const folder = await this.deps.catalog.getFolder(path);
    if (!folder) throw new DomainError('NOT_FOUND', `Folder "${path}" was not found.`, 'path');
    const acl = normalizeAcl(folder.aclGroups);
    const known = new Set((await this.deps.directory.listGroups()).map((group) => group.name));
    const view = await userViewer(this.deps.directory, this.deps.catalog);
    const viewers = new Map<string, { user: DirectoryUser; via: string[] }>();
    for (const group of acl.filter((name) => known.has(name))) {
      for (const user of await this.deps.directory.usersInGroup(group)) {
        const entry = viewers.get(user.id) ?? { user, via: [] };
        entry.via.push(group);
        viewers.set(user.id, entry);
      }
    }
    return {
      path,
      aclGroups: acl,
      viewers: [...viewers.values()]
        .sort((a, b) => a.user.email.localeCompare(b.user.email))
        .map(({ user, via }) => ({ ...view(user), via })),
    };
  }

  // Internals ----------------------------------------------------------------------------

  private requireAdmin(principal: Principal): void {
    if (!canManageUsers(principal)) throw new DomainError('FORBIDDEN', 'Only admins manage users and groups.');
  }

  private refuseBuiltIn(name: string, what: string, field: string): void {
    if (BUILT_IN_GROUP_NAMES.includes(name)) {
      throw new DomainError('VALIDATION_FAILED', `"${name}" is built in and cannot be ${what}.`, field);
    }
  }

  private async changeMembers(
    principal: Principal,
    name: string,
    userIds: readonly string[],
    add: boolean,
  ): Promise<{ users: UserView[] }> {
    this.requireAdmin(principal);
    await requireGroups(this.deps.directory, [name], 'name');
    const users: DirectoryUser[] = [];
    for (const id of new Set(userIds)) users.push(await existingUser(this.deps.directory, id, 'userIds'));
    for (const user of users) {
      const before = await this.deps.directory.groupsOfUser(user.id);
      if (before.includes(name) === add) continue;
      if (add) await this.deps.directory.addUserToGroup(user.id, name);
      else await this.deps.directory.removeUserFromGroup(user.id, name);
      const after = add ? [...before, name].sort() : before.filter((group) => group !== name);
      await this.deps.audit.record({
        actor: principal.email,
        action: 'user.groups',
        target: user.email,
        details: { userId: user.id, [add ? 'added' : 'removed']: name, before: before.join(','), after: after.join(',') },
      });
    }
    return this.groupMembers(principal, name);
  }

  /** Swaps `from` for `to` (or takes it off, with null) on every folder ACL; each change is audited. */
  private async replaceInAcls(principal: Principal, from: string, to: string | null): Promise<number> {
    let changed = 0;
    for (const folder of await this.allFolders()) {
      if (!folder.aclGroups.includes(from)) continue;
      const before = normalizeAcl(folder.aclGroups);
      const after = normalizeAcl([...folder.aclGroups.filter((group) => group !== from), ...(to ? [to] : [])]);
      await this.deps.catalog.updateFolder(folder.path, { aclGroups: after }, this.now());
      await this.deps.audit.record({
        actor: principal.email,
        action: 'folder.acl',
        target: folder.path,
        details: { before: before.join(','), after: after.join(','), viaGroup: to ? `renamed ${from} to ${to}` : `deleted ${from}` },
      });
      changed++;
    }
    return changed;
  }

  /** Every folder, trashed ones too: a restored folder must not bring back a deleted group. */
  private allFolders(): Promise<CatalogFolder[]> {
    return foldersBelow(this.deps.catalog, '', { includeTrashed: true });
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}
