import { DomainError, type adminRoutes } from '@rushes/shared';
import type { Administration } from '../core/administration';
import type { AuditLog } from '../core/audit';
import type { Handlers } from './routeTypes';

/** Users, groups, "who can see this folder" and the audit log → Administration and AuditLog. */
export function adminHandlers(deps: {
  administration?: Administration | undefined;
  audit?: AuditLog | undefined;
}): Handlers<keyof typeof adminRoutes> {
  return {
    listUsers: async ({ principal }) => admin().listUsers(principal),
    createUser: async ({ principal, body }) => admin().createUser(principal, body.email, body.groups),
    setUserEnabled: async ({ principal, body }) => admin().setUserEnabled(principal, body.id, body.enabled),
    resetUserPassword: async ({ principal, body }) => admin().resetPassword(principal, body.id),
    deleteUser: async ({ principal, body }) => admin().deleteUser(principal, body.id),
    listGroups: async ({ principal }) => admin().listGroups(principal),
    createGroup: async ({ principal, body }) => admin().createGroup(principal, body.name, body.description),
    renameGroup: async ({ principal, body }) => admin().renameGroup(principal, body.name, body.newName),
    deleteGroup: async ({ principal, body }) => admin().deleteGroup(principal, body.name, body.removeFromFolders),
    groupMembers: async ({ principal, query }) => admin().groupMembers(principal, query.name),
    addGroupMembers: async ({ principal, body }) => admin().addMembers(principal, body.name, body.userIds),
    removeGroupMembers: async ({ principal, body }) => admin().removeMembers(principal, body.name, body.userIds),
    folderViewers: async ({ principal, query }) => admin().folderViewers(principal, query.path),
    listAudit: async ({ principal, query }) => audit().list(principal, query),
  };

  function admin(): Administration {
    if (!deps.administration) throw new DomainError('UNAVAILABLE', 'This backend has no directory configured yet.');
    return deps.administration;
  }
  function audit(): AuditLog {
    if (!deps.audit) throw new DomainError('UNAVAILABLE', 'This backend has no audit log configured yet.');
    return deps.audit;
  }
}
