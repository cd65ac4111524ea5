import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, type AuditEvent } from '@rushes/shared';
import type { LocalStack } from '@rushes/lambdas/local';
import { createLocalS3Client } from '../src/local/s3Client';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';
import { signInPeople, TEST_PASSWORD } from '../../scripts/testing/people';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// Every look at the footage is on record: the real local API (cognito-local tokens, SQLite,
// s3rver) issuing proxies and originals, and the audit log they leave behind.
const people = {
  admin: { email: 'admin@example.com', groups: [], existing: true },
  editor: { email: 'ed@example.com', groups: ['editors', 'show-x'] },
  outsider: { email: 'other@example.com', groups: ['editors', 'show-y'] },
} as const;
type Person = keyof typeof people;

const PLAYED = 'Show X/Day 1/A001C003.mov';
const DOWNLOADED = 'Show X/Day 1/A001C004.mov';

let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let s3: S3Client;
let call: Awaited<ReturnType<typeof signInPeople<Person>>>['call'];
let tokens: Awaited<ReturnType<typeof signInPeople<Person>>>['tokens'];
const ids: Record<string, string> = {};
/** The stack's clock: it stands still, so each event's time is known exactly. */
let now = new Date();

/** A clip as ingest leaves it: ready, with every derivative. */
async function addReadyClip(key: string): Promise<string> {
  await s3.send(new PutObjectCommand({ Bucket: stack.profile.s3.mediaBucket, Key: key, Body: 'frames' }));
  await stack.storage.idle();
  const stored = await stack.catalog.getAssetByKey(key);
  if (!stored) throw new Error(`storage sync did not catch ${key}`);
  await stack.catalog.updateAsset({
    ...stored,
    status: 'ready',
    derived: {
      proxy: `proxies/${stored.id}.mp4`,
      thumbnail: `thumbnails/${stored.id}.jpg`,
      filmstrip: `filmstrips/${stored.id}.jpg`,
      waveform: `waveforms/${stored.id}.json`,
      preview: `previews/${stored.id}.jpg`,
    },
    version: stored.version + 1,
  });
  return stored.id;
}

async function mediaAudit(): Promise<AuditEvent[]> {
  const { items } = await stack.catalog.listAudit({ limit: 100, cursor: null });
  return items.filter((event) => ['asset.play', 'asset.download', 'transfer.request'].includes(event.action));
}

beforeAll(async () => {
  data = await tempDataDir();
  stack = await startTestStack({
    dataDir: data.dir,
    adminEmail: people.admin.email,
    adminPassword: TEST_PASSWORD,
    clock: { now: () => now },
  });
  s3 = createLocalS3Client(stack.profile.s3.endpoint!);
  ({ call, tokens } = await signInPeople(stack, people, ['show-x', 'show-y']));
  for (const [parentPath, name] of [
    ['', 'Show X'],
    ['Show X/', 'Day 1'],
  ] as const) {
    expect((await call('admin', 'createFolder', { body: { parentPath, name } })).status).toBe(200);
  }
  expect((await call('admin', 'setFolderAcl', { body: { path: 'Show X/', groups: ['show-x'], applyToSubfolders: true } })).status).toBe(
    200,
  );
  ids[PLAYED] = await addReadyClip(PLAYED);
  ids[DOWNLOADED] = await addReadyClip(DOWNLOADED);
}, heavyTimeout(180_000));

afterAll(async () => {
  s3?.destroy();
  await stack?.stop();
  await data?.remove();
});

