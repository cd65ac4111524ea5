// Child process of `npm run bench -- fsx`: the local transfer executor on its own, as the
// local runtime runs it, so it does not share an event loop with the S3 stand-in. Timed
// from start() to finished(). Prints one JSON line: { seconds, statuses, bytes, error, cpuSeconds, maxRssMb }.
import { z } from 'zod';
import { TransferResultSchema, type TransferResult } from '@rushes/shared';
import { LocalTransferExecutor } from '../../../lambdas/src/adapters/localTransferExecutor';
import { createLocalS3Client } from '../../../lambdas/src/local/s3Client';
import type { TransferLaunch } from '../../../lambdas/src/ports';

const env = z
  .object({
    BENCH_S3_ENDPOINT: z.url(),
    BENCH_LAUNCH: z.string().min(2),
    BENCH_FILES_AT_ONCE: z.coerce.number().int().min(1).max(64).optional(),
    BENCH_FSX_READS: z.enum(['direct', 'sdk']).default('direct'),
  })
  .parse(process.env);
const launch = JSON.parse(env.BENCH_LAUNCH) as TransferLaunch;

const s3 = createLocalS3Client(env.BENCH_S3_ENDPOINT);
let finishedAt = 0;
let result: TransferResult | null = null;
let failure: string | null = null;
const executor = new LocalTransferExecutor({
  s3,
  directReads: env.BENCH_FSX_READS === 'direct',
  ...(env.BENCH_FILES_AT_ONCE ? { filesAtOnce: env.BENCH_FILES_AT_ONCE } : {}),
  reports: {
    progress: () => undefined,
    finished: async (_jobId, outcome) => {
      finishedAt = performance.now();
      if ('result' in outcome) result = TransferResultSchema.parse(outcome.result);
      else failure = outcome.error;
    },
  },
});
const started = performance.now();
const cpuBefore = process.cpuUsage();
await executor.start(launch);
await executor.settled(launch.jobId);
const cpu = process.cpuUsage(cpuBefore);
s3.destroy();
if (!result) throw new Error(`the transfer did not finish with a result: ${failure}`);
const finished: TransferResult = result;
const statuses: Record<string, number> = {};
for (const entry of finished.entries) statuses[entry.status] = (statuses[entry.status] ?? 0) + 1;
const bytes = finished.entries.reduce((sum, entry) => sum + (entry.bytes ?? 0), 0);
console.log(
  JSON.stringify({
    seconds: (finishedAt - started) / 1000,
    statuses,
    bytes,
    error: finished.error,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
