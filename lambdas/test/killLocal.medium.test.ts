import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionProfile } from '@rushes/shared';
import { SqliteCatalog } from '../src/adapters/sqliteCatalog';
import { createLocalObjectStore, createLocalS3Client } from '../src/local/s3Client';
import { freePortRange, tempDataDir } from '../../scripts/testing/localStack';

// kill -9 of the local runtime while ffmpeg is making a proxy, then a start on the same data
// folder: the job a crash interrupted runs again and the asset ends `ready`, and the catalog
// holds exactly the objects the bucket holds. Real processes throughout; every wait is on a
// state (a line printed, an ffmpeg process present, a catalog status), never on a time.
const CHILD = path.join(import.meta.dirname, 'support', 'localStackChild.ts');
let data: Awaited<ReturnType<typeof tempDataDir>>;
let basePort: number;
let runtime: ChildProcess | null = null;

async function start(): Promise<ConnectionProfile> {
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', CHILD], {
    env: { ...process.env, RUSHES_DATA_DIR: data.dir, RUSHES_PORT: String(basePort), RUSHES_INGEST: 'on', RUSHES_INGEST_JOBS: '1' },
    // Its own process group, so a kill takes ffmpeg and cognito-local down with it, as a crash of the machine's session would.
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  runtime = child;
  for await (const line of createInterface({ input: child.stdout! })) {
    if (line.startsWith('{"ready"')) return (JSON.parse(line) as { profile: ConnectionProfile }).profile;
  }
  throw new Error('local mode ended before it was ready');
}

function killHard(): void {
  if (runtime?.pid) process.kill(-runtime.pid, 'SIGKILL');
  runtime = null;
}

/** Whether an ffmpeg process runs in the runtime's process group. */
function ffmpegRunning(): boolean {
  const pgid = runtime?.pid;
  if (!pgid) return false;
  const out = execFileSync('ps', ['-o', 'pgid=,comm=', '-e'], { encoding: 'utf8' });
  return out.split('\n').some((line) => line.trim().startsWith(`${pgid} `) && line.includes('ffmpeg'));
}

beforeAll(async () => {
  data = await tempDataDir();
  basePort = await freePortRange();
});

afterAll(async () => {
  killHard();
  await data?.remove();
});

describe('kill -9 of local mode', () => {
  it('runs an ingest the crash interrupted again after a restart, to ready, and the catalog matches the bucket', async () => {
    const clip = path.join(data.dir, 'clip.mp4');
    execFileSync('ffmpeg', [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=25:duration=20'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', clip],
    ]);
    let profile = await start();
    let s3 = createLocalS3Client(profile.s3.endpoint!);
    await s3.send(new PutObjectCommand({ Bucket: profile.s3.mediaBucket, Key: 'Show/Day 1/A001.mp4', Body: readFileSync(clip) }));
    s3.destroy();
    await expect.poll(ffmpegRunning, { timeout: 60_000, interval: 100 }).toBe(true);
    killHard();

    const catalog = new SqliteCatalog(path.join(data.dir, 'catalog.sqlite'));
    try {
      expect((await catalog.getAssetByKey('Show/Day 1/A001.mp4'))?.status).toBe('processing');
      profile = await start();
      await expect
        .poll(async () => (await catalog.getAssetByKey('Show/Day 1/A001.mp4'))?.status, { timeout: 120_000, interval: 250 })
        .toBe('ready');
      s3 = createLocalS3Client(profile.s3.endpoint!);
      const keys: string[] = [];
      for await (const object of createLocalObjectStore(s3, profile.s3.mediaBucket).list('')) keys.push(object.key);
      s3.destroy();
      expect(await catalog.countAssets()).toBe(keys.length);
      expect(keys).toEqual(['Show/Day 1/A001.mp4']);
    } finally {
      await catalog.close();
    }
  }, 240_000);
});
