import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { desktopApiMethods, ipcChannel, type ConnectionProfile } from '@rushes/shared';
import { buildElectron } from '../../scripts/build.mjs';

// Electron's binary cannot run here, so this loads the real bundles (dist/main/main.cjs and
// dist/preload/preload.cjs) against a stand-in `electron` module and checks that every
// DesktopApi method is handled in main and exposed by the preload, and nothing else is.
const desktopDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const mainPath = path.join(desktopDir, 'dist/main/main.cjs');
const preloadPath = path.join(desktopDir, 'dist/preload/preload.cjs');
const rendererUrl = pathToFileURL(path.join(desktopDir, 'dist/renderer/index.html')).href;

type Handler = (event: unknown, args: unknown) => Promise<unknown> | unknown;
const handled = new Map<string, Handler>();
const ipcOn: string[] = [];
const windows: { options: Record<string, unknown>; loaded?: string }[] = [];
const exposed: Record<string, unknown> = {};
const invoked: [string, unknown][] = [];
const startupErrors: string[] = [];
const privileged: string[] = [];
const protocols = new Map<string, (request: Request) => Promise<Response>>();

const fakeElectron = {
  app: {
    whenReady: () => Promise.resolve(),
    getPath: () => os.tmpdir(),
    getVersion: () => '0.1.0-test',
    on: () => undefined,
    exit: () => undefined,
    quit: () => undefined,
  },
  BrowserWindow: class {
    static getAllWindows() {
      return windows;
    }
    options: Record<string, unknown>;
    loaded?: string;
    webContents = { on: () => undefined, setWindowOpenHandler: () => undefined, send: () => undefined };
    constructor(options: Record<string, unknown>) {
      this.options = options;
      windows.push(this);
    }
    once() {}
    loadFile(file: string) {
      this.loaded = file;
      return Promise.resolve();
    }
  },
  ipcMain: {
    handle: (channel: string, handler: Handler) => handled.set(channel, handler),
    on: (channel: string) => ipcOn.push(channel),
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes: { scheme: string }[]) => privileged.push(...schemes.map(({ scheme }) => scheme)),
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) => protocols.set(scheme, handler),
  },
  net: { fetch: () => Promise.resolve(new Response('a file')) },
  dialog: { showErrorBox: (_title: string, message: string) => startupErrors.push(message) },
  shell: { openExternal: () => Promise.resolve() },
  contextBridge: { exposeInMainWorld: (name: string, value: unknown) => (exposed[name] = value) },
  webUtils: { getPathForFile: (file: { name: string }) => `/media/CARD_A/${file.name}` },
  ipcRenderer: {
    invoke: (channel: string, args: unknown) => {
      invoked.push([channel, args]);
      return Promise.resolve({ ok: true, value: null });
    },
    on: () => undefined,
    removeListener: () => undefined,
  },
};

let profileDir: string;

beforeAll(async () => {
  await buildElectron();
  profileDir = await mkdtemp(path.join(os.tmpdir(), 'rushes-profile-'));
  const profile: ConnectionProfile = {
    mode: 'local',
    region: 'local',
    apiUrl: 'http://127.0.0.1:9',
    cognito: { endpoint: 'http://127.0.0.1:9', userPoolId: 'local_test', clientId: 'client' },
    s3: { endpoint: 'http://127.0.0.1:9', forcePathStyle: true, mediaBucket: 'rushes-media', derivedBucket: 'rushes-derived' },
  };
  await writeFile(path.join(profileDir, 'profile.json'), JSON.stringify(profile));
  process.env['RUSHES_PROFILE'] = path.join(profileDir, 'profile.json');

  const require = createRequire(mainPath);
  const electronId = require.resolve('electron');
  require.cache[electronId] = { id: electronId, filename: electronId, loaded: true, exports: fakeElectron } as NodeJS.Module;
  require(mainPath);
  require(preloadPath);
  // main opens its window once its services are up: wait for that, not for a fixed 2 s (a
  // loaded machine took longer); the deadline only bounds a hang.
  await vi.waitFor(
    () => {
      if (windows.length === 0 && startupErrors.length === 0) throw new Error('main has opened no window yet');
    },
    { timeout: 30_000, interval: 20 },
  );
});

