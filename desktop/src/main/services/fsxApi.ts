import type { FsxDesktopApi } from '@rushes/shared';
import type { BackendClient } from './backend';

/**
 * Workstations and S3 ↔ edit-share transfers: each method is one API call. The server checks
 * every one (admins for workstations; read access and the workstation's groups for transfers),
 * so nothing here decides who may do what.
 */
export function createFsxApi(backend: BackendClient): FsxDesktopApi {
  return {
    listWorkstations: () => backend.call('listWorkstations'),
    createWorkstation: (body) => backend.call('createWorkstation', { body }),
    updateWorkstation: (body) => backend.call('updateWorkstation', { body }),
    deleteWorkstation: (body) => backend.call('deleteWorkstation', { body }),
    startTransfer: (body) => backend.call('startTransfer', { body }),
    listTransfers: (query) => backend.call('listTransfers', { query }),
    transferDetail: (query) => backend.call('transferDetail', { query }),
    cancelTransfer: (body) => backend.call('cancelTransfer', { body }),
  };
}
