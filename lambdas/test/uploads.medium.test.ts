import { createHash } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TechnicalMetadataSchema } from '@rushes/shared';
import type { LocalStack } from '@rushes/lambdas/local';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';
import { TEST_PASSWORD, signInPeople } from '../../scripts/testing/people';

// Upload sessions through the real local API, as four people: an admin, a media manager
// and an editor of Show A, and an editor of another show. Bytes go to s3rver with the
// credentials the API hands out, as the desktop sends them.
const people = {
  admin: { email: 'admin@example.com', groups: [], existing: true },
  manager: { email: 'mm@example.com', groups: ['media-managers', 'show-a'] },
  editor: { email: 'ed@example.com', groups: ['editors', 'show-a'] },
  outsider: { email: 'out@example.com', groups: ['media-managers', 'show-b'] },
};
type Person = keyof typeof people;

let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let call: Awaited<ReturnType<typeof signInPeople<Person>>>['call'];

const file = (relativePath: string, size = 6) => ({ relativePath, size, lastModified: 1_740_000_000_000 });

interface FileResult {
  relativePath: string;
  outcome: string;
  key?: string;
  assetId?: string;
  rule?: string;
  message?: string;
  keepBothKey?: string;
  replaces?: boolean;
}
interface Grants {
  target: { endpoint: string | null; bucket: string; region: string; forcePathStyle: boolean };
  grants: {
    keys: string[];
    credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string | null };
    expiresAt: string;
    kind: string;
  }[];
}

