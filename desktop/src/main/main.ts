import { app, BrowserWindow, dialog, ipcMain, net, protocol, shell, type IpcMainInvokeEvent } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MEDIA_CACHE_SCHEME, ipcEventChannel } from '@rushes/shared';
import { defaultDataDir } from '@rushes/lambdas/config';
import { createDispatcher } from './dispatch';
import { registerIpcHandlers } from './ipc';
import { createDesktopServices } from './services/desktopService';
import { DesktopEventHub } from './services/events';
import { loadProfile, saveProfile } from './services/profile';
import { parseRefreshSeconds } from './services/refreshSchedule';

// Bundled to desktop/dist/main/main.cjs; the renderer and preload sit beside it in dist/.
const distDir = path.resolve(__dirname, '..');
const rendererIndex = path.join(distDir, 'renderer', 'index.html');
const rendererUrl = pathToFileURL(rendererIndex).href;

/** Where Settings → Import connection profile keeps the profile it imported. */
const importedProfilePath = () => path.join(app.getPath('userData'), 'connection-profile.json');

/** `npm start` passes the profile it wrote; else an imported one; else where local mode writes it. */
function profilePath(): string {
  if (process.env['RUSHES_PROFILE']) return process.env['RUSHES_PROFILE'];
  if (existsSync(importedProfilePath())) return importedProfilePath();
  const dataDir = process.env['RUSHES_DATA_DIR'] || defaultDataDir(process.env);
  return path.join(dataDir, 'profile.json');
}

// Cached thumbnails and filmstrips load from rushes-media://cache/<name> (see mediaIpc.ts).
protocol.registerSchemesAsPrivileged([{ scheme: MEDIA_CACHE_SCHEME, privileges: { standard: true, secure: true } }]);

function isOurRenderer(event: IpcMainInvokeEvent): boolean {
  return event.senderFrame?.url.split('#')[0] === rendererUrl;
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Rushes',
    backgroundColor: '#17181b',
    show: false,
    webPreferences: {
      preload: path.join(distDir, 'preload', 'preload.cjs'),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  // The app never navigates away from its own page, and opens links in the user's browser.
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void window.loadFile(rendererIndex);
  return window;
}

async function start(): Promise<void> {
  await app.whenReady();
  let profile;
  let refreshEverySeconds: number | undefined;
  try {
    profile = await loadProfile(profilePath());
    refreshEverySeconds = parseRefreshSeconds(process.env['RUSHES_REFRESH_SECONDS']);
  } catch (error) {
    dialog.showErrorBox('Rushes cannot start', (error as Error).message);
    app.exit(1);
    return;
  }
  const events = new DesktopEventHub();
  const services = createDesktopServices({
    profile,
    shell: 'electron',
    version: app.getVersion(),
    events,
    downloadFolder: app.getPath('downloads'),
    refreshEverySeconds,
    chooseFolder: async (current) => {
      const parent = BrowserWindow.getFocusedWindow();
      const options: Electron.OpenDialogOptions = {
        title: 'Download to',
        buttonLabel: 'Choose',
        properties: ['openDirectory', 'createDirectory'],
        ...(current ? { defaultPath: current } : {}),
      };
      const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    stateDir: app.getPath('userData'),
    saveProfile: (imported) => saveProfile(importedProfilePath(), imported),
    chooseUploads: async (what, defaultPath) => {
      const parent = BrowserWindow.getFocusedWindow();
      const options: Electron.OpenDialogOptions = {
        title: what === 'files' ? 'Upload files' : 'Upload folders',
        buttonLabel: 'Upload',
        properties: what === 'files' ? ['openFile', 'multiSelections'] : ['openDirectory', 'multiSelections'],
        ...(defaultPath ? { defaultPath } : {}),
      };
      const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return result.canceled ? [] : result.filePaths;
    },
  });
  protocol.handle(MEDIA_CACHE_SCHEME, async (request) => {
    const name = decodeURIComponent(new URL(request.url).pathname.replace(/^\//, ''));
    const file = await services.openCachedMedia(name);
    if (!file) return new Response('Not found.', { status: 404 });
    return net.fetch(pathToFileURL(file.path).href);
  });
  registerIpcHandlers(ipcMain, createDispatcher(services.api), isOurRenderer);
  events.subscribe((event, payload) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(ipcEventChannel(event), payload);
  });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => services.dispose());
}

void start();
