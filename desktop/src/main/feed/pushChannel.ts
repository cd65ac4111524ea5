import { parsePushMessage, pushProtocols } from '@rushes/shared';
import type { Scheduler } from './follower';

/** Reconnect delays grow from this, doubling, up to BACKOFF_MAX_MS, each jittered. */
export const BACKOFF_FIRST_MS = 1_000;
export const BACKOFF_MAX_MS = 30_000;
/**
 * A socket is reopened with a fresh token this long before its token expires (the server
 * closes it at expiry). Inside the session's own use margin, so asking for the token then
 * refreshes it if the background refresh has not yet.
 */
export const RENEW_BEFORE_EXPIRY_MS = 30_000;

/** What the channel needs of a WebSocket: the global one (Node, Electron main) by default. */
export interface PushSocketEvents {
  opened(): void;
  message(text: string): void;
  closed(): void;
}
export type PushSocketOpener = (url: string, protocols: string[], events: PushSocketEvents) => { close(): void };

export const openWebSocket: PushSocketOpener = (url, protocols, events) => {
  const socket = new WebSocket(url, protocols);
  socket.addEventListener('open', () => events.opened());
  socket.addEventListener('message', (event) => {
    if (typeof event.data === 'string') events.message(event.data);
  });
  // An error is always followed by close, which is where the channel reacts.
  socket.addEventListener('close', () => events.closed());
  return { close: () => socket.close() };
};

export interface PushChannelOptions {
  /** The profile's pushUrl. */
  url: string;
  /** A valid ID token (the session refreshes it if it is about to expire). */
  token: () => Promise<string>;
  schedule: Scheduler;
  now?: () => number;
  /** In [0, 1): spreads reconnects so desktops that lost the network together do not return together. */
  random?: () => number;
  open?: PushSocketOpener;
  log?: (message: string, error: unknown) => void;
}

/** What the follower hears from the channel. */
export interface PushListener {
  /** The socket is open: nudges will come; anything missed while it was down must be read now. */
  up(): void;
  /** The socket is closed or could not open: poll as often as before there was a channel. */
  down(): void;
  /** The feed holds a change this user may follow at `upTo`. */
  nudge(upTo: number): void;
}

/**
 * The change feed's push channel as the desktop keeps it: one WebSocket, opened with the ID
 * token as a subprotocol, reopened with a fresh token shortly before the token expires, and
 * after a drop or a refusal reopened with exponential backoff and jitter. Every timer goes
 * through the injected scheduler, so tests step it instead of waiting.
 */
export class PushChannel {
  private socket: { close(): void } | null = null;
  private timer: (() => void) | null = null;
  private failures = 0;
  /** Bumped by start, stop and each attempt, so events of an older socket are ignored. */
  private attempt = 0;
  private active = false;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly open: PushSocketOpener;

  constructor(
    private readonly options: PushChannelOptions,
    private readonly listener: PushListener,
  ) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.open = options.open ?? openWebSocket;
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.failures = 0;
    void this.connect();
  }

  stop(): void {
    this.active = false;
    this.attempt += 1;
    this.clearTimer();
    this.socket?.close();
    this.socket = null;
  }

  /** The delay before reconnect attempt `failures` (1-based): half fixed, half random. */
  backoffMs(failures: number): number {
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.max(0, failures - 1));
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  private async connect(): Promise<void> {
    const attempt = ++this.attempt;
    this.clearTimer();
    this.socket?.close();
    this.socket = null;
    let token: string;
    try {
      token = await this.options.token();
    } catch (error) {
      if (attempt === this.attempt) this.failed(error);
      return;
    }
    if (attempt !== this.attempt) return;
    const lifetime = expiresAtMs(token) - this.now();
    if (!(lifetime > RENEW_BEFORE_EXPIRY_MS)) {
      this.failed(new Error('the session token is about to expire and could not be renewed yet'));
      return;
    }
    let opened = false;
    this.socket = this.open(this.options.url, pushProtocols(token), {
      opened: () => {
        if (attempt !== this.attempt) return;
        opened = true;
        this.failures = 0;
        this.later(() => void this.connect(), lifetime - RENEW_BEFORE_EXPIRY_MS);
        this.listener.up();
      },
      message: (text) => {
        if (attempt !== this.attempt) return;
        const nudge = parsePushMessage(text);
        if (nudge) this.listener.nudge(nudge.upTo);
      },
      closed: () => {
        if (attempt !== this.attempt) return;
        this.socket = null;
        this.failed(opened ? null : new Error(`the push channel at ${this.options.url} refused or could not be reached`));
      },
    });
  }

  private failed(error: unknown): void {
    if (error) this.options.log?.('push channel', error);
    this.listener.down();
    if (!this.active) return;
    this.failures += 1;
    this.later(() => void this.connect(), this.backoffMs(this.failures));
  }

  private later(run: () => void, ms: number): void {
    this.clearTimer();
    this.timer = this.options.schedule(() => {
      this.timer = null;
      run();
    }, ms);
  }

  private clearTimer(): void {
    this.timer?.();
    this.timer = null;
  }
}

/** When a JWT expires, from its `exp` claim; 0 when it has none to read (it is then not used). */
export function expiresAtMs(token: string): number {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : 0;
  } catch {
    return 0;
  }
}
