// Child process of the `upload` and `fsx` benches: the physical limit of their transfers, the
// same bytes through a plain TCP socket on 127.0.0.1 (no HTTP, no hashing, no disk writes).
// With BENCH_LOOPBACK_FILE it sends that file and waits for the other side to close; without,
// it reads until the other side ends. Timed from connect to close.
// Prints one JSON line: { seconds, bytes }.
import { createReadStream } from 'node:fs';
import { connect } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';

const env = z
  .object({ BENCH_LOOPBACK_PORT: z.coerce.number().int().min(1).max(65535), BENCH_LOOPBACK_FILE: z.string().min(1).optional() })
  .parse(process.env);

const socket = connect({ host: '127.0.0.1', port: env.BENCH_LOOPBACK_PORT });
await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
const started = performance.now();
let bytes = 0;
const closed = new Promise<void>((resolve, reject) => socket.once('close', () => resolve()).once('error', reject));
if (env.BENCH_LOOPBACK_FILE) {
  socket.resume(); // the other side sends nothing but its end
  const file = createReadStream(env.BENCH_LOOPBACK_FILE, { highWaterMark: 1024 * 1024 });
  file.on('data', (chunk) => (bytes += chunk.length));
  await pipeline(file, socket);
} else {
  socket.on('data', (chunk: Buffer) => (bytes += chunk.length));
}
await closed;
console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000, bytes }));
