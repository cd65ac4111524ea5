import os from 'node:os';
import path from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import {
  DomainError,
  desktopApiMethods,
  parseConnectionProfile,
  type AppInfo,
  type ConnectionProfile,
  type DesktopApi,
  type ImportProfileInput,
} from '@rushes/shared';
import { libraryChanges } from '../feed/feedPage';
import { FeedFollower } from '../feed/follower';
import { BackendClient } from './backend';
import type { DesktopEventHub } from './events';
import { createDownloadService, type FolderChooser } from './downloadApi';
import { createFsxService } from './fsxApi';
import { createLibraryApi } from './libraryApi';
import { createRouteApi } from './routeApi';
import { MediaCache, type CachedFile } from './mediaCache';
import { createSearchService } from './search/searchService';
import { SessionService } from './session';
import { createUploadService, type UploadChooser, type UploadService } from './uploadApi';

export interface DesktopServices {
  api: DesktopApi;
  /** A picture from the media cache, for the shell to serve (Electron's protocol, web mode's route). */
  openCachedMedia(name: string): Promise<CachedFile | null>;
  dispose(): void;
}

export interface DesktopServiceOptions {
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
  /** Where the upload queue and the media cache are kept (the app's data folder); in memory and the temp folder without one. */
  stateDir?: string;
  /** Keeps an imported profile for the next start (Electron); without it an import lasts this run. */
  saveProfile?: (profile: ConnectionProfile) => Promise<void>;
  /** At most this many seconds between token refreshes, so group changes arrive sooner (RUSHES_REFRESH_SECONDS). */
  refreshEverySeconds?: number | undefined;
}

/**
 * The main-side implementation of DesktopApi. Electron's IPC and the web-mode bridge serve
 * this same object, so both shells behave identically. Importing a connection profile
 * replaces every backend-bound service (sign-in, API client, feed, transfers) with new ones
 * for the new backend; callers keep the same `api` object.
 */
export function createDesktopServices(options: DesktopServiceOptions): DesktopServices {
  let current = connectServices(options);
  const importProfile = async ({ text }: ImportProfileInput): Promise<AppInfo> => {
    const parsed = parseConnectionProfile(text);
    if (!parsed.ok) throw new DomainError('VALIDATION_FAILED', parsed.message, parsed.field);
    await options.saveProfile?.(parsed.profile);
    const previous = current;
    current = connectServices({ ...options, profile: parsed.profile });
    previous.dispose();
    options.events.emit('session', { status: 'signedOut' });
    return current.api.getAppInfo();
  };
  const api = Object.fromEntries(
    desktopApiMethods.map((method) => [
      method,
      method === 'importProfile'
        ? importProfile
        : (...args: unknown[]) => (current.api[method] as (...a: unknown[]) => Promise<unknown>)(...args),
    ]),
  ) as unknown as DesktopApi;
  return { api, openCachedMedia: (name) => current.openCachedMedia(name), dispose: () => current.dispose() };
}

