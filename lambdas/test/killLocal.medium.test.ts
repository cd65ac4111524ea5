import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionProfile } from '@rushes/shared';
import { SqliteCatalog } from '../src/adapters/sqliteCatalog';
import { createLocalObjectStore, createLocalS3Client } from '../src/local/s3Client';
import { freePortRange, tempDataDir } from '../../scripts/testing/localStack';
import { TEST_PASSWORD } from '../../scripts/testing/people';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// kill -9 of the local runtime while ffmpeg is making a proxy, while a transfer copies to
// a workstation's share, and while the desktop's upload manager sends a card to it, then a
// start on the same data folder: the interrupted ingest runs again to `ready` (the catalog
// then holds exactly the bucket's objects), the transfer ends `succeeded` or `failed` with a
// reason, the upload goes on from its saved state. Real processes throughout; every wait is
// on a state (a line printed, an ffmpeg process present, a catalog status), never on a time.
const CHILD = path.join(import.meta.dirname, 'support', 'localStackChild.ts');
const UPLOAD_CHILD = path.join(import.meta.dirname, 'support', 'localUploadChild.ts');
let data: Awaited<ReturnType<typeof tempDataDir>>;
let basePort: number;
let runtime: ChildProcess | null = null;

async function start(): Promise<ConnectionProfile> {
  const { lines } = launch(CHILD, {});
  for await (const line of lines) {
    if (line.startsWith('{"ready"')) return (JSON.parse(line) as { profile: ConnectionProfile }).profile;
  }
  throw new Error('local mode ended before it was ready');
}

/** A child on the test's data folder, in a process group of its own; its stdout line by line. */
function launch(script: string, extra: Record<string, string>, dataDir = data.dir): { lines: AsyncIterableIterator<string> } {
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', script], {
    env: {
      ...process.env,
      ...extra,
      RUSHES_DATA_DIR: dataDir,
      RUSHES_PORT: String(basePort),
      RUSHES_INGEST: 'on',
      RUSHES_INGEST_JOBS: '1',
      RUSHES_ADMIN_EMAIL: 'admin@example.com',
      RUSHES_ADMIN_PASSWORD: TEST_PASSWORD,
      // This test is about crashes, not sign-in: nobody must enrol an authenticator.
      RUSHES_MFA_REQUIRED_GROUPS: 'none',
    },
    // Its own process group, so a kill takes ffmpeg and cognito-local down with it, as a crash of the machine's session would.
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  runtime = child;
  return { lines: createInterface({ input: child.stdout! })[Symbol.asyncIterator]() };
}

