import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '@rushes/lambdas/local';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';
import { signInPeople, TEST_PASSWORD } from '../../scripts/testing/people';
import { makeAsset, makeFolder } from '../../scripts/testing/assets';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// POST /v1/assets/batch through the real local API: the search cache's sync fetches changed
// assets this way, so it must hold to the same ACL as one asset's detail, for each asset.
const people = {
  admin: { email: 'admin@example.com', groups: [] as string[], existing: true },
  editor: { email: 'ed@example.com', groups: ['editors', 'show-a'] },
  outsider: { email: 'out@example.com', groups: ['editors', 'show-b'] },
};

let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let call: Awaited<ReturnType<typeof signInPeople<keyof typeof people>>>['call'];
const ids = { a1: '', a2: '', deep: '', b: '', root: '', trashed: '', inTrashedFolder: '' };

const batch = async (who: keyof typeof people, body: unknown) =>
  call<{ assets: { id: string; name: string }[] }>(who, 'assetBatch', { body });
const namesFor = async (who: keyof typeof people, wanted: string[]) => {
  const answer = await batch(who, { ids: wanted });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.assets.map((asset) => asset.name).sort();
};

beforeAll(async () => {
  data = await tempDataDir();
  stack = await startTestStack({ dataDir: data.dir, adminEmail: people.admin.email, adminPassword: TEST_PASSWORD });
  ({ call } = await signInPeople(stack, people, ['show-a', 'show-b']));
  const c = stack.catalog;
  await c.createFolder(makeFolder('Show A/', ['show-a']));
  await c.createFolder(makeFolder('Show A/Day 1/', ['show-a']));
  await c.createFolder(makeFolder('Show A/Old/', ['show-a']));
  await c.createFolder(makeFolder('Show B/', ['show-b']));
  ids.a1 = (await c.createAsset(makeAsset('Show A/', 'a1.mov'))).id;
  ids.a2 = (await c.createAsset(makeAsset('Show A/', 'a2.mov'))).id;
  ids.deep = (await c.createAsset(makeAsset('Show A/Day 1/', 'deep.mov'))).id;
  ids.b = (await c.createAsset(makeAsset('Show B/', 'b.mov'))).id;
  ids.root = (await c.createAsset(makeAsset('', 'root.mov'))).id;
  const trashed = await c.createAsset(makeAsset('Show A/', 'trashed.mov'));
  await c.updateAsset({ ...trashed, version: 2, trash: { trashedAt: new Date().toISOString(), trashedBy: 'admin@example.com' } });
  ids.trashed = trashed.id;
  ids.inTrashedFolder = (await c.createAsset(makeAsset('Show A/Old/', 'old.mov'))).id;
  const old = (await c.getFolder('Show A/Old/'))!;
  await c.updateFolder(
    old.path,
    { trash: { trashedAt: new Date().toISOString(), trashedBy: 'admin@example.com' } },
    new Date().toISOString(),
  );
}, heavyTimeout(120_000));

afterAll(async () => {
  await stack?.stop();
  await data?.remove();
});

describe('asset batch route', () => {
  it('answers 401 without a token', async () => {
    const response = await fetch(new URL('/v1/assets/batch', stack.profile.apiUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ids: [ids.a1] }),
    });
    expect(response.status).toBe(401);
  });

  it('returns only what each caller may read; hidden, trashed and missing ids are simply absent', async () => {
    const all = [...Object.values(ids), 'no-such-asset-id'];
    expect(await namesFor('editor', all)).toEqual(['a1.mov', 'a2.mov', 'deep.mov']);
    expect(await namesFor('outsider', all)).toEqual(['b.mov']);
    // Admins see the root's files; nobody gets a trashed file or one in a trashed folder here.
    expect(await namesFor('admin', all)).toEqual(['a1.mov', 'a2.mov', 'b.mov', 'deep.mov', 'root.mov']);
    expect(await namesFor('outsider', [ids.a1, ids.a2])).toEqual([]);
  });

  it('answers the same as one-at-a-time detail for each id', async () => {
    for (const who of ['editor', 'outsider', 'admin'] as const) {
      const one: string[] = [];
      for (const id of Object.values(ids)) {
        const answer = await call<{ id: string }>(who, 'assetDetail', { query: { id } });
        if (answer.status === 200) one.push(answer.body.id);
        else expect(answer.status).toBe(404);
      }
      const many = (await batch(who, { ids: Object.values(ids) })).body.assets.map((asset) => asset.id);
      expect(many.sort()).toEqual(one.sort());
    }
  });

  it.each([
    ['no ids', { ids: [] }, 'body.ids'],
    ['more than 500 ids', { ids: Array.from({ length: 501 }, (_, i) => `asset-id-${i}`) }, 'body.ids'],
    ['a malformed id', { ids: ['../etc'] }, 'body.ids.0'],
    ['an unknown field', { ids: ['asset-id-1'], all: true }, 'body'],
  ])('refuses %s naming the field', async (_label, body, field) => {
    const answer = await call<{ error: { field?: string } }>('editor', 'assetBatch', { body });
    expect(answer.status).toBe(400);
    expect(answer.body.error.field).toBe(field);
  });
});
