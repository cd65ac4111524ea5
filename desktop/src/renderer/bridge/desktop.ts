import {
  desktopApiMethods,
  type DesktopApi,
  type DesktopBridge,
  type DesktopEventName,
  type DesktopEvents,
  type ErrorCode,
  type ErrorInfo,
} from '@rushes/shared';
import { bridgeKey, createWebBridge } from './web';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in web mode until we install the web bridge. */
    rushes?: DesktopBridge;
  }
}

/** A failed DesktopApi call, carrying the code and the message to show the user. */
export class DesktopCallError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = 'DesktopCallError';
    this.code = info.code;
    this.field = info.field;
  }
}

function resolveBridge(): DesktopBridge | null {
  if (window.rushes) return window.rushes;
  const key = bridgeKey();
  return key ? createWebBridge(key) : null;
}

const bridge = resolveBridge();

/** True when no shell gave us a bridge (a web page opened without its key). */
export const bridgeMissing = bridge === null;

function unavailable(): never {
  throw new DesktopCallError({
    code: 'UNAUTHENTICATED',
    message: 'Open Rushes from the address it printed at start (it carries a one-time key).',
  });
}

const refusalListeners = new Set<(code: ErrorCode) => void>();

/**
 * Hears every failed call's code, whichever screen made it: a refusal that changes what the
 * whole app should show (two-step sign-in now required) is handled once, not per screen.
 */
export function onCallRefused(listener: (code: ErrorCode) => void): () => void {
  refusalListeners.add(listener);
  return () => void refusalListeners.delete(listener);
}

/** The DesktopApi as the renderer uses it: plain async methods that throw DesktopCallError. */
export const desktop = Object.fromEntries(
  desktopApiMethods.map((method) => [
    method,
    async (...args: unknown[]) => {
      if (!bridge) unavailable();
      const call = bridge.api[method] as (...a: unknown[]) => ReturnType<DesktopBridge['api'][typeof method]>;
      const result = await call(...args);
      if (result.ok) return result.value;
      for (const listener of refusalListeners) listener(result.error.code);
      throw new DesktopCallError(result.error);
    },
  ]),
) as unknown as DesktopApi;

/** Local paths of files dropped on the window: Electron only (web pages cannot learn them). */
export function droppedPaths(files: FileList): string[] | null {
  const pathFor = bridge?.pathForFile;
  if (!pathFor) return null;
  return [...files].map((file) => pathFor(file)).filter((path) => path.length > 0);
}

/** The URL of a picture in main's media cache (a file name from desktop.cachedMedia). */
export function cachedMediaUrl(name: string): string {
  return bridge ? bridge.cachedMediaUrl(name) : '';
}

export function onDesktopEvent<E extends DesktopEventName>(event: E, listener: (payload: DesktopEvents[E]) => void): () => void {
  return bridge ? bridge.on(event, listener) : () => undefined;
}
