// The physical limit beside a bench's figures: the same bytes over a plain socket pair on
// 127.0.0.1, the far end in a process of its own (workers/loopbackWorker.ts) as every client is.
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { runWorker } from './child';

export type LoopbackBytes = { send: 'file'; file: string; bytes: number } | { send: 'stream'; source: () => Readable; bytes: number };

/**
 * Seconds to move `bytes` through the socket: the worker sends `file` to this process (an
 * upload's direction), or this process sends `source()` to the worker (a download's).
 */
export async function loopbackSeconds(what: LoopbackBytes): Promise<number> {
  let received = 0;
  const failures: unknown[] = [];
  const server = createServer((socket: Socket) => {
    socket.on('error', (error) => failures.push(error));
    if (what.send === 'file') {
      socket.on('data', (chunk: Buffer) => (received += chunk.length));
      socket.on('end', () => socket.end());
    } else {
      pipeline(what.source(), socket).catch((error: unknown) => failures.push(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const answer = await runWorker<{ seconds: number; bytes: number }>('loopbackWorker', {
      BENCH_LOOPBACK_PORT: String(port),
      ...(what.send === 'file' ? { BENCH_LOOPBACK_FILE: what.file } : {}),
    });
    const moved = what.send === 'file' ? received : answer.bytes;
    if (failures.length > 0 || moved !== what.bytes)
      throw new Error(`the loopback moved ${moved} of ${what.bytes} bytes: ${failures.join('; ')}`);
    return answer.seconds;
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
