import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '@rushes/lambdas/local';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';
import { signInPeople, TEST_PASSWORD } from '../../scripts/testing/people';
import { cameraTechnical, makeAsset, makeFolder } from '../../scripts/testing/assets';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// The search route through the real local API: ACL-limited, same query language as the cache.
const people = {
  admin: { email: 'admin@example.com', groups: [] as string[], existing: true },
  editor: { email: 'ed@example.com', groups: ['editors', 'show-a'] },
  manager: { email: 'mm@example.com', groups: ['media-managers', 'show-a'] },
  outsider: { email: 'out@example.com', groups: ['editors', 'show-b'] },
};
interface Found {
  assets: { name: string; folderPath: string }[];
  truncated: boolean;
}

let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let call: Awaited<ReturnType<typeof signInPeople<keyof typeof people>>>['call'];

const names = async (who: keyof typeof people, q: string, extra: Record<string, string | number> = {}) => {
  const answer = await call<Found>(who, 'search', { query: { q, ...extra } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.assets.map((asset) => asset.name);
};

beforeAll(async () => {
  data = await tempDataDir();
  stack = await startTestStack({ dataDir: data.dir, adminEmail: people.admin.email, adminPassword: TEST_PASSWORD });
  ({ call } = await signInPeople(stack, people, ['show-a', 'show-b']));
  const c = stack.catalog;
  await c.createFolder(makeFolder('Show A/', ['show-a']));
  await c.createFolder(makeFolder('Show A/Day 1/', ['show-a']));
  await c.createFolder(makeFolder('Show A/Day 2/', ['show-a']));
  await c.createFolder(makeFolder('Show B/', ['show-b']));
  await c.createAsset(makeAsset('Show A/Day 1/', 'A001_C001_0301AB.mov', { createdAt: '2026-03-01T10:00:00.000Z' }));
  await c.createAsset(
    makeAsset('Show A/Day 1/', 'A001_C002_0301AB.mxf', {
      technical: cameraTechnical({
        container: 'mxf',
        videoCodec: 'dnxhd',
        width: 1920,
        height: 1080,
        frameRate: { num: 25, den: 1 },
        durationSeconds: 200,
      }),
      locations: { ws1: 'S3_FSX' },
      createdAt: '2026-03-01T11:00:00.000Z',
    }),
  );
  await c.createAsset(
    makeAsset('Show A/Day 2/', 'B002_C010_0302XY.mov', { status: 'processing', technical: null, createdAt: '2026-03-02T09:00:00.000Z' }),
  );
  await c.createAsset(
    makeAsset('Show A/Day 2/', 'sound_roll_04.wav', {
      kind: 'audio',
      technical: cameraTechnical({ videoCodec: null, width: null, height: null, frameRate: null, audioCodec: 'pcm_s24le' }),
    }),
  );
  await c.createAsset(makeAsset('Show B/', 'A001_C001_SECRET.mov'));
  const trashed = await c.createAsset(makeAsset('Show A/Day 1/', 'A001_C099_TRASHED.mov'));
  await c.updateAsset({ ...trashed, version: 2, trash: { trashedAt: new Date().toISOString(), trashedBy: 'admin@example.com' } });
}, heavyTimeout(120_000));

afterAll(async () => {
  await stack?.stop();
  await data?.remove();
});

describe('search route', () => {
  it('answers 401 without a token', async () => {
    const response = await fetch(new URL('/v1/search?q=A001', stack.profile.apiUrl));
    expect(response.status).toBe(401);
  });

  it('finds by word prefix, only in folders the caller may read', async () => {
    expect(await names('editor', 'a001 c00')).toEqual(['A001_C001_0301AB.mov', 'A001_C002_0301AB.mxf']);
    expect(await names('outsider', 'a001')).toEqual(['A001_C001_SECRET.mov']);
    expect(await names('admin', 'A001_C001')).toEqual(['A001_C001_0301AB.mov', 'A001_C001_SECRET.mov']);
    expect(await names('editor', 'secret')).toEqual([]);
    expect(await names('editor', 'trashed')).toEqual([]);
  });

  it('matches paths and technical text', async () => {
    expect(await names('editor', 'show roll')).toEqual(['sound_roll_04.wav']);
    expect(await names('editor', 'dnx')).toEqual(['A001_C002_0301AB.mxf']);
  });

  it('filters by kind, codec, resolution, frame rate, duration, date, status and location', async () => {
    expect(await names('editor', 'kind:audio')).toEqual(['sound_roll_04.wav']);
    expect(await names('editor', 'codec:prores')).toEqual(['A001_C001_0301AB.mov']);
    expect(await names('editor', 'res:fullhd')).toEqual(['A001_C002_0301AB.mxf']);
    expect(await names('editor', 'fps:23.976')).toEqual(['A001_C001_0301AB.mov']);
    expect(await names('editor', 'fps:25')).toEqual(['A001_C002_0301AB.mxf']);
    expect(await names('editor', 'dur:1m..')).toEqual(['A001_C002_0301AB.mxf']);
    expect(await names('editor', 'date:2026-03-02')).toEqual(['B002_C010_0302XY.mov']);
    expect(await names('editor', 'status:processing')).toEqual(['B002_C010_0302XY.mov']);
    expect(await names('editor', 'loc:S3_FSX')).toEqual(['A001_C002_0301AB.mxf']);
    expect(await names('editor', 'in:"Show A/Day 2" kind:video')).toEqual(['B002_C010_0302XY.mov']);
  });

  it('filters words by kind, status and resolution, and follows a status change', async () => {
    expect(await names('editor', 'a001 kind:audio')).toEqual([]);
    expect(await names('editor', 'roll kind:audio kind:image')).toEqual(['sound_roll_04.wav']);
    expect(await names('editor', 'a001 res:fullhd')).toEqual(['A001_C002_0301AB.mxf']);
    expect(await names('editor', 'a001 res:4k res:8k')).toEqual(['A001_C001_0301AB.mov']);
    expect(await names('editor', 'show status:processing')).toEqual(['B002_C010_0302XY.mov']);
    expect(await names('admin', 'res:4k')).toEqual(['A001_C001_0301AB.mov', 'A001_C001_SECRET.mov']);
    const clip = (await stack.catalog.getAssetByKey('Show A/Day 2/B002_C010_0302XY.mov'))!;
    await stack.catalog.updateAsset({ ...clip, status: 'ready', version: clip.version + 1 });
    expect(await names('editor', 'b002 status:processing')).toEqual([]);
    expect(await names('editor', 'b002 status:ready')).toEqual(['B002_C010_0302XY.mov']);
    await stack.catalog.updateAsset({ ...clip, version: clip.version + 2 });
  });

  it('finds nothing for the text of an index facet token typed as words', async () => {
    // The word index holds a token per kind, status and resolution; none is a word of these assets.
    for (const q of ['kindaudio', 'kindvideo', 'statusready', 'res4k', 'resfullhd', 'kind', 'status ready']) {
      expect(await names('admin', q), q).toEqual([]);
    }
  });

  it('answers a scope the caller may not read like a missing folder', async () => {
    const hidden = await call(`editor`, 'search', { query: { q: 'in:"Show B"' } });
    const missing = await call(`editor`, 'search', { query: { q: 'in:"No Such Show"' } });
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(JSON.stringify(hidden.body).replace(/Show B|No Such Show|"requestId":"[^"]+"/g, '')).toBe(
      JSON.stringify(missing.body).replace(/Show B|No Such Show|"requestId":"[^"]+"/g, ''),
    );
  });

  it('refuses a bad query naming the field', async () => {
    const answer = await call<{ error: { code: string; message: string; field?: string } }>('editor', 'search', {
      query: { q: 'fps:fast' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain('fps');
    expect(answer.body.error.field).toBe('query.q');
    const unknown = await call<{ error: { message: string } }>('editor', 'search', { query: { q: 'colour:red' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('"colour" is not a search field');
  });

  it('caps results and says so', async () => {
    const answer = await call<Found>('admin', 'search', { query: { q: 'a001', limit: 1 } });
    expect(answer.body.assets).toHaveLength(1);
    expect(answer.body.truncated).toBe(true);
  });

  it('lets whoever may change the folder tag and annotate an asset, and finds it by them', async () => {
    const [clip] = (await call<{ assets: { id: string; version: number }[] }>('manager', 'search', { query: { q: 'A001_C001_0301AB' } }))
      .body.assets;
    const body = { id: clip!.id, version: clip!.version, tags: [' Hero ', 'hero', 'Pickup'], notes: 'Focus buzz at the end' };
    const editor = await call('editor', 'annotateAsset', { body });
    expect(editor.status).toBe(403);
    const outsider = await call('outsider', 'annotateAsset', { body });
    expect(outsider.status).toBe(404);
    const done = await call<{ tags: string[]; notes: string; version: number }>('manager', 'annotateAsset', { body });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ tags: ['Hero', 'Pickup'], notes: 'Focus buzz at the end', version: clip!.version + 1 });
    expect(await names('editor', 'hero')).toEqual(['A001_C001_0301AB.mov']);
    expect(await names('editor', 'focus buzz')).toEqual(['A001_C001_0301AB.mov']);
    expect(await names('editor', 'tag:HERO tag:pickup')).toEqual(['A001_C001_0301AB.mov']);
    expect(await names('editor', 'tag:her')).toEqual([]);
    // The change is in the audit log, with who made it; the refusals above changed nothing and are not.
    const audited = (await stack.catalog.listAudit({ limit: 1000, cursor: null })).items.filter(
      (event) => event.action === 'asset.annotate',
    );
    expect(audited).toMatchObject([
      { actor: people.manager.email, outcome: 'succeeded', details: { assetId: clip!.id, tags: 'Hero, Pickup', notes: 21 } },
    ]);
    const stale = await call('manager', 'annotateAsset', { body });
    expect(stale.status).toBe(409);
    const tooLong = await call<{ error: { field?: string } }>('manager', 'annotateAsset', {
      body: { ...body, version: done.body.version, tags: ['x'.repeat(41)] },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.field).toBe('body.tags.0');
  });

  it('finds takes by their marks and notes, never by notes of a folder the caller may not read', async () => {
    const find = async (name: string) => (await stack.catalog.getAssetByKey(name))!.id;
    const clip = await find('Show A/Day 1/A001_C002_0301AB.mxf');
    const secret = await find('Show B/A001_C001_SECRET.mov');
    expect(
      (await call('manager', 'setTakes', { body: { changes: [{ id: clip, circled: true, rating: 4, status: 'approved' }] } })).status,
    ).toBe(200);
    expect((await call('editor', 'addNote', { body: { assetId: clip, text: 'Soft focus on the pull', frame: 10 } })).status).toBe(200);
    expect((await call('admin', 'addNote', { body: { assetId: secret, text: 'Soft focus, budget shot', frame: 1 } })).status).toBe(200);
    for (const q of [
      'circled:yes',
      'rating:>=4',
      'rating:4',
      'review:approved',
      'has:notes',
      'note:"soft focus"',
      'note:pull circled:yes',
    ]) {
      expect(await names('editor', q), q).toEqual(['A001_C002_0301AB.mxf']);
    }
    expect(await names('editor', 'rating:>4')).toEqual([]);
    expect(await names('editor', 'review:"needs review"')).toEqual([]);
    expect(await names('editor', 'circled:no has:notes')).toEqual([]);
    expect(await names('editor', 'note:budget')).toEqual([]);
    expect(await names('outsider', 'note:"soft focus"')).toEqual(['A001_C001_SECRET.mov']);
    expect(await names('admin', 'note:soft')).toEqual(['A001_C001_SECRET.mov', 'A001_C002_0301AB.mxf']);
    const bad = await call<{ error: { field?: string; message: string } }>('editor', 'search', { query: { q: 'rating:9' } });
    expect([bad.status, bad.body.error.message]).toEqual([400, expect.stringContaining('rating')]);
  });

  it('finds clips by scene, take, reel, camera, lens and ISO, only in folders the caller may read', async () => {
    const c = stack.catalog;
    const production = { reel: 'A003R1AB', camera: 'ALEXA 35 (A)', lens: 'Signature Prime 32mm', iso: '800', scene: '12A', take: '3' };
    await c.createAsset(makeAsset('Show A/Day 2/', 'A003C001_take3.mov', { production }));
    await c.createAsset(makeAsset('Show A/Day 2/', 'A003C002_take4.mov', { production: { ...production, take: '4' } }));
    await c.createAsset(makeAsset('Show A/Day 2/', 'A003C003_12AB.mov', { production: { ...production, scene: '12AB' } }));
    await c.createAsset(makeAsset('Show B/', 'A003C001_other_show.mov', { production }));
    expect(await names('editor', 'scene:12A take:3')).toEqual(['A003C001_take3.mov']);
    expect(await names('editor', 'SCENE:"12a" take:03 reel:a003* camera:A lens:"32mm" iso:800')).toEqual(['A003C001_take3.mov']);
    expect(await names('editor', 'scene:12A take:3 take:4 in:"Show A/Day 2"')).toEqual(['A003C001_take3.mov', 'A003C002_take4.mov']);
    expect(await names('editor', 'reel:A003')).toEqual([]);
    expect(await names('outsider', 'scene:12A take:3')).toEqual(['A003C001_other_show.mov']);
    const bad = await call<{ error: { message: string } }>('editor', 'search', { query: { q: 'take:"#"' } });
    expect([bad.status, bad.body.error.message]).toEqual([400, expect.stringContaining('take: "#" has no letters or digits')]);
  });

  it('stops showing a folder once its ACL no longer names the caller', async () => {
    expect(await names('outsider', 'secret')).toEqual(['A001_C001_SECRET.mov']);
    const set = await call('admin', 'setFolderAcl', { body: { path: 'Show B/', groups: ['show-a'], applyToSubfolders: false } });
    expect(set.status).toBe(200);
    expect(await names('outsider', 'secret')).toEqual([]);
    expect(await names('editor', 'secret')).toEqual(['A001_C001_SECRET.mov']);
  });
});
