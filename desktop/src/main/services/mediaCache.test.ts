import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '@rushes/shared';
import type { BackendClient } from './backend';
import { MediaCache } from './mediaCache';

// The cache against a stand-in API (which refuses what the user may not read, as the real
// one does) and a stand-in store; the files are real, in a temporary folder.
const READABLE = new Set(['Asset0001', 'Asset0002', 'Asset0003']);
let dir: string;
let calls: string[][];
let fetched: string[];
let user: string | null;

function cacheFor(): MediaCache {
  const backend = {
    call: async (_name: string, input: { body: { ids: string[] } }) => {
      calls.push(input.body.ids);
      if (input.body.ids.some((id) => !READABLE.has(id))) throw new DomainError('NOT_FOUND', 'That file was not found.');
      return {
        items: input.body.ids.map((id) => ({
          id,
          thumbnail: id === 'Asset0003' ? null : `http://store/${id}`,
          proxy: null,
          filmstrip: null,
          waveform: null,
          preview: null,
        })),
        expiresAt: new Date().toISOString(),
      };
    },
  } as unknown as BackendClient;
  const fetchImpl = (async (url: string) => {
    fetched.push(url);
    return new Response(`jpeg of ${url}`);
  }) as typeof fetch;
  return new MediaCache({ dir, backend, currentUser: () => user, fetchImpl, maxBytes: 1_000_000 });
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rushes-media-cache-'));
  calls = [];
  fetched = [];
  user = 'editor@example.com';
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const ask = (cache: MediaCache, ids: string[], version = 1) =>
  cache.cachedMedia({ derivative: 'thumbnail', assets: ids.map((id) => ({ id, version })) });

describe('the media cache', () => {
  it('fetches a missing picture once, then answers from disk without asking the API', async () => {
    const cache = cacheFor();
    cache.noteShown([{ id: 'Asset0001' }, { id: 'Asset0002' }]);
    const first = await ask(cache, ['Asset0001', 'Asset0002', 'Asset0003']);
    expect(first.items).toEqual([
      { id: 'Asset0001', file: 'Asset0001@1.thumbnail.jpg' },
      { id: 'Asset0002', file: 'Asset0002@1.thumbnail.jpg' },
      { id: 'Asset0003', file: null },
    ]);
    expect(calls).toEqual([['Asset0001', 'Asset0002', 'Asset0003']]);
    const again = await ask(cache, ['Asset0001', 'Asset0002']);
    expect(again.items.map((item) => item.file)).toEqual(['Asset0001@1.thumbnail.jpg', 'Asset0002@1.thumbnail.jpg']);
    expect(calls).toHaveLength(1);
    expect(fetched).toHaveLength(2);
    const opened = await cache.open('Asset0001@1.thumbnail.jpg');
    expect(opened?.contentType).toBe('image/jpeg');
    // A new version (ingest ran again) is a new picture.
    await ask(cache, ['Asset0001'], 2);
    expect(fetched).toHaveLength(3);
  });

  it('never serves a kept picture the API has not shown this user, and forgets on sign-out', async () => {
    const cache = cacheFor();
    cache.noteShown([{ id: 'Asset0001' }]);
    await ask(cache, ['Asset0001']);
    cache.forget();
    expect(await cache.open('Asset0001@1.thumbnail.jpg')).toBeNull();
    // Asked again, it goes back to the API (which decides), not to the disk; the kept file
    // is not fetched again once the API says yes.
    await ask(cache, ['Asset0001']);
    expect(calls).toHaveLength(2);
    expect(fetched).toHaveLength(1);
    expect(await cache.open('../Asset0001@1.thumbnail.jpg')).toBeNull();
    expect(await cache.open('Asset0001@1.proxy.mp4')).toBeNull();
  });

  it('keeps one folder per user: another user on the machine starts empty', async () => {
    const cache = cacheFor();
    cache.noteShown([{ id: 'Asset0001' }]);
    await ask(cache, ['Asset0001']);
    user = 'other@example.com';
    expect(await cache.open('Asset0001@1.thumbnail.jpg')).toBeNull();
    user = null;
    expect((await ask(cache, ['Asset0001'])).items[0]!.file).toBeNull();
    expect(await readdir(dir)).toHaveLength(1);
  });

  it('answers the readable ones when the API refuses one asset of a batch', async () => {
    const cache = cacheFor();
    const answer = await ask(cache, ['Asset0001', 'Gone00001']);
    expect(answer.items).toEqual([
      { id: 'Asset0001', file: 'Asset0001@1.thumbnail.jpg' },
      { id: 'Gone00001', file: null },
    ]);
    expect(await cache.open('Gone00001@1.thumbnail.jpg')).toBeNull();
  });

  it('drops what the change feed says changed or went: old versions deleted, gone assets no longer served', async () => {
    const cache = cacheFor();
    cache.noteShown([{ id: 'Asset0001' }, { id: 'Asset0002' }]);
    await ask(cache, ['Asset0001', 'Asset0002']);
    await ask(cache, ['Asset0001'], 2);
    await cache.dropChanged([{ id: 'Asset0001', version: 2 }], ['Asset0002']);
    expect(await cache.open('Asset0002@1.thumbnail.jpg')).toBeNull();
    expect(await cache.open('Asset0001@1.thumbnail.jpg')).toBeNull();
    expect(await cache.open('Asset0001@2.thumbnail.jpg')).not.toBeNull();
    const [folder] = await readdir(dir);
    expect(await readdir(path.join(dir, folder!))).toEqual(['Asset0001@2.thumbnail.jpg']);
  });
});
