import os from 'node:os';
import path from 'node:path';
import type { UploadDesktopApi } from '@rushes/shared';
import type { BackendClient } from './backend';
import type { DesktopEventHub } from './events';
import { UploadManager, type UploadLimits } from './uploads/manager';
import { backendSessions } from './uploads/sessions';
import { UploadStore } from './uploads/store';

/** How the shell lets a person pick files or folders: Electron's dialog; web mode has none. */
export type UploadChooser = (what: 'files' | 'folders', defaultPath: string | undefined) => Promise<string[]>;

export interface UploadService {
  api: UploadDesktopApi;
  manager: UploadManager;
  dispose(): void;
}

/**
 * Uploads over the API's upload sessions. The queue lives in `uploads.sqlite` in `stateDir`
 * (the app's data folder), or in memory where none is given, as in tests that do not care.
 */
export function createUploadService(options: {
  backend: BackendClient;
  events: DesktopEventHub;
  stateDir?: string | undefined;
  choose?: UploadChooser | undefined;
  limits?: Partial<UploadLimits>;
  /** The app's version, for the ASC MHL generations uploads record. */
  version: string;
}): UploadService {
  const { backend } = options;
  const store = new UploadStore(options.stateDir ? path.join(options.stateDir, 'uploads.sqlite') : ':memory:');
  const manager = new UploadManager({
    store,
    sessions: backendSessions(backend),
    onChange: (changed) => options.events.emit('uploads', changed),
    ...(options.limits ? { limits: options.limits } : {}),
    log: (message, error) => console.error(`Rushes uploads: ${message}`, error),
    custody: { hostName: os.hostname(), toolVersion: options.version },
  });
  const chooser = options.choose;
  const api: UploadDesktopApi = {
    chooseUploadFiles: async ({ defaultPath }) => ({
      paths: chooser ? await chooser('files', defaultPath) : [],
      canBrowse: chooser !== undefined,
    }),
    chooseUploadFolder: async ({ defaultPath }) => ({
      paths: chooser ? await chooser('folders', defaultPath) : [],
      canBrowse: chooser !== undefined,
    }),
    planLocalUpload: ({ folderPath, paths }) => manager.plan(folderPath, paths),
    startUpload: ({ folderPath, paths, decisions, onConflict }) =>
      manager.start({ folderPath, paths, decisions: decisions ?? {}, onConflict }),
    listUploads: async () => manager.list(),
    pauseUploads: async ({ ids }) => manager.pause(ids),
    resumeUploads: async ({ ids }) => manager.resume(ids),
    cancelUploadTransfers: async ({ ids }) => manager.cancel(ids),
    retryUploads: async ({ ids }) => manager.retry(ids),
    clearFinishedUploads: async () => manager.clearFinished(),
  };
  return {
    api,
    manager,
    dispose: () => {
      manager.dispose();
      store.close();
    },
  };
}