/** A JSON line a child printed, or null for the other lines local mode prints. */
function event<T>(line: string): T | null {
  return line.startsWith('{') ? (JSON.parse(line) as T) : null;
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

describe('kill -9 of local mode', { timeout: heavyTimeout(300_000) }, () => {
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
  });

  it('ends a transfer the crash cut off mid-copy succeeded or failed with a reason after a restart', async () => {
    killHard();
    let profile = await start();
    const cognito = new CognitoIdentityProviderClient({
      region: 'local',
      endpoint: profile.cognito.endpoint,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const signIn = async () =>
      (
        await cognito.send(
          new InitiateAuthCommand({
            AuthFlow: 'USER_PASSWORD_AUTH',
            ClientId: profile.cognito.clientId,
            AuthParameters: { USERNAME: 'admin@example.com', PASSWORD: TEST_PASSWORD },
          }),
        )
      ).AuthenticationResult!.IdToken!;
    const api = async <T>(token: string, method: string, route: string, body?: unknown): Promise<T> => {
      const response = await fetch(new URL(route, profile.apiUrl), {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const answer = (await response.json()) as T;
      expect(response.status, JSON.stringify(answer)).toBeLessThan(300);
      return answer;
    };
    // Camera RAW is stored without previews, so the asset is settled at once; 600 MiB takes seconds to copy.
    const s3 = createLocalS3Client(profile.s3.endpoint!);
    await s3.send(
      new PutObjectCommand({ Bucket: profile.s3.mediaBucket, Key: 'Show/Raw/A002.R3D', Body: Buffer.alloc(600 * 1024 * 1024, 7) }),
    );
    s3.destroy();
    const catalog = new SqliteCatalog(path.join(data.dir, 'catalog.sqlite'));
    try {
      await expect
        .poll(async () => (await catalog.getAssetByKey('Show/Raw/A002.R3D'))?.status, { timeout: 60_000, interval: 250 })
        .toBe('ready');
      const share = path.join(data.dir, 'share');
      await mkdir(share);
      const token = await signIn();
      const workstation = await api<{ id: string }>(token, 'POST', '/v1/admin/workstations', {
        name: 'Edit bay 1',
        platform: 'local',
        instanceId: null,
        shareRoot: share,
        groups: ['admin'],
      });
      const job = await api<{ id: string }>(token, 'POST', '/v1/transfers', {
        operation: 'copy',
        workstationId: workstation.id,
        folderPaths: ['Show/Raw/'],
      });
      // Mid-copy: the part file is on the share, the rename has not happened.
      const partOnShare = () => {
        try {
          return readdirSync(path.join(share, 'Show', 'Raw')).some((name) => name.endsWith('.rushes-part'));
        } catch {
          return false;
        }
      };
      await expect.poll(partOnShare, { timeout: 60_000, interval: 50 }).toBe(true);
      killHard();
      expect((await catalog.getTransfer(job.id))?.state).toBe('running');

      profile = await start();
      await expect
        .poll(async () => (await catalog.getTransfer(job.id))?.state, { timeout: 120_000, interval: 250 })
        .toMatch(/^(succeeded|failed)$/);
      const ended = (await catalog.getTransfer(job.id))!;
      if (ended.state === 'failed') expect(ended.reason).toEqual(expect.any(String));
      else expect(readdirSync(path.join(share, 'Show', 'Raw'))).toEqual(['A002.R3D']);
    } finally {
      cognito.destroy();
      await catalog.close();
    }
  });

  it('goes on with an upload of a card of 1,000 files and a multipart clip cut off by kill -9: each file once, the catalog equals the bucket, no multipart left', async () => {
    killHard();
    // Sizes are parameters so the test stays fast: many small files and one file of several parts.
    const smallFiles = Number(process.env['KILL_UPLOAD_FILES'] ?? 1000);
    const KILL_AFTER_FILES = Math.min(25, smallFiles);
    const partMib = 5;
    const clipBytes = 12 * partMib * 1024 * 1024 + 321;
    const own = await tempDataDir();
    try {
      const card = path.join(own.dir, 'source', 'A003R5DD');
      await mkdir(path.join(card, 'CLIP'), { recursive: true });
      const expected = new Map<string, { size: number; sha256: string }>();
      const put = async (relative: string, bytes: Buffer) => {
        await writeFile(path.join(card, relative), bytes);
        expected.set(`Show/A003R5DD/${relative}`, { size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
      };
      // Camera RAW is stored without previews, so each asset settles as it arrives. The clip sorts first, so it starts first.
      await put('CLIP/A003C000.R3D', randomBytes(clipBytes));
      for (let i = 1; i <= smallFiles; i += 1) await put(`CLIP/A003C${String(i).padStart(4, '0')}.R3D`, randomBytes(1024 + i));

      const first = launch(UPLOAD_CHILD, { KILL_UPLOAD_SOURCE: card, KILL_UPLOAD_PART_MIB: String(partMib) }, own.dir);
      // Killed at an event: once the clip's first parts were taken and some small files arrived (others are on their way).
      let parts = 0;
      for await (const line of first.lines) {
        const progress = event<{ part?: number; file?: number }>(line);
        parts = progress?.part ?? parts;
        if (parts >= 2 && (progress?.file ?? 0) >= KILL_AFTER_FILES) break;
      }
      killHard();
      const store = new Database(path.join(own.dir, 'uploads.sqlite'), { readonly: true });
      const before = store.prepare('SELECT state, COUNT(*) AS n FROM uploads GROUP BY state').all() as { state: string; n: number }[];
      store.close();
      expect(before.reduce((sum, row) => sum + row.n, 0)).toBe(smallFiles + 1);
      expect(before.find((row) => row.state === 'succeeded')?.n).toBeGreaterThanOrEqual(KILL_AFTER_FILES);

      const second = launch(UPLOAD_CHILD, { KILL_UPLOAD_PART_MIB: String(partMib) }, own.dir);
      type Settled = { name: string; state: string; error: string | null; custody: string | null };
      const settled = async (): Promise<Settled[]> => {
        for await (const line of second.lines) {
          const idle = event<{ idle?: Settled[] }>(line)?.idle;
          if (idle) return idle;
        }
        throw new Error('the upload process ended before its uploads did');
      };
      const idle = await settled();
      expect(idle.filter((view) => view.state !== 'succeeded')).toEqual([]);
      expect(idle).toHaveLength(smallFiles + 1);
      expect(new Set(idle.map((view) => view.custody))).toEqual(new Set(['recorded']));

      const profile = JSON.parse(readFileSync(path.join(own.dir, 'profile.json'), 'utf8')) as ConnectionProfile;
      const catalog = new SqliteCatalog(path.join(own.dir, 'catalog.sqlite'));
      const s3 = createLocalS3Client(profile.s3.endpoint!);
      try {
        const objects = createLocalObjectStore(s3, profile.s3.mediaBucket);
        const keys: string[] = [];
        for await (const object of objects.list('')) keys.push(object.key);
        // Every file exactly once (no "name (2)" from a session made twice), plus the card's MHL history.
        expect(keys.filter((key) => !key.startsWith('Show/A003R5DD/ascmhl/')).sort()).toEqual([...expected.keys()].sort());
        expect(keys.filter((key) => key.startsWith('Show/A003R5DD/ascmhl/')).length).toBeGreaterThan(0);
        await expect.poll(async () => (await catalog.countAssets()) === keys.length, { timeout: 120_000, interval: 250 }).toBe(true);
        for (const [key, file] of expected) {
          const asset = await catalog.getAssetByKey(key);
          expect(asset, key).toMatchObject({ size: file.size, checksum: { algorithm: 'sha256', value: file.sha256 } });
          expect(['ready', 'failed', 'processing']).toContain(asset!.status);
        }
        // No multipart upload left behind in the local S3 (s3rver keeps them under ._S3rver_uploads).
        const uploadsDir = path.join(own.dir, 's3', profile.s3.mediaBucket, '._S3rver_uploads');
        expect(existsSync(uploadsDir) ? readdirSync(uploadsDir) : []).toEqual([]);
      } finally {
        s3.destroy();
        await catalog.close();
      }
      console.log(`upload killed with ${JSON.stringify(before)}; resumed to ${idle.length} succeeded`);
    } finally {
      killHard();
      await own.remove();
    }
  });
});
