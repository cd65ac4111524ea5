import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { AppInfo, ConnectionProfile, DesktopApi } from '@rushes/shared';
import { BackendClient } from './backend';
import type { DesktopEventHub } from './events';
import { createDownloadService, type FolderChooser } from './downloadApi';
import { createLibraryApi } from './libraryApi';
import { LibraryFeed } from './libraryFeed';
import { createSearchService } from './search/searchService';
import { SessionService } from './session';
import { createUploadService, type UploadChooser, type UploadService } from './uploadApi';

export interface DesktopServices {
  api: DesktopApi;
  dispose(): void;
}

/**
 * The main-side implementation of DesktopApi. Electron's IPC and the web-mode bridge serve
 * this same object, so both shells behave identically.
 */
export function createDesktopServices(options: {
  profile: ConnectionProfile;
  shell: AppInfo['shell'];
  version: string;
  events: DesktopEventHub;
  /** The system folder picker, where the shell has one (Electron). */
  chooseFolder?: FolderChooser;
  /** Where downloads go by default (tests point it elsewhere). */
  downloadFolder?: string;
  /** The system file and folder pickers for uploads (Electron). */
  chooseUploads?: UploadChooser;
  /** Where the upload queue is kept (the app's data folder); in memory without one. */
  stateDir?: string;
}): DesktopServices {
  const { profile } = options;
  const cognito = new CognitoIdentityProviderClient({
    region: profile.region,
    ...(profile.cognito.endpoint ? { endpoint: profile.cognito.endpoint } : {}),
    // Sign-in calls are unsigned; cognito-local still wants some credentials to exist.
    ...(profile.mode === 'local' ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  let feed: LibraryFeed | null = null;
  let downloads: ReturnType<typeof createDownloadService> | null = null;
  let uploads: UploadService | null = null;
  let search: ReturnType<typeof createSearchService> | null = null;
  const session = new SessionService(cognito, profile.cognito.clientId, (state) => {
    uploads?.manager.setOnline(state.status === 'signedIn');
    if (state.status === 'signedIn') {
      feed?.start();
      search?.start(state.user.email);
    } else {
      feed?.stop();
      void search?.stop();
      downloads?.manager.pauseAll();
    }
    options.events.emit('session', state);
  });
  const backend = new BackendClient(profile.apiUrl, () => session.idToken(), () => session.refresh());
  downloads = createDownloadService({ backend, events: options.events, chooseFolder: options.chooseFolder, defaultFolder: options.downloadFolder });
  uploads = createUploadService({ backend, events: options.events, stateDir: options.stateDir, choose: options.chooseUploads });
  feed = new LibraryFeed(backend, (changes) => options.events.emit('library', changes));
  search = createSearchService({
    backend,
    apiUrl: profile.apiUrl,
    stateDir: options.stateDir,
    // No folder or asset named: views re-list nothing, open search results ask again.
    onChanged: () => options.events.emit('library', { folders: [], assets: [], latest: 0 }),
  });

  const api: DesktopApi = {
    getAppInfo: async () => ({ name: 'Rushes', version: options.version, mode: profile.mode, shell: options.shell, apiUrl: profile.apiUrl }),
    getSession: async () => session.state(),
    signIn: ({ email, password }) => session.signIn(email, password),
    completeNewPassword: ({ newPassword }) => session.completeNewPassword(newPassword),
    signOut: async () => session.signOut(),
    getMe: () => backend.call('me'),
    ...createLibraryApi(backend),
    ...downloads.api,
    ...uploads.api,
    ...search.api,
  };
  return {
    api,
    dispose: () => {
      feed?.stop();
      void search?.stop();
      downloads?.manager.dispose();
      uploads?.dispose();
      session.dispose();
      cognito.destroy();
    },
  };
}
