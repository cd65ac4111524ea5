import type { AdminDesktopApi } from '@rushes/shared';
import type { BackendClient } from './backend';

/** Users, groups and the audit log: each method is one API call; the server checks it is an admin. */
export function createAdminApi(backend: BackendClient): AdminDesktopApi {
  return {
    listUsers: () => backend.call('listUsers'),
    createUser: (body) => backend.call('createUser', { body }),
    setUserEnabled: (body) => backend.call('setUserEnabled', { body }),
    resetUserPassword: (body) => backend.call('resetUserPassword', { body }),
    deleteUser: (body) => backend.call('deleteUser', { body }),
    listGroups: () => backend.call('listGroups'),
    createGroup: (body) => backend.call('createGroup', { body }),
    renameGroup: (body) => backend.call('renameGroup', { body }),
    deleteGroup: (body) => backend.call('deleteGroup', { body }),
    groupMembers: (query) => backend.call('groupMembers', { query }),
    addGroupMembers: (body) => backend.call('addGroupMembers', { body }),
    removeGroupMembers: (body) => backend.call('removeGroupMembers', { body }),
    folderViewers: (query) => backend.call('folderViewers', { query }),
    listAudit: (query) => backend.call('listAudit', { query }),
  };
}
