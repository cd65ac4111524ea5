import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { AppInfo, ConnectionProfile, DesktopApi } from '@rushes/shared';
import { BackendClient } from './backend';
import type { DesktopEventHub } from './events';
import { createDownloadService, type FolderChooser } from './downloadApi';
import { createLibraryApi } from './libraryApi';
import { LibraryFeed } from './libraryFeed';
import { SessionService } from './session';

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
  const session = new SessionService(cognito, profile.cognito.clientId, (state) => {
    if (state.status === 'signedIn') feed?.start();
    else {
      feed?.stop();
      downloads?.manager.pauseAll();
    }
    options.events.emit('session', state);
  });
  const backend = new BackendClient(profile.apiUrl, () => session.idToken(), () => session.refresh());
  downloads = createDownloadService({ backend, events: options.events, chooseFolder: options.chooseFolder, defaultFolder: options.downloadFolder });
  feed = new LibraryFeed(backend, (changes) => options.events.emit('library', changes));

  const api: DesktopApi = {
    getAppInfo: async () => ({ name: 'Rushes', version: options.version, mode: profile.mode, shell: options.shell, apiUrl: profile.apiUrl }),
    getSession: async () => session.state(),
    signIn: ({ email, password }) => session.signIn(email, password),
    completeNewPassword: ({ newPassword }) => session.completeNewPassword(newPassword),
    signOut: async () => session.signOut(),
    getMe: () => backend.call('me'),
    ...createLibraryApi(backend),
    ...downloads.api,
  };
  return {
    api,
    dispose: () => {
      feed?.stop();
      downloads?.manager.dispose();
      session.dispose();
      cognito.destroy();
    },
  };
}
