import type { FileHandle } from 'node:fs/promises';
import net from 'node:net';
import type { ChecksumPass } from './shareChecksums';

/**
 * The body of a presigned GET over plain HTTP (a local S3 endpoint), read by the socket
 * straight into large pooled buffers, hashed and written from them.
 *
 * Why not the SDK's stream or Node's http client: on a 2-core machine the copy is bound by
 * the client's CPU, and the profile of the SDK path was dominated by garbage collection,
 * HTTP parsing and per-chunk callbacks. Every 64 KiB socket read there is a new Buffer,
 * sliced again by the parser and wrapped by the SDK's stream. Here the socket's `onread`
 * reads into a 4 MiB buffer taken from a pool, so a GiB costs a few hundred reads, no new
 * memory, one hash call and one write per 4 MiB. The request is still signed by the SDK
 * (a presigned URL: no hand-written signing); only the response framing is read here, and
 * anything but a `200` with a Content-Length (an error, a chunked body) is left to the SDK
 * path (`fallback`), which reads it the usual way and raises the usual S3 error.
 */

/** Bytes read, hashed and written at a time. */
const BATCH_BYTES = 4 * 1024 ** 2;
/** Batches kept for the next files: 4 files at once, each filling one while two are written. */
const POOLED_BATCHES = 12;
/** Batches of one file being written before its socket pauses. */
const WRITES_IN_FLIGHT = 2;
/** A response head larger than this is not S3's. */
const HEAD_LIMIT = 64 * 1024;
/** An idle kept-alive connection is closed after this long. */
const IDLE_MS = 4000;

const freeBatches: Buffer[] = [];
const takeBatch = () => freeBatches.pop() ?? Buffer.allocUnsafeSlow(BATCH_BYTES);
const giveBatch = (batch: Buffer) => void (freeBatches.length < POOLED_BATCHES && freeBatches.push(batch));

export interface PlainGet {
  url: URL;
  /** The size the manifest says: the response must announce exactly this. */
  size: number;
  file: FileHandle;
  pass: ChecksumPass;
  signal: AbortSignal;
  onBytes(total: number): void;
}

/** What came back: the body, written and hashed; or a response for the SDK path to read; or a different length. */
export type PlainGetOutcome = { body: number } | { fallback: string } | { announced: number };

/** What one connection's reads go to while a request uses it. */
interface Receiver {
  buffer(): Buffer;
  received(bytes: number, into: Buffer): boolean;
  failed(error: Error): void;
}

/** A kept-alive connection to one host, its reads dispatched to the request using it. */
class Connection {
  receiver: Receiver | null = null;
  used = false;
  /**
   * Where a read goes while no request is on the connection; since the socket asks for the
   * next read's buffer right after each read, a request's first read lands here too.
   */
  private readonly spare = Buffer.allocUnsafe(16 * 1024);
  readonly socket: net.Socket;

  /** `key`: the URL's host with its port, under which idle connections wait. */
  constructor(
    readonly key: string,
    host: string,
    port: number,
  ) {
    this.socket = net.connect({
      host,
      port,
      onread: {
        // Called after each read for the next one (and once at the start).
        buffer: () => this.receiver?.buffer() ?? this.spare,
        callback: (bytes: number, into: Uint8Array) => {
          if (this.receiver) return this.receiver.received(bytes, into as Buffer);
          // Bytes nobody asked for: the connection is no longer in step with its requests.
          this.socket.destroy();
          return false;
        },
      },
    });
    this.socket.setNoDelay(true);
    this.socket.on('error', (error) => this.receiver?.failed(error));
    this.socket.on('close', () => {
      dropIdle(this);
      this.receiver?.failed(Object.assign(new Error('the storage closed the connection'), { code: 'ECONNRESET' }));
    });
    this.socket.on('timeout', () => this.socket.destroy());
  }
}

const idle = new Map<string, Connection[]>();

function dropIdle(connection: Connection): void {
  const list = idle.get(connection.key);
  const at = list?.indexOf(connection) ?? -1;
  if (at >= 0) list!.splice(at, 1);
}

function connectionTo(url: URL): Connection {
  const key = url.host;
  const reused = idle.get(key)?.pop();
  if (reused && !reused.socket.destroyed) {
    reused.socket.ref();
    reused.socket.setTimeout(0);
    return reused;
  }
  return new Connection(key, url.hostname.replace(/^\[(.*)\]$/, '$1'), Number(url.port || 80));
}

function release(connection: Connection, keep: boolean): void {
  connection.receiver = null;
  if (!keep || connection.socket.destroyed) {
    connection.socket.destroy();
    return;
  }
  connection.used = true;
  connection.socket.unref();
  connection.socket.setTimeout(IDLE_MS);
  const list = idle.get(connection.key) ?? [];
  list.push(connection);
  idle.set(connection.key, list);
}

/**
 * One GET of `get.url` into `get.file` from position 0, every body byte given to `get.pass`
 * in order. A kept-alive connection that turns out closed before any answer is retried once
 * on a new one.
 */
export async function plainGet(get: PlainGet): Promise<PlainGetOutcome> {
  const connection = connectionTo(get.url);
  try {
    return await exchange(connection, get);
  } catch (error) {
    if (!(error instanceof StaleConnection) || get.signal.aborted) throw error;
    return await exchange(connectionTo(get.url), get);
  }
}

/** A reused connection was closed by the server before it answered anything. */
class StaleConnection extends Error {}