describe('media reads on record', () => {
  it('records browsing nothing: thumbnails, filmstrips, waveforms and stills are not watching', async () => {
    for (const only of [['thumbnail'], ['filmstrip'], ['waveform'], ['preview'], ['thumbnail', 'filmstrip', 'waveform', 'preview']]) {
      const answer = await call<{ items: { thumbnail: string | null; proxy: string | null }[] }>('editor', 'mediaUrls', {
        body: { ids: [ids[PLAYED]!, ids[DOWNLOADED]!], only },
      });
      expect(answer.status).toBe(200);
      expect(answer.body.items.map((item) => item.proxy)).toEqual([null, null]);
    }
    expect(await mediaAudit()).toEqual([]);
  });

  it('records one play for a proxy and one download for an original, with who, which asset, when and from where', async () => {
    now = new Date(Date.now() + 60_000);
    const play = await call<{ items: { proxy: string | null }[] }>('editor', 'mediaUrls', {
      body: { ids: [ids[PLAYED]!], only: ['proxy'] },
    });
    expect(play.status).toBe(200);
    expect(play.body.items[0]!.proxy).toMatch(/^http/);
    const download = await call<{ urls: { url: string }[] }>('editor', 'downloadUrls', { body: { ids: [ids[DOWNLOADED]!] } });
    expect(download.status).toBe(200);
    expect(download.body.urls).toHaveLength(1);

    // Both carry the same instant, so the log's order between them is the ids'; sort by action.
    const recorded = (await mediaAudit()).sort((a, b) => a.action.localeCompare(b.action));
    expect(
      recorded.map(({ actor, action, outcome, target, details, address }) => ({ actor, action, outcome, target, details, address })),
    ).toEqual([
      {
        actor: 'ed@example.com',
        action: 'asset.download',
        outcome: 'succeeded',
        target: DOWNLOADED,
        details: { assetId: ids[DOWNLOADED], bytes: 6 },
        address: '127.0.0.1',
      },
      {
        actor: 'ed@example.com',
        action: 'asset.play',
        outcome: 'succeeded',
        target: PLAYED,
        details: { assetId: ids[PLAYED], variant: 'asShot' },
        address: '127.0.0.1',
      },
    ]);
    expect(recorded.map((event) => event.at)).toEqual([now.toISOString(), now.toISOString()]);
  });

  it('takes the address from the socket, never from an x-forwarded-for the client wrote', async () => {
    now = new Date(now.getTime() + 60_000);
    const response = await fetch(new URL(routes.mediaUrls.path, stack.profile.apiUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.editor}`, 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' },
      body: JSON.stringify({ ids: [ids[PLAYED]!], only: ['proxy'] }),
    });
    expect(response.status).toBe(200);
    const recorded = (await mediaAudit()).filter((event) => event.at === now.toISOString());
    expect(recorded.map((event) => [event.action, event.address])).toEqual([['asset.play', '127.0.0.1']]);
  });

  it('refuses a caller who may not read the folder with 404, and records no look', async () => {
    const before = await mediaAudit();
    const play = await call('outsider', 'mediaUrls', { body: { ids: [ids[PLAYED]!], only: ['proxy'] } });
    expect(play.status).toBe(404);
    const download = await call('outsider', 'downloadUrls', { body: { ids: [ids[DOWNLOADED]!] } });
    expect(download.status).toBe(404);
    expect(await mediaAudit()).toEqual(before);
  });

  it('lets an admin find the plays of one clip by action, user and path through the audit route', async () => {
    const found = await call<{ events: AuditEvent[] }>('admin', 'listAudit', {
      query: { action: 'asset.play', actor: 'ed@example.com', target: 'Show X/Day 1/A001C003' },
    });
    expect(found.status).toBe(200);
    // Two plays of it: the one above and the one with a forged header.
    expect(found.body.events.map((event) => [event.action, event.actor, event.target, event.address])).toEqual([
      ['asset.play', 'ed@example.com', PLAYED, '127.0.0.1'],
      ['asset.play', 'ed@example.com', PLAYED, '127.0.0.1'],
    ]);
    const nobody = await call<{ events: AuditEvent[] }>('admin', 'listAudit', {
      query: { action: 'asset.play', actor: 'other@example.com' },
    });
    expect(nobody.body.events).toEqual([]);
  });
});
