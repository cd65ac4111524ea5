import os from 'node:os';
import path from 'node:path';
import type { DownloadDesktopApi } from '@rushes/shared';
import type { BackendClient } from './backend';
import { DownloadManager } from './downloads';
import type { DesktopEventHub } from './events';

/** How the shell lets a person pick a folder: Electron's dialog; web mode has none. */
export type FolderChooser = (current: string | undefined) => Promise<string | null>;

export interface DownloadService {
  api: DownloadDesktopApi;
  manager: DownloadManager;
}

export function createDownloadService(options: {
  backend: BackendClient;
  events: DesktopEventHub;
  chooseFolder?: FolderChooser | undefined;
  defaultFolder?: string | undefined;
}): DownloadService {
  const manager = new DownloadManager({
    links: async (ids) => (await options.backend.call('downloadUrls', { body: { ids } })).urls,
    onChange: (changed) => options.events.emit('downloads', changed),
  });
  const defaultFolder = options.defaultFolder ?? path.join(os.homedir(), 'Downloads');
  const chooser = options.chooseFolder;
  const api: DownloadDesktopApi = {
    getDownloadDefaults: async () => ({ folder: defaultFolder, canBrowse: chooser !== undefined }),
    chooseDownloadFolder: async ({ current }) => ({ folder: chooser ? await chooser(current) : null }),
    startDownloads: async ({ ids, folder }) => ({ transfers: await manager.start(ids, folder) }),
    listDownloads: async () => manager.list(),
    pauseDownloads: async ({ ids }) => manager.pause(ids),
    resumeDownloads: async ({ ids }) => manager.resume(ids),
    cancelDownloads: async ({ ids }) => manager.cancel(ids),
    retryDownloads: async ({ ids }) => manager.retry(ids),
    clearFinishedDownloads: async () => manager.clearFinished(),
  };
  return { api, manager };
}