/** Sends bytes the way the desktop does: with the credentials and target the API gave. */
async function sendBytes(who: Person, key: string, body: string): Promise<string> {
  const answer = await call<Grants>(who, 'uploadCredentials', { body: { keys: [key] } });
  expect(answer.status).toBe(200);
  const grant = answer.body.grants[0]!;
  const s3 = new S3Client({
    region: answer.body.target.region,
    endpoint: answer.body.target.endpoint!,
    forcePathStyle: answer.body.target.forcePathStyle,
    credentials: { accessKeyId: grant.credentials.accessKeyId, secretAccessKey: grant.credentials.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  try {
    await s3.send(new PutObjectCommand({ Bucket: answer.body.target.bucket, Key: key, Body: body }));
  } finally {
    s3.destroy();
  }
  return createHash('sha256').update(body).digest('hex');
}

async function listing(who: Person, path: string) {
  return call<{
    folders: { path: string; aclGroups: string[] | null; canWrite: boolean }[];
    assets: { id: string; name: string; status: string; size: number; checksum: unknown }[];
  }>(who, 'listChildren', { query: { path } });
}

beforeAll(async () => {
  data = await tempDataDir();
  stack = await startTestStack({ dataDir: data.dir, adminEmail: people.admin.email, adminPassword: TEST_PASSWORD });
  ({ call } = await signInPeople(stack, people, ['show-a', 'show-b']));
  expect((await call('manager', 'createFolder', { body: { parentPath: '', name: 'Show A' } })).status).toBe(200);
  expect((await call('outsider', 'createFolder', { body: { parentPath: '', name: 'Show B' } })).status).toBe(200);
  // A new show is shared with its creator's groups; the admin narrows it to the show's crew.
  await stack.catalog.updateFolder('Show A/', { aclGroups: ['admin', 'show-a'] }, new Date().toISOString());
});

afterAll(async () => {
  await stack?.stop();
  await data?.remove();
});

describe('who may upload where', () => {
  it('lets a media manager of the show plan an upload, with the key of each file', async () => {
    const answer = await call<{ files: FileResult[] }>('manager', 'planUpload', {
      body: { folderPath: 'Show A/', files: [file('A001C001.mov'), file('Card A/A001C002.mov')] },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.files).toEqual([
      { relativePath: 'A001C001.mov', outcome: 'new', key: 'Show A/A001C001.mov' },
      { relativePath: 'Card A/A001C002.mov', outcome: 'new', key: 'Show A/Card A/A001C002.mov' },
    ]);
  });

  it('refuses an editor of the show (read-only) with 403', async () => {
    for (const name of ['planUpload', 'createUploadSession'] as const) {
      const answer = await call<{ error: { code: string } }>('editor', name, { body: { folderPath: 'Show A/', files: [file('x.mov')] } });
      expect(answer.status).toBe(403);
    }
    expect((await call('editor', 'uploadCredentials', { body: { keys: ['Show A/x.mov'] } })).status).toBe(403);
  });

  it('answers 404 to someone who may not see the folder, word for word as for a folder that does not exist', async () => {
    const hidden = await call<{ error: { code: string; message: string } }>('outsider', 'createUploadSession', {
      body: { folderPath: 'Show A/', files: [file('x.mov')] },
    });
    const missing = await call<{ error: { code: string; message: string } }>('outsider', 'createUploadSession', {
      body: { folderPath: 'Show Z/', files: [file('x.mov')] },
    });
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(hidden.body.error.message.replace('Show A', 'X')).toBe(missing.body.error.message.replace('Show Z', 'X'));
    for (const name of ['uploadCredentials', 'cancelUploads'] as const) {
      expect((await call('outsider', name, { body: { keys: ['Show A/x.mov'] } })).status).toBe(404);
    }
    expect(
      (
        await call('outsider', 'completeUpload', {
          body: { key: 'Show A/x.mov', size: 1, checksum: { algorithm: 'sha256', value: '0'.repeat(64) } },
        })
      ).status,
    ).toBe(404);
  });

  it('keeps files at the library root for admins', async () => {
    const answer = await call<{ files: FileResult[] }>('manager', 'planUpload', {
      body: { folderPath: '', files: [file('loose.mov'), file('New Show/clip.mov')] },
    });
    expect(answer.body.files.map((f) => [f.outcome, f.rule])).toEqual([
      ['refused', 'forbidden'],
      ['new', undefined],
    ]);
    expect((await call('editor', 'planUpload', { body: { folderPath: '', files: [file('New Show/clip.mov')] } })).status).toBe(403);
  });
});

describe('names', () => {
  it('refuses each bad name with the rule it breaks, before any byte is sent, and plans the rest', async () => {
    const hostile = [
      '../escape.mov',
      '/etc/passwd',
      'Card/../../escape.mov',
      'CON.mov',
      'take:1.mov',
      'evil\u202Egpj.mov',
      'line\nbreak.mov',
      'trailing.',
      'Card//clip.mov',
      `${'x'.repeat(234)}.mov`,
      'fine.mov',
      'Caf\u0065\u0301.mov',
      'Caf\u00e9.mov',
    ];
    const answer = await call<{ files: FileResult[] }>('manager', 'planUpload', {
      body: { folderPath: 'Show A/', files: hostile.map((p) => file(p)) },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.files.map((f) => f.rule ?? f.outcome)).toEqual([
      'dot-name',
      'empty-segment',
      'dot-name',
      'reserved-on-windows',
      'windows-character',
      'invisible-character',
      'control-character',
      'trailing-dot-or-space',
      'empty-segment',
      'too-long',
      'new',
      'new',
      'duplicate',
    ]);
    expect(answer.body.files[11]).toMatchObject({ key: 'Show A/Caf\u00e9.mov' });
    for (const refused of answer.body.files.filter((f) => f.outcome === 'refused')) expect(refused.message!.length).toBeGreaterThan(10);
    // Planning changes nothing.
    expect((await listing('manager', 'Show A/')).body.assets).toEqual([]);
  });

  it('refuses a file over 5 TiB and a malformed request as a whole', async () => {
    const big = await call<{ files: FileResult[] }>('manager', 'planUpload', {
      body: { folderPath: 'Show A/', files: [file('huge.mxf', 5 * 1024 ** 4 + 1)] },
    });
    expect(big.body.files[0]).toMatchObject({ outcome: 'refused', rule: 'too-large' });
    const bad = await call<{ error: { field: string } }>('manager', 'planUpload', {
      body: { folderPath: 'Show A/', files: [{ relativePath: 'a', size: -1, lastModified: 0 }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('body.files.0.size');
    const badFolder = await call<{ error: { field: string } }>('manager', 'planUpload', {
      body: { folderPath: '../', files: [file('a.mov')] },
    });
    expect(badFolder.status).toBe(400);
  });
});

describe('a session', () => {
  it('creates the folders of a card and an uploading record that appears at once', async () => {
    const answer = await call<{ files: FileResult[] }>('manager', 'createUploadSession', {
      body: { folderPath: 'Show A/', files: [file('Day 1/Card A/A001C001.mov', 11), file('Day 1/Card A/A001C002.wav', 12)] },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.files.map((f) => [f.outcome, f.key])).toEqual([
      ['accepted', 'Show A/Day 1/Card A/A001C001.mov'],
      ['accepted', 'Show A/Day 1/Card A/A001C002.wav'],
    ]);
    const day = await listing('admin', 'Show A/Day 1/');
    expect(day.body.folders).toMatchObject([{ path: 'Show A/Day 1/Card A/', aclGroups: ['admin', 'show-a'] }]);
    const card = await listing('editor', 'Show A/Day 1/Card A/');
    expect(card.body.assets.map((a) => [a.name, a.status, a.size, a.checksum])).toEqual([
      ['A001C001.mov', 'uploading', 11, null],
      ['A001C002.wav', 'uploading', 12, null],
    ]);
    expect((await listing('outsider', 'Show A/Day 1/Card A/')).status).toBe(404);
  });

  it('refuses to rename or move a file still uploading, or a folder holding one, changing nothing', async () => {
    const card = await listing('manager', 'Show A/Day 1/Card A/');
    const clip = card.body.assets.find((a) => a.name === 'A001C001.mov')!;
    const renameFolder = await call<{ error: { code: string; message: string } }>('manager', 'renameFolder', {
      body: { path: 'Show A/Day 1/', newName: 'Day 01' },
    });
    expect(renameFolder.status).toBe(409);
    expect(renameFolder.body.error.message).toMatch(/"A001C001.mov", "A001C002.wav" are still uploading/);
    const detail = await call<{ version: number }>('manager', 'assetDetail', { query: { id: clip.id } });
    const renameAsset = await call<{ error: { message: string } }>('manager', 'renameAsset', {
      body: { id: clip.id, newName: 'renamed.mov', version: detail.body.version },
    });
    expect(renameAsset.status).toBe(409);
    expect(renameAsset.body.error.message).toBe(
      '"A001C001.mov" is still uploading; rename or move it when the upload has finished or was cancelled.',
    );
    expect((await listing('manager', 'Show A/Day 1/Card A/')).body.assets.map((a) => a.name)).toEqual(['A001C001.mov', 'A001C002.wav']);
    expect((await listing('manager', 'Show A/Day 01/')).status).toBe(404);
  });

  it('gives back the same record when a session is asked again (a retry, or a resume after a restart)', async () => {
    const first = await call<{ files: FileResult[] }>('manager', 'createUploadSession', {
      body: { folderPath: 'Show A/', files: [file('again.mov', 9)] },
    });
    const second = await call<{ files: FileResult[] }>('manager', 'createUploadSession', {
      body: { folderPath: 'Show A/', files: [file('again.mov', 9)] },
    });
    expect(second.body.files[0]).toEqual(first.body.files[0]);
  });

  it('hands out the local endpoint and its credentials, with an expiry', async () => {
    const answer = await call<Grants>('manager', 'uploadCredentials', { body: { keys: ['Show A/Day 1/Card A/A001C001.mov'] } });
    expect(answer.status).toBe(200);
    expect(answer.body.target).toEqual({
      endpoint: stack.profile.s3.endpoint,
      region: 'local',
      bucket: 'rushes-media',
      forcePathStyle: true,
    });
    expect(answer.body.grants).toHaveLength(1);
    expect(answer.body.grants[0]).toMatchObject({
      keys: ['Show A/Day 1/Card A/A001C001.mov'],
      kind: 'local',
      credentials: { sessionToken: null },
    });
    expect(Date.parse(answer.body.grants[0]!.expiresAt)).toBeGreaterThan(Date.now() + 30 * 60_000);
  });

  it('records the checksum on completion and hands video to ingest', async () => {
    const key = 'Show A/Day 1/Card A/A001C001.mov';
    const early = await call<{ error: { code: string } }>('manager', 'completeUpload', {
      body: { key, size: 11, checksum: { algorithm: 'sha256', value: 'a'.repeat(64) } },
    });
    expect(early.status).toBe(404);
    const sha256 = await sendBytes('manager', key, 'eleven byte');
    const wrongSize = await call('manager', 'completeUpload', {
      body: { key, size: 12, checksum: { algorithm: 'sha256', value: sha256 } },
    });
    expect(wrongSize.status).toBe(409);
    const done = await call<{ status: string; checksum: unknown; size: number }>('manager', 'completeUpload', {
      body: { key, size: 11, checksum: { algorithm: 'sha256', value: sha256 } },
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'processing', size: 11, checksum: { algorithm: 'sha256', value: sha256 } });
    const again = await call<{ version: number }>('manager', 'completeUpload', {
      body: { key, size: 11, checksum: { algorithm: 'sha256', value: sha256 } },
    });
    expect(again.status).toBe(200);
  });

  it('asks about a taken name, then keeps both, skips or replaces as told', async () => {
    const key = 'Show A/Day 1/Card A/A001C001.mov';
    const asked = await call<{ files: FileResult[] }>('manager', 'createUploadSession', {
      body: { folderPath: 'Show A/Day 1/Card A/', files: [file('A001C001.mov', 20)] },
    });
    expect(asked.body.files[0]).toMatchObject({
      outcome: 'conflict',
      key,
      keepBothKey: 'Show A/Day 1/Card A/A001C001 (2).mov',
      existing: { size: 11, status: 'processing', trashed: false },
    });

    const kept = await call<{ files: FileResult[] }>('manager', 'createUploadSession', {
      body: { folderPath: 'Show A/Day 1/Card A/', files: [{ ...file('A001C001.mov', 20), onConflict: 'keepBoth' }] },
    });
    expect(kept.body.files[0]).toMatchObject({ outcome: 'accepted', key: 'Show A/Day 1/Card A/A001C001 (2).mov', replaces: false });
    const third = await call<{ files: FileResult[] }>('manager', 'planUpload', {
      body: { folderPath: 'Show A/Day 1/Card A/', files: [file('A001C001.mov', 30)] },
    });
    expect(third.body.files[0]).toMatchObject({ keepBothKey: 'Show A/Day 1/Card A/A001C001 (3).mov' });

    const skipped = await call<{ files: FileResult[] }>('manager', 'createUploadSession', {
      body: { folderPath: 'Show A/Day 1/Card A/', files: [{ ...file('A001C001.mov', 20), onConflict: 'skip' }] },
    });
    expect(skipped.body.files[0]).toEqual({ relativePath: 'A001C001.mov', outcome: 'skipped', key });

    const replaced = await call<{ files: FileResult[] }>('manager', 'createUploadSession', {
      body: { folderPath: 'Show A/Day 1/Card A/', files: [{ ...file('A001C001.mov', 20), onConflict: 'replace' }] },
    });
    expect(replaced.body.files[0]).toMatchObject({ outcome: 'accepted', key, replaces: true });
    const before = (await listing('manager', 'Show A/Day 1/Card A/')).body.assets.find((a) => a.name === 'A001C001.mov')!;
    expect(before).toMatchObject({ status: 'uploading', size: 20 }); // the same record, shown as being replaced
    const sha256 = await sendBytes('manager', key, 'twenty bytes of take');
    const done = await call<{ id: string; size: number; status: string; checksum: { value: string } }>('manager', 'completeUpload', {
      body: { key, size: 20, checksum: { algorithm: 'sha256', value: sha256 } },
    });
    expect(done.body).toMatchObject({ id: before.id, size: 20, status: 'processing', checksum: { value: sha256 } });
  });

  it('leaves what ingest wrote alone when it saw the object before the desktop completed', async () => {
    const key = 'Show A/Day 1/Card A/A001C001 (2).mov';
    const record = (await stack.catalog.getAssetByKey(key))!;
    const nothing = Object.fromEntries(Object.keys(TechnicalMetadataSchema.shape).map((field) => [field, null]));
    const technical = { ...nothing, container: 'mov' } as unknown as NonNullable<typeof record.technical>;
    await stack.catalog.updateAsset({
      ...record,
      status: 'ready',
      technical,
      modifiedAt: new Date().toISOString(),
      version: record.version + 1,
    });
    const sha256 = await sendBytes('manager', key, 'twenty bytes of take');
    const done = await call<{ status: string; technical: { container: string } | null; checksum: { value: string } }>(
      'manager',
      'completeUpload',
      { body: { key, size: 20, checksum: { algorithm: 'sha256', value: sha256 } } },
    );
    expect(done.body).toMatchObject({ status: 'ready', technical: { container: 'mov' }, checksum: { value: sha256 } });

    // A replacement given up leaves the file as it was, previews and all.
    const replacing = await call<{ files: FileResult[] }>('manager', 'createUploadSession', {
      body: { folderPath: 'Show A/Day 1/Card A/', files: [{ ...file('A001C001 (2).mov', 99), onConflict: 'replace' }] },
    });
    expect(replacing.body.files[0]).toMatchObject({ outcome: 'accepted', replaces: true });
    expect((await stack.catalog.getAssetByKey(key))!.status).toBe('uploading');
    const cancelled = await call<{ removed: string[] }>('manager', 'cancelUploads', { body: { keys: [key] } });
    expect(cancelled.body.removed).toEqual([]);
    expect(await stack.catalog.getAssetByKey(key)).toMatchObject({ status: 'ready', size: 20, technical: { container: 'mov' } });
  });

  it('refuses a file where a folder of that name is, and a folder where a file is', async () => {
    const answer = await call<{ files: FileResult[] }>('manager', 'planUpload', {
      body: { folderPath: 'Show A/', files: [file('Day 1'), file('Day 1/Card A/A001C001.mov/inside.mov')] },
    });
    expect(answer.body.files.map((f) => f.rule)).toEqual(['not-a-file', 'not-a-folder']);
  });

  it('cancelling removes the uploading record, never a completed one', async () => {
    const key = 'Show A/Day 1/Card A/A001C002.wav';
    const cancel = await call<{ removed: string[] }>('manager', 'cancelUploads', {
      body: { keys: [key, 'Show A/Day 1/Card A/A001C001.mov'] },
    });
    expect(cancel.status).toBe(200);
    expect(cancel.body.removed).toHaveLength(1);
    const names = (await listing('manager', 'Show A/Day 1/Card A/')).body.assets.map((a) => a.name);
    expect(names).toEqual(['A001C001 (2).mov', 'A001C001.mov']);
  });

  it('writes the object where the key says, readable back by its metadata-free HEAD', async () => {
    const s3 = new S3Client({
      region: 'local',
      endpoint: stack.profile.s3.endpoint!,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    try {
      const head = await s3.send(new HeadObjectCommand({ Bucket: 'rushes-media', Key: 'Show A/Day 1/Card A/A001C001.mov' }));
      expect(head.ContentLength).toBe(20);
    } finally {
      s3.destroy();
    }
  });
});
