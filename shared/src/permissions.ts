/**
 * Who may do what, as pure functions of the caller's groups and a folder's ACL.
 *
 * The model, kept small on purpose:
 * - a folder's ACL is a list of groups; members of any of them may read the folder;
 * - `admin` is on every ACL, cannot be removed, and may do everything;
 * - members of `media-managers` may also change what they can read: upload, rename, move,
 *   delete to trash. Editors read and send media to their workstations, and never delete
 *   camera originals;
 * - only admins change ACLs, users, groups and workstations, read the audit log and purge
 *   the trash.
 * Every route checks these rules; a folder the caller may not read must look like one that
 * does not exist.
 */
import type { AclGroups, Workstation } from './domain';
import type { Checked } from './names';

export const ADMIN_GROUP = 'admin';
export const MEDIA_MANAGER_GROUP = 'media-managers';
export const EDITOR_GROUP = 'editors';

/** The groups every Rushes directory has (local mode's first start, the cloud's auth stack). */
export const BUILT_IN_GROUPS = [
  { name: ADMIN_GROUP, description: 'Manages users, groups, folder permissions and workstations; on every folder ACL.' },
  { name: MEDIA_MANAGER_GROUP, description: 'Uploads and organises media in the folders their groups may see.' },
  { name: EDITOR_GROUP, description: 'Browses the folders their groups may see and sends clips to edit shares.' },
] as const;
export const MAX_GROUP_NAME_LENGTH = 128;

/** The caller, as the verified token describes them (`email`, `cognito:groups`). */
export interface Principal {
  readonly email: string;
  readonly groups: readonly string[];
}

export function isAdmin(principal: Principal): boolean {
  return principal.groups.includes(ADMIN_GROUP);
}

export function isMediaManager(principal: Principal): boolean {
  return principal.groups.includes(MEDIA_MANAGER_GROUP);
}

/** May the caller see the folder, its assets, their proxies and their changes. */
export function canRead(principal: Principal, aclGroups: AclGroups): boolean {
  return isAdmin(principal) || principal.groups.some((group) => aclGroups.includes(group));
}

/** May the caller upload into, rename, move out of or delete from the folder. */
export function canWrite(principal: Principal, aclGroups: AclGroups): boolean {
  return isAdmin(principal) || (isMediaManager(principal) && canRead(principal, aclGroups));
}

/** Top-level folders have no parent ACL to check against. */
export function canCreateTopLevelFolder(principal: Principal): boolean {
  return isAdmin(principal) || isMediaManager(principal);
}

/** A move takes something out of one folder and puts it into another: both must be writable. */
export function canMove(principal: Principal, fromAcl: AclGroups, toAcl: AclGroups): boolean {
  return canWrite(principal, fromAcl) && canWrite(principal, toAcl);
}

/** May the caller send media to, or remove media from, this workstation's edit share. The
 * caller must also be able to read every asset sent. */
export function canUseWorkstation(principal: Principal, workstation: Pick<Workstation, 'groups'>): boolean {
  return isAdmin(principal) || principal.groups.some((group) => workstation.groups.includes(group));
}

export function canManageAcl(principal: Principal): boolean {
  return isAdmin(principal);
}

export function canManageUsers(principal: Principal): boolean {
  return isAdmin(principal);
}

export function canManageWorkstations(principal: Principal): boolean {
  return isAdmin(principal);
}

export function canReadAudit(principal: Principal): boolean {
  return isAdmin(principal);
}

export function canPurgeTrash(principal: Principal): boolean {
  return isAdmin(principal);
}

/** The stored form of an ACL: no duplicates, sorted by code unit (stable across locales), `admin` always in. */
export function normalizeAcl(groups: Iterable<string>): string[] {
  return [...new Set([ADMIN_GROUP, ...groups])].sort();
}

/** A sub-folder starts with its parent's ACL; a top-level folder with its creator's groups. */
export function aclForNewFolder(parentAcl: AclGroups | null, creatorGroups: readonly string[]): string[] {
  return normalizeAcl(parentAcl ?? creatorGroups);
}

export type GroupNameProblem = 'empty' | 'too-long' | 'invalid-character';

// Cognito's pattern for group names: letters, marks, symbols, numbers and punctuation only.
const GROUP_NAME_CHARACTER = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]$/u;

export function validateGroupName(name: string): Checked<string, GroupNameProblem> {
  const value = name.normalize('NFC');
  if (value === '') return { ok: false, reason: 'empty', message: 'A group name cannot be empty' };
  // Counted in UTF-16 code units, never fewer than characters, so Cognito cannot disagree.
  if (value.length > MAX_GROUP_NAME_LENGTH) {
    return {
      ok: false,
      reason: 'too-long',
      message: `Group name "${Array.from(value).slice(0, 40).join('')}…" is longer than ${MAX_GROUP_NAME_LENGTH} characters`,
    };
  }
  for (const char of value) {
    if (!GROUP_NAME_CHARACTER.test(char)) {
      const what = /\s/u.test(char)
        ? 'a space'
        : `the character U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
      return {
        ok: false,
        reason: 'invalid-character',
        message: `Group name contains ${what}; use letters, digits, symbols and punctuation only`,
      };
    }
  }
  return { ok: true, value };
}

export type AclProblem = 'forbidden' | 'invalid-group';

export interface AclChange {
  readonly acl: string[];
  readonly added: string[];
  readonly removed: string[];
}

/**
 * An admin's request to set who may read a folder. `admin` is kept even when the request
 * leaves it out, as the UI shows it checked and disabled. Whether each group exists is for
 * the caller to check against the directory.
 */
export function setFolderAcl(principal: Principal, currentAcl: AclGroups, requested: readonly string[]): Checked<AclChange, AclProblem> {
  if (!canManageAcl(principal)) {
    return { ok: false, reason: 'forbidden', message: 'Only admins can change which groups may see a folder' };
  }
  const groups: string[] = [];
  for (const group of requested) {
    const checked = validateGroupName(group);
    if (!checked.ok) return { ok: false, reason: 'invalid-group', message: checked.message };
    groups.push(checked.value);
  }
  const acl = normalizeAcl(groups);
  const before = normalizeAcl(currentAcl);
  return {
    ok: true,
    value: {
      acl,
      added: acl.filter((group) => !before.includes(group)),
      removed: before.filter((group) => !acl.includes(group)),
    },
  };
}
