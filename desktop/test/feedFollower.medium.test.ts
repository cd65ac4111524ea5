import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSearch, type LibraryChanges, type RouteName } from '@rushes/shared';
import type { LocalStack } from '@rushes/lambdas/local';
import { libraryChanges, readFeedPage, type FeedPage } from '../src/main/feed/feedPage';
import { FeedFollower, POLL_MS, type Scheduler } from '../src/main/feed/follower';
import { BackendClient } from '../src/main/services/backend';
import { startCacheWorker } from '../src/main/services/search/cacheHost';
import { CacheSync } from '../src/main/services/search/cacheSync';
import { createSearchService } from '../src/main/services/search/searchService';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';
import { signInPeople, TEST_PASSWORD } from '../../scripts/testing/people';
import { makeAsset, makeFolder } from '../../scripts/testing/assets';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// The one follower of the change feed against the real local API, as an editor of Show A:
// the test steps its scheduler by hand, so requests are counted per poll, not per second.
const people = {
  admin: { email: 'admin@example.com', groups: [] as string[], existing: true },
  editor: { email: 'ed@example.com', groups: ['editors', 'show-a'] },
};

let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let host: ReturnType<typeof startCacheWorker>;
let sync: CacheSync;
let follower: FeedFollower;
const requests: RouteName[] = [];
const delivered: { listing: FeedPage[]; cache: FeedPage[]; events: LibraryChanges[] } = { listing: [], cache: [], events: [] };

/** A scheduler the test steps by hand: tick() runs the follower's next poll and waits until it schedules the one after. */
function stepper() {
  const delays: number[] = [];
  let pending: (() => void) | null = null;
  let scheduled: (() => void) | null = null;
  const scheduler: Scheduler = (run, ms) => {
    delays.push(ms);
    pending = run;
    scheduled?.();
    return () => (pending = null);
  };
  async function tick(): Promise<void> {
    const run = pending;
    if (!run) throw new Error('the follower has nothing scheduled');
    pending = null;
    const next = new Promise<void>((resolve) => (scheduled = resolve));
    run();
    await next;
  }
  return { scheduler, tick, delays };
}
const { scheduler, tick, delays } = stepper();
let backend: Pick<BackendClient, 'call'>;

