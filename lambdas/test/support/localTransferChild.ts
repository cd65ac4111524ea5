// Runs one job of the local transfer executor in a process of its own, so a test can put
// the share on a tiny or read-only tmpfs inside a private mount namespace (`unshare -m`)
// that only this process sees. Prints one JSON line: what `finished` got, the `start`
// refusal if any, and the files left under the share (the mount goes with the process).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { TransferLaunch } from '../../src/ports';
import { LocalTransferExecutor } from '../../src/adapters/localTransferExecutor';
import { createLocalS3Client } from '../../src/local/s3Client';

const [endpoint, launchJson, filesAtOnce] = process.argv.slice(2);
const launch = JSON.parse(launchJson!) as TransferLaunch;
const s3 = createLocalS3Client(endpoint!);
let outcome: unknown = null;
const executor = new LocalTransferExecutor({
  s3,
  ...(filesAtOnce ? { filesAtOnce: Number(filesAtOnce) } : {}),
  reports: {
    progress: () => undefined,
    finished: async (_jobId, reported) => {
      outcome = reported;
    },
  },
});
let refused: string | null = null;
try {
  await executor.start(launch);
  await executor.settled(launch.jobId);
} catch (error) {
  refused = `${(error as Error).name}: ${(error as Error).message}`;
}
const share = launch.workstation.shareRoot;
const files = (await readdir(share, { recursive: true, withFileTypes: true }))
  .filter((entry) => entry.isFile())
  .map((entry) => path.relative(share, path.join(entry.parentPath, entry.name)))
  .sort();
s3.destroy();
process.stdout.write(`${JSON.stringify({ outcome, refused, files })}\n`);