/** The services bound to one backend. */
function connectServices(options: DesktopServiceOptions): Omit<DesktopServices, 'api'> & { api: Omit<DesktopApi, 'importProfile'> } {
  const { profile } = options;
  const cognito = new CognitoIdentityProviderClient({
    region: profile.region,
    ...(profile.cognito.endpoint ? { endpoint: profile.cognito.endpoint } : {}),
    // Sign-in calls are unsigned; cognito-local still wants some credentials to exist.
    ...(profile.mode === 'local' ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  let feed: FeedFollower | null = null;
  let downloads: ReturnType<typeof createDownloadService> | null = null;
  let uploads: UploadService | null = null;
  let media: MediaCache | null = null;
  let search: ReturnType<typeof createSearchService> | null = null;
  let fsx: ReturnType<typeof createFsxService> | null = null;
  const session = new SessionService(
    cognito,
    profile.cognito.clientId,
    (state) => {
      uploads?.manager.setOnline(state.status === 'signedIn');
      if (state.status !== 'signedIn') media?.forget();
      if (state.status === 'signedIn') {
        feed?.start();
        void search?.start(state.user.email);
      } else {
        feed?.stop();
        void search?.stop();
        downloads?.manager.pauseAll();
        fsx?.follower.stop();
      }
      options.events.emit('session', state);
    },
    Date.now,
    options.refreshEverySeconds === undefined ? undefined : options.refreshEverySeconds * 1000,
  );
  const backend = new BackendClient(
    profile.apiUrl,
    () => session.idToken(),
    () => session.refresh(),
  );
  downloads = createDownloadService({
    backend,
    events: options.events,
    chooseFolder: options.chooseFolder,
    defaultFolder: options.downloadFolder,
  });
  fsx = createFsxService({ backend, events: options.events });
  uploads = createUploadService({
    backend,
    events: options.events,
    stateDir: options.stateDir,
    choose: options.chooseUploads,
    version: options.version,
  });
  const cache = new MediaCache({
    dir: path.join(options.stateDir ?? path.join(os.tmpdir(), `rushes-${process.pid}`), 'media-cache'),
    backend,
    currentUser: () => {
      const state = session.state();
      return state.status === 'signedIn' ? state.user.email : null;
    },
  });
  media = cache;
  const searching = createSearchService({ backend, apiUrl: profile.apiUrl, stateDir: options.stateDir });
  // One follower of the change feed: the search cache first (a search asked after the
  // renderer hears of a page finds it), then the media cache, then the renderer.
  feed = new FeedFollower(
    backend,
    [
      (page) => searching.takePage(page),
      async (page) => {
        const changes = libraryChanges(page);
        await cache.dropChanged(changes.changed, changes.gone);
        if (page.changes.length > 0) options.events.emit('library', changes);
      },
    ],
    (message, error) => console.error(message, error),
    undefined,
    undefined,
    // Without a push URL (an older profile) the follower polls, as it always did.
    profile.pushUrl ? { url: profile.pushUrl, token: () => session.idToken() } : undefined,
  );
  search = searching;

  const api: Omit<DesktopApi, 'importProfile'> = {
    getAppInfo: async () => ({
      name: 'Rushes',
      version: options.version,
      mode: profile.mode,
      shell: options.shell,
      apiUrl: profile.apiUrl,
    }),
    getSession: async () => session.state(),
    signIn: ({ email, password }) => session.signIn(email, password),
    completeNewPassword: ({ newPassword }) => session.completeNewPassword(newPassword),
    answerMfaCode: ({ code }) => session.answerMfaCode(code),
    beginMfaEnrolment: () => session.beginMfaEnrolment(),
    // The API checks the code with the identity service, turns the authenticator on and records every attempt.
    completeMfaEnrolment: ({ code }) => session.verifyMfaEnrolment(code, (body) => backend.call('verifyMfaEnrolment', { body })),
    signOut: async () => session.signOut(),
    ...createRouteApi(backend),
    ...createLibraryApi(backend, (assets) => cache.noteShown(assets)),
    ...downloads.api,
    ...uploads.api,
    ...cache.api,
    ...fsx.api,
    ...searching.api,
    // Search results (from the cache, which holds only what the API showed this user) and an
    // annotated asset are shown like a listing's, so their thumbnails come from the media cache.
    searchAssets: async (input) => {
      const answer = await searching.api.searchAssets(input);
      cache.noteShown(answer.assets);
      return answer;
    },
    annotateAsset: async (input) => {
      const asset = await searching.api.annotateAsset(input);
      cache.noteShown([asset]);
      return asset;
    },
  };
  return {
    api,
    openCachedMedia: (name) => cache.open(name),
    dispose: () => {
      feed?.stop();
      void search?.stop();
      downloads?.manager.dispose();
      uploads?.dispose();
      fsx?.follower.dispose();
      session.dispose();
      cognito.destroy();
    },
  };
}
