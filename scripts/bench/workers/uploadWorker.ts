// Child process of `npm run bench -- upload`: our upload manager on its own, as the desktop
// app's main process runs it, so it has its own event loop and its peak RSS is its own.
// With BENCH_SINK_ENDPOINT the parts go to the bench's sink instead of the granted endpoint;
// the sink keeps nothing, so the upload session is cancelled where it would be completed.
// Prints one JSON line: { seconds, firstPartSeconds, completeSeconds, bytes, maxRssMb, cpuSeconds, memory }
// where `memory` is the peak of each of process.memoryUsage()'s figures (MB, sampled every
// 250 ms): JS heap against buffers outside it, to tell what the RSS is made of.
import { z } from 'zod';
import { BackendClient } from '../../../desktop/src/main/services/backend';
import { UploadManager } from '../../../desktop/src/main/services/uploads/manager';
import { s3ClientFor } from '../../../desktop/src/main/services/uploads/s3Target';
import { backendSessions } from '../../../desktop/src/main/services/uploads/sessions';
import { UploadStore } from '../../../desktop/src/main/services/uploads/store';

const env = z
  .object({
    BENCH_API_URL: z.url(),
    BENCH_TOKEN: z.string().min(1),
    BENCH_FILE: z.string().min(1),
    BENCH_FOLDER: z.string().min(1),
    BENCH_SINK_ENDPOINT: z.url().optional(),
    /** `1`: also read xxh64 and MD5 and record the ASC MHL generation, as the app does. */
    BENCH_MHL: z.enum(['0', '1']).default('0'),
  })
  .parse(process.env);

const backend = new BackendClient(
  env.BENCH_API_URL,
  async () => env.BENCH_TOKEN,
  async () => undefined,
);
const store = new UploadStore(':memory:');
const sessions = backendSessions(backend);
const sink = env.BENCH_SINK_ENDPOINT;
const uploads = new UploadManager({
  store,
  sessions: sink ? { ...sessions, complete: (key) => sessions.cancel([key]) } : sessions,
  onChange: () => undefined,
  custody: env.BENCH_MHL === '1' ? { hostName: 'bench', toolVersion: 'bench' } : null,
  // Where the time goes: planning until the first part starts (the SHA-256 pass runs
  // alongside the parts); s3rver's CompleteMultipartUpload re-reads and re-writes every
  // byte, so it is timed on its own.
  makeClient: (target, grant) => {
    const client = s3ClientFor(sink ? { ...target, endpoint: sink, forcePathStyle: true } : target, grant);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const at = performance.now();
        firstRequestAt ??= context.commandName === 'UploadPartCommand' ? at : null;
        const result = await next(args);
        if (context.commandName === 'CompleteMultipartUploadCommand') completeSeconds = (performance.now() - at) / 1000;
        return result;
      },
      { step: 'initialize', name: 'benchTimings' },
    );
    return client;
  },
});
let firstRequestAt: number | null = null;
const memory = { heapUsedMb: 0, heapTotalMb: 0, externalMb: 0, arrayBuffersMb: 0 };
const sampler = setInterval(() => {
  const now = process.memoryUsage();
  memory.heapUsedMb = Math.max(memory.heapUsedMb, now.heapUsed / 1e6);
  memory.heapTotalMb = Math.max(memory.heapTotalMb, now.heapTotal / 1e6);
  memory.externalMb = Math.max(memory.externalMb, now.external / 1e6);
  memory.arrayBuffersMb = Math.max(memory.arrayBuffersMb, now.arrayBuffers / 1e6);
}, 250);
let completeSeconds = 0;
uploads.setOnline(true);
const started = performance.now();
await uploads.start({ folderPath: env.BENCH_FOLDER, paths: [env.BENCH_FILE], decisions: {}, onConflict: 'replace' });
await uploads.idle();
const seconds = (performance.now() - started) / 1000;
// BENCH_FILE may be a card folder: every file must have arrived (and, with MHL, been recorded).
const results = uploads.list();
const unfinished = results.find((result) => result.state !== 'succeeded' || (env.BENCH_MHL === '1' && result.custody?.state === 'failed'));
if (results.length === 0 || unfinished)
  throw new Error(`upload ${unfinished?.state}: ${unfinished?.error ?? unfinished?.custody?.message}`);
const bytes = results.reduce((sum, result) => sum + result.bytesTotal, 0);
clearInterval(sampler);
uploads.dispose();
store.close();
const firstPartSeconds = ((firstRequestAt ?? started) - started) / 1000;
const usage = process.resourceUsage();
// CPU of this process (main and hash threads): on a loaded machine, time follows it.
const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
console.log(JSON.stringify({ seconds, firstPartSeconds, completeSeconds, bytes, maxRssMb: usage.maxRSS / 1024, cpuSeconds, memory }));