function exchange(connection: Connection, get: PlainGet): Promise<PlainGetOutcome> {
  const wasUsed = connection.used;
  return new Promise<PlainGetOutcome>((resolve, reject) => {
    let batch = takeBatch();
    let filled = 0;
    let headSeen = false;
    let length = 0;
    let keep = false;
    let received = 0;
    let position = 0;
    let inFlight = 0;
    let paused = false;
    let settled = false;
    let released = false;
    const letGo = (keepConnection: boolean) => {
      if (released) return;
      released = true;
      release(connection, keepConnection);
    };
    let writing: Promise<void> = Promise.resolve();

    const finish = (outcome: PlainGetOutcome | null, error?: unknown, keepConnection = false) => {
      if (settled) return;
      settled = true;
      get.signal.removeEventListener('abort', onAbort);
      letGo(keepConnection);
      const last = batch;
      // Answered once no write is left on the file (its handle is closed next), the batch back in the pool.
      const answer = () => {
        giveBatch(last);
        if (outcome) resolve(outcome);
        else reject(error);
      };
      void writing.then(answer, answer);
    };
    const onAbort = () => finish(null, get.signal.reason);

    /** Hashes a full batch (or the last one) and queues its write; answers false when the socket must wait. */
    const ship = (): boolean => {
      const full = batch;
      const bytes = filled;
      get.pass.update(full.subarray(0, bytes));
      const at = position;
      position += bytes;
      inFlight += 1;
      writing = writing.then(async () => {
        await writeFully(get.file, full, bytes, at);
        giveBatch(full);
        inFlight -= 1;
        if (paused && inFlight < WRITES_IN_FLIGHT && !settled) {
          paused = false;
          connection.socket.resume();
        }
      });
      writing.catch((error: unknown) => finish(null, error));
      batch = takeBatch();
      filled = 0;
      if (received === length) {
        // The whole body is here: the connection can serve the next file while the writes finish.
        letGo(keep);
        writing.then(
          () => finish({ body: received }),
          (error: unknown) => finish(null, error),
        );
        return true;
      }
      if (inFlight >= WRITES_IN_FLIGHT) paused = true;
      return !paused;
    };

    /** Reads the response head once it is whole; answers whether the body follows here. */
    const readHead = (): boolean | null => {
      const end = batch.subarray(0, filled).indexOf('\r\n\r\n', 0, 'latin1');
      if (end < 0) {
        if (filled >= HEAD_LIMIT) throw new Error('the storage sent an overlong response head');
        return null;
      }
      const lines = batch.toString('latin1', 0, end).split('\r\n');
      const status = /^HTTP\/1\.([01]) (\d{3})/.exec(lines[0] ?? '');
      if (!status) throw new Error('the storage did not answer in HTTP/1.x');
      const headers = new Map<string, string>();
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      const announced = headers.get('content-length');
      if (status[2] !== '200' || announced === undefined || !/^\d+$/.test(announced) || headers.has('transfer-encoding')) {
        finish({ fallback: `HTTP ${status[2]}` });
        return false;
      }
      if ((headers.get('content-encoding') ?? 'identity') !== 'identity') {
        finish({ fallback: 'encoded body' });
        return false;
      }
      length = Number(announced);
      if (length !== get.size) {
        finish({ announced: length });
        return false;
      }
      keep = status[1] === '1' && (headers.get('connection') ?? '').toLowerCase() !== 'close';
      headSeen = true;
      batch.copyWithin(0, end + 4, filled);
      filled -= end + 4;
      received = filled;
      if (received > length) throw new Error('the storage sent more than the announced length');
      return true;
    };

    let given: Buffer | null = null;
    connection.receiver = {
      buffer: () => (given = headSeen ? batch.subarray(filled, Math.min(BATCH_BYTES, filled + length - received)) : batch.subarray(filled)),
      received: (bytes, into) => {
        if (settled) return false;
        try {
          if (into !== given) {
            // The read went to the connection's spare buffer (the first one of a request).
            if (filled + bytes > (headSeen ? Math.min(BATCH_BYTES, filled + length - received) : BATCH_BYTES))
              throw new Error('the storage sent more than the announced length');
            into.copy(batch, filled, 0, bytes);
          }
          given = null;
          filled += bytes;
          if (headSeen) {
            received += bytes;
          } else {
            const body = readHead();
            if (!body) return body !== false;
          }
          get.onBytes(received);
          return filled === BATCH_BYTES || received === length ? ship() : true;
        } catch (error) {
          finish(null, error);
          return false;
        }
      },
      failed: (error) => {
        finish(null, wasUsed && !headSeen && filled === 0 ? new StaleConnection(error.message) : error);
      },
    };
    if (get.signal.aborted) return onAbort();
    get.signal.addEventListener('abort', onAbort, { once: true });
    const target = get.url.pathname + get.url.search;
    connection.socket.write(`GET ${target} HTTP/1.1\r\nHost: ${get.url.host}\r\nAccept-Encoding: identity\r\n\r\n`, 'latin1');
    if (connection.socket.isPaused()) connection.socket.resume();
  });
}

/** pwrite until every byte is down (a regular file takes it all at once, but a write may be partial). */
async function writeFully(file: FileHandle, buffer: Buffer, bytes: number, position: number): Promise<void> {
  for (let done = 0; done < bytes;) {
    const { bytesWritten } = await file.write(buffer, done, bytes - done, position + done);
    if (bytesWritten === 0) throw Object.assign(new Error('the disk took no bytes'), { code: 'EIO' });
    done += bytesWritten;
  }
}
