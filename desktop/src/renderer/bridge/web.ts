import {
  MEDIA_CACHE_WEB_PATH,
  desktopApiMethods,
  desktopEventNames,
  type BridgeMethod,
  type CallResult,
  type DesktopApiMethod,
  type DesktopBridge,
  type DesktopEventName,
  type DesktopEvents,
} from '@rushes/shared';

/**
 * Web mode: the same DesktopApi served by the local Node process over HTTP. The start-up URL
 * carries a per-run key in its fragment (never sent to a server or logged); we keep it for
 * this tab only and send it with every call.
 */
const KEY_STORAGE = 'rushes.bridgeKey';

export function bridgeKey(): string | null {
  const match = /(?:^#|&)key=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(KEY_STORAGE, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(KEY_STORAGE);
}

function failure(code: 'NETWORK' | 'UNAUTHENTICATED', message: string): CallResult<never> {
  return { ok: false, error: { code, message } };
}

async function callOverHttp(key: string, method: DesktopApiMethod, args: unknown[]): Promise<CallResult<unknown>> {
  let response: Response;
  try {
    response = await fetch(`/bridge/call/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-rushes-key': key },
      body: JSON.stringify(args),
    });
  } catch {
    return failure('NETWORK', 'Lost the connection to Rushes. Is `npm run web` still running?');
  }
  if (response.status === 403) {
    return failure('UNAUTHENTICATED', 'This page is not authorised. Open the address Rushes printed when it started.');
  }
  return (await response.json()) as CallResult<unknown>;
}

export function createWebBridge(key: string): DesktopBridge {
  const api = Object.fromEntries(desktopApiMethods.map((method) => [method, (...args: unknown[]) => callOverHttp(key, method, args)])) as {
    [M in DesktopApiMethod]: BridgeMethod<M>;
  };

  const listeners = new Map<DesktopEventName, Set<(payload: never) => void>>();
  let source: EventSource | null = null;
  const ensureSource = () => {
    if (source) return;
    source = new EventSource(`/bridge/events?key=${encodeURIComponent(key)}`);
    for (const name of desktopEventNames) {
      source.addEventListener(name, (event) => {
        const payload = JSON.parse((event as MessageEvent<string>).data) as never;
        for (const listener of listeners.get(name) ?? []) listener(payload);
      });
    }
  };

  return {
    api,
    on<E extends DesktopEventName>(event: E, listener: (payload: DesktopEvents[E]) => void) {
      ensureSource();
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: never) => void);
    },
    // An <img> cannot send a header: the key rides in the query, as for the event stream.
    cachedMediaUrl: (name) => `${MEDIA_CACHE_WEB_PATH}${encodeURIComponent(name)}?key=${encodeURIComponent(key)}`,
  };
}