async function found(text: string): Promise<string[]> {
  const parsed = parseSearch(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return (await host.store.search(parsed.value, 100)).assets.map((asset) => asset.name);
}

beforeAll(async () => {
  data = await tempDataDir();
  stack = await startTestStack({ dataDir: data.dir, adminEmail: people.admin.email, adminPassword: TEST_PASSWORD });
  const signedIn = await signInPeople(stack, people, ['show-a', 'show-b']);
  const real = new BackendClient(
    stack.profile.apiUrl,
    async () => signedIn.tokens.editor,
    async () => undefined,
  );
  backend = {
    call: ((name, input) => {
      requests.push(name);
      return real.call(name, input);
    }) as BackendClient['call'],
  };
  await stack.catalog.createFolder(makeFolder('Show A/', ['show-a']));
  await stack.catalog.createFolder(makeFolder('Show A/Day 1/', ['show-a']));
  await stack.catalog.createFolder(makeFolder('Show B/', ['show-b']));
  host = startCacheWorker(`${data.dir}/search-cache.sqlite`);
  sync = new CacheSync(real, host.store);
  await sync.start();
  follower = new FeedFollower(
    backend,
    [
      async (page) => {
        delivered.cache.push(page);
        await sync.take(page);
      },
      (page) => {
        delivered.listing.push(page);
        delivered.events.push(libraryChanges(page));
      },
    ],
    (message, error) => console.error(message, error),
    scheduler,
  );
  follower.start();
}, heavyTimeout(120_000));

afterAll(async () => {
  follower?.stop();
  await host?.stop();
  await stack?.stop();
  await data?.remove();
});

describe('the change feed follower', () => {
  it('asks the feed once a poll interval while nothing changes, and hands nothing on', async () => {
    await tick();
    expect(requests).toEqual(['changes']);
    for (let poll = 0; poll < 5; poll += 1) await tick();
    expect(requests).toEqual(Array(6).fill('changes'));
    expect(delays.slice(1)).toEqual(Array(6).fill(POLL_MS));
    expect(delivered.listing).toEqual([]);
  });

  it('reads the rows of a page once and hands the same page to the search cache and the listing', async () => {
    const first = await stack.catalog.createAsset(makeAsset('Show A/Day 1/', 'A001_C001_FEED.mov'));
    const second = await stack.catalog.createAsset(makeAsset('Show A/Day 1/', 'A001_C002_FEED.mov'));
    await stack.catalog.createAsset(makeAsset('Show B/', 'B001_C001_SECRET.mov'));
    requests.length = 0;
    await tick();
    expect(requests).toEqual(['changes', 'assetBatch']);
    expect(delivered.listing).toHaveLength(1);
    expect(delivered.cache[0]).toBe(delivered.listing[0]);
    const event = delivered.events[0]!;
    expect(event.changed.map((asset) => asset.name)).toEqual(['A001_C001_FEED.mov', 'A001_C002_FEED.mov']);
    expect(event.assets).toEqual([first.id, second.id]);
    expect(event).toMatchObject({ gone: [], folders: [], latest: delivered.listing[0]!.to });
    expect(await found('feed')).toEqual(['A001_C001_FEED.mov', 'A001_C002_FEED.mov']);
    expect(await host.store.getState('since')).toBe(String(delivered.listing[0]!.to));
  });

  it('names a removed asset as gone, and a new folder with its parent for views to re-list', async () => {
    const asset = delivered.events[0]!.changed[0];
    await stack.catalog.removeAsset(asset!.id);
    await stack.catalog.createFolder(makeFolder('Show A/Day 2/', ['show-a']));
    requests.length = 0;
    await tick();
    expect(requests).toEqual(['changes']);
    expect(delivered.events.at(-1)).toMatchObject({ changed: [], gone: [asset!.id], folders: ['Show A/', 'Show A/Day 2/'] });
    expect(await found('feed')).toEqual(['A001_C002_FEED.mov']);
  });

  it('asks again at once after a page that may have more behind it', async () => {
    const paged = stepper();
    const pages: FeedPage[] = [];
    const small = new FeedFollower(backend, [(page) => void pages.push(page)], undefined, paged.scheduler, 2);
    small.start();
    await paged.tick();
    for (const name of ['P1.mov', 'P2.mov', 'P3.mov']) await stack.catalog.createAsset(makeAsset('Show A/Day 1/', name));
    await paged.tick();
    await paged.tick();
    small.stop();
    expect(pages.map((page) => page.changes.length)).toEqual([2, 1]);
    expect(paged.delays).toEqual([0, POLL_MS, 0, POLL_MS]);
    expect(pages[1]!.from).toBe(pages[0]!.to);
  });

  it('lets the search cache take only the part of a page after its own position', async () => {
    await tick();
    const start = Number(await host.store.getState('since'));
    await stack.catalog.createAsset(makeAsset('Show A/Day 1/', 'LATE_ONE.mov'));
    await tick();
    const at = Number(await host.store.getState('since'));
    expect(at).toBeGreaterThan(start);
    await stack.catalog.createAsset(makeAsset('Show A/Day 1/', 'LATE_TWO.mov'));
    // A page from before the cache's position: the cache writes from where it is (its store
    // refuses a page that does not start there) and skips a page it already has.
    const overlapping = await readFeedPage(backend, start, 1000);
    expect(overlapping.changes).toHaveLength(2);
    expect(await sync.take(overlapping)).toBe(1);
    expect(await host.store.getState('since')).toBe(String(overlapping.to));
    expect(await found('late')).toEqual(['LATE_ONE.mov', 'LATE_TWO.mov']);
    expect(await sync.take(await readFeedPage(backend, start, 1000))).toBe(0);
  });

  it('makes the search cache catch up by itself after a page it missed', async () => {
    const missed = await stack.catalog.createAsset(makeAsset('Show A/Day 1/', 'MISSED.mov'));
    const gap = Number((await backend.call('changes', { query: {} })).latest);
    await stack.catalog.createAsset(makeAsset('Show A/Day 1/', 'AFTER_GAP.mov'));
    const page = await readFeedPage(backend, gap, 1000);
    expect(page.changes.map((change) => change.target)).not.toContain(missed.id);
    expect(await sync.take(page)).toBe(2);
    expect(await found('missed')).toEqual(['MISSED.mov']);
    expect(await found('gap')).toEqual(['AFTER_GAP.mov']);
  });

  it('keeps the follower going while the search service fills, then makes it wait for each page to be written', async () => {
    const searching = createSearchService({
      backend,
      apiUrl: stack.profile.apiUrl,
      log: (message, error) => console.error(message, error),
    });
    try {
      const from = Number((await backend.call('changes', { query: {} })).latest);
      await stack.catalog.createAsset(makeAsset('Show A/Day 1/', 'EARLY_PAGE.mov'));
      const early = await readFeedPage(backend, from, 1000);
      const filled = searching.start(people.editor.email);
      expect(searching.takePage(early)).toBeUndefined();
      await filled;
      await stack.catalog.createAsset(makeAsset('Show A/Day 1/', 'WHEN_FILLED.mov'));
      const written = searching.takePage(await readFeedPage(backend, from, 1000));
      expect(written).toBeInstanceOf(Promise);
      await written;
      const names = async (q: string) => {
        const answer = await searching.api.searchAssets({ q });
        expect(answer.source).toBe('cache');
        return answer.assets.map((asset) => asset.name);
      };
      expect(await names('early_page')).toEqual(['EARLY_PAGE.mov']);
      expect(await names('when_filled')).toEqual(['WHEN_FILLED.mov']);
    } finally {
      await searching.stop();
    }
  });
});
