import { DomainError, type fsxRoutes } from '@rushes/shared';
import type { Transfers } from '../core/transfers';
import type { Workstations } from '../core/workstations';
import type { Handlers } from './routeTypes';

/** Workstations and S3 ↔ edit-share transfers → Workstations and Transfers. */
export function transferHandlers(deps: {
  workstations?: Workstations | undefined;
  transfers?: Transfers | undefined;
}): Handlers<keyof typeof fsxRoutes> {
  return {
    listWorkstations: async ({ principal }) => workstations().list(principal),
    createWorkstation: async ({ principal, body }) => workstations().create(principal, body),
    updateWorkstation: async ({ principal, body }) => workstations().update(principal, body.id, body.workstation),
    deleteWorkstation: async ({ principal, body }) => workstations().remove(principal, body.id),
    startTransfer: async ({ principal, body }) => transfers().start(principal, body),
    listTransfers: async ({ principal, query }) => transfers().list(principal, query),
    transferDetail: async ({ principal, query }) => transfers().detail(principal, query.id),
    cancelTransfer: async ({ principal, body }) => transfers().cancel(principal, body.id),
  };

  function workstations(): Workstations {
    if (!deps.workstations)
      throw new DomainError('UNAVAILABLE', 'This backend has no transfer executor configured yet, so no workstations.');
    return deps.workstations;
  }
  function transfers(): Transfers {
    if (!deps.transfers) throw new DomainError('UNAVAILABLE', 'This backend has no transfer executor configured yet.');
    return deps.transfers;
  }
}
