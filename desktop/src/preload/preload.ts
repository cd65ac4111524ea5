import { contextBridge, ipcRenderer, webUtils } from 'electron';
import {
  MEDIA_CACHE_SCHEME,
  desktopApiMethods,
  desktopEventNames,
  ipcChannel,
  ipcEventChannel,
  type BridgeMethod,
  type DesktopApiMethod,
  type DesktopBridge,
} from '@rushes/shared';

// Exactly one function per DesktopApi method, plus `on` for the known events; nothing of
// ipcRenderer itself reaches the page.
const api = Object.fromEntries(
  desktopApiMethods.map((method) => [method, (...args: unknown[]) => ipcRenderer.invoke(ipcChannel(method), args)]),
) as { [M in DesktopApiMethod]: BridgeMethod<M> };

const bridge = {
  api,
  on(event, listener) {
    if (!desktopEventNames.includes(event)) throw new Error(`Unknown Rushes event "${String(event)}"`);
    const channel = ipcEventChannel(event);
    const forward = (_event: unknown, payload: unknown) => listener(payload as Parameters<typeof listener>[0]);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
  pathForFile: (file: object) => webUtils.getPathForFile(file as File),
  cachedMediaUrl: (name: string) => `${MEDIA_CACHE_SCHEME}://cache/${encodeURIComponent(name)}`,
} satisfies DesktopBridge;

contextBridge.exposeInMainWorld('rushes', bridge);
