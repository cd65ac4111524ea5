import type { FsxDesktopApi, TransferJob } from '@rushes/shared';
import type { BackendClient } from './backend';
import type { DesktopEventHub } from './events';
import { systemClock, type Clock } from './transfers/clock';
import { FsxJobFollower } from './transfers/fsxJobFollower';

export interface FsxService {
  api: FsxDesktopApi;
  /** Pushes running jobs to the renderer; stopped on sign-out. */
  follower: FsxJobFollower;
}

/**
 * S3 ↔ edit-share transfers: each method is one API call. The server checks every one (read
 * access and the workstation's groups), so nothing here decides who may do what. Every job
 * an answer shows running is followed by main until it ends, and its progress pushed as
 * `fsxJobs` events.
 */
export function createFsxService(options: { backend: BackendClient; events: DesktopEventHub; clock?: Clock }): FsxService {
  const { backend } = options;
  const follower = new FsxJobFollower(
    {
      list: (limit) => backend.call('listTransfers', { query: { limit } }),
      detail: (id) => backend.call('transferDetail', { query: { id } }),
    },
    options.clock ?? systemClock,
    (update) => options.events.emit('fsxJobs', update),
    (message, error) => console.error(`Rushes: ${message}`, error),
  );
  const followed = (job: TransferJob, withFiles = false): TransferJob => {
    follower.note([job], withFiles);
    return job;
  };
  const api: FsxDesktopApi = {
    startTransfer: async (body) => followed(await backend.call('startTransfer', { body })),
    listTransfers: async (query) => {
      const page = await backend.call('listTransfers', { query });
      follower.note(page.jobs);
      return page;
    },
    // The renderer asks for the detail of a job someone opened: its files are followed too.
    transferDetail: async (query) => followed(await backend.call('transferDetail', { query }), true),
    cancelTransfer: async (body) => followed(await backend.call('cancelTransfer', { body })),
  };
  return { api, follower };
}
