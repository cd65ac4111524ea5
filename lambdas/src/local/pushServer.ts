import http from 'node:http';
import type { Duplex } from 'node:stream';
import { decodeJwt } from 'jose';
import { WebSocketServer, type WebSocket } from 'ws';
import { DomainError, PUSH_PROTOCOL, tokenFromProtocols } from '@rushes/shared';
import { planNudges } from '../core/push';
import type { Catalog, Principal } from '../ports';
import { refuseForeignRequest } from './loopbackHttp';

/** Where the local API server takes the push channel's upgrade. */
export const PUSH_PATH = '/v1/push';
/** New changes are read this many at a time to plan nudges. */
const PLAN_BATCH = 500;
/** A connection lives until its token expires, and never longer than this (the cloud's TTL cap). */
export const MAX_CONNECTION_MS = 3 * 60 * 60_000;
/** Close code for a connection whose token ran out: the client opens a new one with a fresh token. */
export const TOKEN_EXPIRED_CLOSE = 4001;

interface Listener {
  readonly socket: WebSocket;
  readonly principal: Principal;
  readonly expiry: () => void;
}

/**
 * Local mode's push channel: a WebSocket on the local API server (127.0.0.1 only) that
 * nudges each signed-in desktop when the catalog commits changes it may follow, with the
 * same message and the same group filter as the cloud's fan-out (core/push.ts). The ID token
 * is checked at the upgrade exactly as the HTTP API checks it, disabled users included.
 */
export class LocalPushHub {
  private readonly sockets = new WebSocketServer({
    noServer: true,
    maxPayload: 1024,
    handleProtocols: () => PUSH_PROTOCOL,
  });
  private readonly listeners = new Set<Listener>();
  private announced: number;
  private head: number;
  private planning: Promise<void> | null = null;

  constructor(
    private readonly deps: {
      catalog: Catalog;
      /** Checks a token as the HTTP API does: signature, issuer, audience, expiry, disabled user. */
      authenticate: (token: string) => Promise<Principal>;
      /** The feed's head when the hub starts: nothing before it is announced. */
      latest: number;
      now?: () => number;
      /** Runs `run` after `ms` and returns what cancels it: a connection's end at its token's expiry. */
      schedule?: (run: () => void, ms: number) => () => void;
      log?: (message: string, error: unknown) => void;
    },
  ) {
    this.announced = deps.latest;
    this.head = deps.latest;
  }

  /** How many desktops are listening. */
  get size(): number {
    return this.listeners.size;
  }

  /** The catalog committed changes up to `latest` (SqliteCatalog's onChanges). */
  changesCommitted(latest: number): void {
    this.head = Math.max(this.head, latest);
    this.planning ??= this.announce().finally(() => {
      this.planning = null;
    });
  }

  /** Resolves once every change committed so far has been announced. */
  async idle(): Promise<void> {
    while (this.planning) await this.planning;
  }

  /** The API server's `upgrade` event: takes the push path, refuses everything else. */
  upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer, port: number): void {
    void this.accept(req, socket, head, port);
  }

  async close(): Promise<void> {
    for (const listener of this.listeners) {
      listener.expiry();
      listener.socket.terminate();
    }
    this.listeners.clear();
    await this.idle();
    await new Promise<void>((resolve) => this.sockets.close(() => resolve()));
  }

  private async accept(req: http.IncomingMessage, socket: Duplex, head: Buffer, port: number): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path !== PUSH_PATH) return refuse(socket, 404, 'There is no WebSocket here.');
    const foreign = refuseForeignRequest(req, port);
    if (foreign) return refuse(socket, 403, foreign);
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const token = tokenFromProtocols(offered);
    if (!token) return refuse(socket, 401, `Offer the subprotocols "${PUSH_PROTOCOL}" and the ID token.`);
    let principal: Principal;
    try {
      principal = await this.deps.authenticate(token);
    } catch (error) {
      if (error instanceof DomainError) return refuse(socket, error.code === 'UNAVAILABLE' ? 503 : 401, error.message);
      this.deps.log?.('push channel sign-in check', error);
      return refuse(socket, 500, 'The token could not be checked.');
    }
    const now = (this.deps.now ?? Date.now)();
    const lifetime = Math.min(MAX_CONNECTION_MS, (decodeJwt(token).exp ?? 0) * 1000 - now);
    if (lifetime <= 0) return refuse(socket, 401, 'The session has expired; sign in again.');
    this.sockets.handleUpgrade(req, socket, head, (ws) => this.listen(ws, principal, lifetime));
  }

  private listen(socket: WebSocket, principal: Principal, lifetime: number): void {
    const cancel = (this.deps.schedule ?? unrefTimer)(() => socket.close(TOKEN_EXPIRED_CLOSE, 'The token expired.'), lifetime);
    const listener: Listener = { socket, principal, expiry: cancel };
    this.listeners.add(listener);
    socket.on('close', () => {
      listener.expiry();
      this.listeners.delete(listener);
    });
    // The channel is one-way: whatever a client sends is ignored.
    socket.on('error', (error) => this.deps.log?.('push channel connection', error));
  }

  /** Reads what was committed since the last announcement, in batches, and nudges whoever may follow it. */
  private async announce(): Promise<void> {
    while (this.announced < this.head) {
      try {
        const changes = await this.deps.catalog.changesSince(this.announced, PLAN_BATCH);
        if (changes.length === 0) {
          this.announced = this.head;
          return;
        }
        const open = [...this.listeners].filter((listener) => listener.socket.readyState === listener.socket.OPEN);
        for (const { receiver, nudge } of await planNudges(this.deps.catalog, changes, open)) {
          receiver.socket.send(JSON.stringify(nudge));
        }
        this.announced = changes.at(-1)!.seq;
      } catch (error) {
        // Desktops still poll every minute while the socket is up: a missed nudge is late, not lost.
        this.deps.log?.('push channel announcement', error);
        this.announced = this.head;
      }
    }
  }
}

function unrefTimer(run: () => void, ms: number): () => void {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
}

/** Answers the upgrade request with a plain HTTP error and hangs up. */
function refuse(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: { message } });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\n` +
      `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
