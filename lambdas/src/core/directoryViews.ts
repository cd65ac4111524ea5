import { DomainError, type UserView } from '@rushes/shared';
import type { Catalog } from '../ports';
import { DirectoryNotFound, type Directory, type DirectoryUser } from '../ports/directory';

/** What the admin screens show of a user: the directory's record, their groups, and Rushes' own disabled list. */
export function userView(user: DirectoryUser, groups: readonly string[], disabled: ReadonlySet<string>): UserView {
  return {
    id: user.id,
    email: user.email,
    enabled: user.enabled && !disabled.has(user.id),
    status: user.status,
    groups: [...groups],
    createdAt: user.createdAt,
  };
}

/** User id → group names, from one listing per group (not one call per user). */
export async function memberships(directory: Directory): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  for (const group of await directory.listGroups()) {
    for (const user of await directory.usersInGroup(group.name)) {
      map.set(user.id, [...(map.get(user.id) ?? []), group.name].sort());
    }
  }
  return map;
}

/**
 * Reads every membership and the disabled list once, and returns a function that makes the
 * view of any user from them: for screens that list many users.
 */
export async function userViewer(
  directory: Directory,
  catalog: Pick<Catalog, 'listDisabledUsers'>,
): Promise<(user: DirectoryUser) => UserView> {
  const [groups, disabled] = await Promise.all([memberships(directory), disabledIds(catalog)]);
  return (user) => userView(user, groups.get(user.id) ?? [], disabled);
}

export async function disabledIds(catalog: Pick<Catalog, 'listDisabledUsers'>): Promise<Set<string>> {
  return new Set((await catalog.listDisabledUsers()).map((user) => user.userId));
}

/** Refuses, naming `field`, the first of `names` that is not a group. */
export async function requireGroups(directory: Directory, names: readonly string[], field: string): Promise<void> {
  const known = new Set((await directory.listGroups()).map((group) => group.name));
  const missing = names.find((name) => !known.has(name));
  if (missing !== undefined) throw new DomainError('VALIDATION_FAILED', `There is no group named "${missing}".`, field);
}

export async function existingUser(directory: Directory, id: string, field = 'id'): Promise<DirectoryUser> {
  const user = await directory.getUser(id);
  if (!user) throw new DomainError('NOT_FOUND', 'That user does not exist.', field);
  return user;
}

/** The group's members; a group that does not exist is a NOT_FOUND naming `name`. */
export async function usersInGroup(directory: Directory, name: string): Promise<DirectoryUser[]> {
  try {
    return await directory.usersInGroup(name);
  } catch (error) {
    if (error instanceof DirectoryNotFound) throw new DomainError('NOT_FOUND', `There is no group named "${name}".`, 'name');
    throw error;
  }
}
