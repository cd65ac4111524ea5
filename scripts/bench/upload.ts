// Benchmark `upload`: one 4 GiB file (random bytes, made once in a temp folder, removed
// after) to the local S3 endpoint (s3rver) by our upload manager, then by Debian's
// `aws s3 cp`, in the same run against the same stack. Ours runs in a child process like
// the desktop's main process, so it does not share an event loop with s3rver; awscli is a
// process of its own too. Ours is timed from start() to the catalog's upload-complete, so
// it includes the SHA-256 (read alongside the parts) and tagging the object with it;
// awscli computes no whole-file checksum.
// Targets: ratio ≥ 1.2, rss_mb ≤ 300.
import { spawn } from 'node:child_process';
import { randomFill } from 'node:crypto';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { createLocalS3Client } from '../../lambdas/src/local/s3Client';
import { startTestStack, tempDataDir } from '../testing/localStack';
import { TEST_PASSWORD, signInPeople } from '../testing/people';
import { awsCliEnv } from '../testing/s3';

const GIB = 1024 ** 3;
const SIZE_GIB = Number(process.env['BENCH_UPLOAD_GIB'] ?? 4);
const SIZE = Math.round(SIZE_GIB * GIB);
const AWS = process.env['BENCH_AWS'] ?? '/usr/bin/aws';
const here = path.dirname(fileURLToPath(import.meta.url));
const fill = promisify(randomFill);

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited with ${code}`))));
  });
}

const data = await tempDataDir('rushes-bench-upload-');
const stack = await startTestStack({ dataDir: data.dir, adminEmail: 'bench@example.com', adminPassword: TEST_PASSWORD });
const s3 = createLocalS3Client(stack.profile.s3.endpoint!);
try {
  const file = path.join(data.dir, 'A001C001_bench.bin');
  const made = performance.now();
  const handle = await open(file, 'w');
  // One random 64 MiB block, stamped with its index each time: nothing on the way compresses
  // or deduplicates, so this costs what fresh random bytes would without generating 4 GiB of them.
  const chunk = Buffer.allocUnsafe(64 * 1024 ** 2);
  await fill(chunk);
  for (let written = 0, index = 0; written < SIZE; written += chunk.length, index += 1) {
    chunk.writeUInt32BE(index, 0);
    await handle.write(chunk, 0, Math.min(chunk.length, SIZE - written));
  }
  await handle.close();
  console.log(`made a ${SIZE_GIB} GiB random file in ${((performance.now() - made) / 1000).toFixed(1)} s`);

  const { tokens, call } = await signInPeople(stack, { admin: { email: 'bench@example.com', groups: [], existing: true } });
  if ((await call('admin', 'createFolder', { body: { parentPath: '', name: 'Bench' } })).status !== 200)
    throw new Error('could not create the Bench folder');
  const mbps = (bytes: number, seconds: number) => bytes / 1e6 / seconds;

  const ours = JSON.parse(
    await run(process.execPath, ['--import', 'tsx', path.join(here, 'workers', 'uploadWorker.ts')], {
      ...process.env,
      BENCH_API_URL: stack.profile.apiUrl,
      BENCH_TOKEN: tokens.admin,
      BENCH_FILE: file,
      BENCH_FOLDER: 'Bench/',
    }),
  ) as { seconds: number; firstPartSeconds: number; completeSeconds: number; bytes: number; maxRssMb: number };
  console.log(
    `ours:   ${ours.seconds.toFixed(1)} s, ${mbps(SIZE, ours.seconds).toFixed(0)} MB/s, peak RSS ${ours.maxRssMb.toFixed(0)} MB ` +
      `(first part after ${ours.firstPartSeconds.toFixed(1)} s, s3rver's CompleteMultipartUpload ${ours.completeSeconds.toFixed(1)} s)`,
  );
  await s3.send(new DeleteObjectCommand({ Bucket: stack.profile.s3.mediaBucket, Key: `Bench/${path.basename(file)}` }));

  // --cli-read-timeout 0: s3rver may take longer than the aws CLI's default 60 s to answer
  // CompleteMultipartUpload of 4 GiB when it has to copy the parts.
  const awsStarted = performance.now();
  await run(
    AWS,
    [
      's3',
      'cp',
      '--only-show-errors',
      '--cli-read-timeout',
      '0',
      '--endpoint-url',
      stack.profile.s3.endpoint!,
      file,
      `s3://${stack.profile.s3.mediaBucket}/Bench/awscli.bin`,
    ],
    {
      ...process.env,
      ...awsCliEnv(),
    },
  );
  const awsSeconds = (performance.now() - awsStarted) / 1000;
  console.log(`awscli: ${awsSeconds.toFixed(1)} s, ${mbps(SIZE, awsSeconds).toFixed(0)} MB/s (default 8 MB parts × 10)`);
  await s3.send(new DeleteObjectCommand({ Bucket: stack.profile.s3.mediaBucket, Key: 'Bench/awscli.bin' }));

  const ourMbps = mbps(SIZE, ours.seconds);
  const awsMbps = mbps(SIZE, awsSeconds);
  console.log(
    `upload: size_gib=${SIZE_GIB} ours_mbps=${ourMbps.toFixed(1)} awscli_mbps=${awsMbps.toFixed(1)} ratio=${(ourMbps / awsMbps).toFixed(2)} rss_mb=${ours.maxRssMb.toFixed(0)}`,
  );
} finally {
  s3.destroy();
  await stack.stop();
  await data.remove();
}