afterAll(async () => {
  delete process.env['RUSHES_PROFILE'];
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
});

const trusted = { senderFrame: { url: rendererUrl } };

describe('Electron main', () => {
  it('starts without errors', () => {
    expect(startupErrors).toEqual([]);
    expect(windows).toHaveLength(1);
  });

  it('handles exactly one channel per DesktopApi method and nothing else', () => {
    expect([...handled.keys()].sort()).toEqual(desktopApiMethods.map(ipcChannel).sort());
    expect(ipcOn).toEqual([]);
  });

  it('serves the media cache on its own scheme, and nothing to a signed-out session', async () => {
    expect(privileged).toEqual(['rushes-media']);
    const serve = protocols.get('rushes-media')!;
    expect((await serve(new Request('rushes-media://cache/AbCd1234%403.thumbnail.jpg'))).status).toBe(404);
    expect((await serve(new Request('rushes-media://cache/..%2F..%2Fprofile.json'))).status).toBe(404);
  });

  it('opens the window with context isolation, sandbox and no Node in the renderer', () => {
    const prefs = windows[0]!.options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, nodeIntegration: false, sandbox: true, webSecurity: true });
    expect(prefs['preload']).toBe(preloadPath);
    expect(windows[0]!.loaded).toBe(fileURLToPath(rendererUrl));
  });

  it('answers calls from its own renderer', async () => {
    const result = await handled.get(ipcChannel('getAppInfo'))!(trusted, []);
    expect(result).toMatchObject({ ok: true, value: { name: 'Rushes', shell: 'electron', mode: 'local', version: '0.1.0-test' } });
  });

  it('refuses calls from any other frame', async () => {
    const result = await handled.get(ipcChannel('getSession'))!({ senderFrame: { url: 'https://evil.example/' } }, []);
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('validates arguments and names the bad field', async () => {
    const result = await handled.get(ipcChannel('signIn'))!(trusted, [{ email: 'not-an-email', password: 'x' }]);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', field: 'email' } });
    const extra = await handled.get(ipcChannel('getSession'))!(trusted, ['unexpected']);
    expect(extra).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });
});

describe('preload', () => {
  it('exposes only window.rushes with one function per DesktopApi method, on(), and the dropped-file path', () => {
    expect(Object.keys(exposed)).toEqual(['rushes']);
    const bridge = exposed['rushes'] as {
      api: Record<string, unknown>;
      on: unknown;
      pathForFile: (file: object) => string;
      cachedMediaUrl: (name: string) => string;
    };
    expect(Object.keys(bridge).sort()).toEqual(['api', 'cachedMediaUrl', 'on', 'pathForFile']);
    expect(bridge.cachedMediaUrl('AbCd1234@3.thumbnail.jpg')).toBe('rushes-media://cache/AbCd1234%403.thumbnail.jpg');
    // Only a path string comes back: the renderer never gets a file handle or Node.
    expect(bridge.pathForFile({ name: 'A001C001.mov' })).toBe('/media/CARD_A/A001C001.mov');
    expect(Object.keys(bridge.api).sort()).toEqual([...desktopApiMethods].sort());
    for (const method of desktopApiMethods) expect(typeof bridge.api[method]).toBe('function');
  });

  it('forwards each method to its channel with its arguments', async () => {
    const bridge = exposed['rushes'] as { api: Record<string, (...args: unknown[]) => Promise<unknown>> };
    invoked.length = 0;
    for (const method of desktopApiMethods) await bridge.api[method]!({ probe: method });
    expect(invoked).toEqual(desktopApiMethods.map((method) => [ipcChannel(method), [{ probe: method }]]));
  });

  it('refuses to subscribe to an unknown event', () => {
    const bridge = exposed['rushes'] as { on: (event: string, listener: () => void) => () => void };
    expect(() => bridge.on('not-an-event', () => undefined)).toThrow(/Unknown Rushes event/);
    expect(typeof bridge.on('session', () => undefined)).toBe('function');
  });
});
