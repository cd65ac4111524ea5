// Benchmark `feed-idle`: a signed-in web-mode app in Debian Chromium with a 5,000-asset
// folder open, idle for a minute, then while 300 small files land in that folder and ingest.
// Every API request is counted by route at a proxy between the app and the local API.
// Targets: idle_req_per_s ≤ 1.0 (one change-feed request a second), ingest_relists = 0 (the
// open folder's first page is never listed again: rows are patched in place).
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createLocalS3Client } from '../../lambdas/src/local/s3Client';
import { buildRenderer } from '../build.mjs';
import { createDispatcher } from '../../desktop/src/main/dispatch';
import { createDesktopServices } from '../../desktop/src/main/services/desktopService';
import { DesktopEventHub } from '../../desktop/src/main/services/events';
import { startWebModeServer } from '../../desktop/src/main/web/server';
import { launchChromium } from '../../desktop/test/e2e/launch';
import { makeAsset, makeFolder } from '../testing/assets';
import { freePortRange, startTestStack, tempDataDir } from '../testing/localStack';

const ASSETS = Number(process.env['BENCH_ASSETS'] ?? 5_000);
const INGEST = Number(process.env['BENCH_INGEST'] ?? 300);
const IDLE_SECONDS = Number(process.env['BENCH_IDLE_SECONDS'] ?? 60);
const SHOW = 'Feed Show/';
const FOLDER = `${SHOW}Day 1/`;
const EMAIL = 'bench@example.com';
const PASSWORD = 'Dailies-2026';

/** Requests by route, and the renderer's listings of the open folder's first page (sort given, no cursor). */
class Counter {
  byRoute = new Map<string, number>();
  firstPages = 0;
  total = 0;
  reset(): void {
    this.byRoute.clear();
    this.firstPages = 0;
    this.total = 0;
  }
  count(method: string, url: URL): void {
    const route = `${method} ${url.pathname}`;
    this.byRoute.set(route, (this.byRoute.get(route) ?? 0) + 1);
    this.total += 1;
    const params = url.searchParams;
    if (url.pathname === '/v1/folders/children' && params.get('path') === FOLDER && params.has('sort') && !params.has('cursor')) {
      this.firstPages += 1;
    }
  }
  summary(): string {
    return [...this.byRoute]
      .sort((a, b) => b[1] - a[1])
      .map(([route, n]) => `${route}=${n}`)
      .join(' ');
  }
}

/** Forwards every request to the local API unchanged, counting it first. */
async function countingProxy(target: string, counter: Counter): Promise<{ url: string; stop(): Promise<void> }> {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', upstream);
    counter.count(req.method ?? 'GET', url);
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  const port = await freePortRange(1);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/$/, '')}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const data = await tempDataDir('rushes-bench-feed-');
const stack = await startTestStack({ dataDir: data.dir, adminEmail: EMAIL, adminPassword: PASSWORD, ingest: true });
const counter = new Counter();
const proxy = await countingProxy(stack.profile.apiUrl, counter);
const events = new DesktopEventHub();
const services = createDesktopServices({ profile: { ...stack.profile, apiUrl: proxy.url }, shell: 'web', version: 'bench', events });
const web = await startWebModeServer({
  port: stack.config.ports.web,
  rendererDir: await buildRenderer(),
  dispatch: createDispatcher(services.api),
  events,
});
const browser = await launchChromium();
try {
  // The catalog rows go in through the catalog port, so each is a real change in the feed.
  await stack.catalog.createFolder(makeFolder(SHOW, []));
  await stack.catalog.createFolder(makeFolder(FOLDER, []));
  for (let i = 0; i < ASSETS; i += 1) await stack.catalog.createAsset(makeAsset(FOLDER, `A001_C${String(i).padStart(4, '0')}.mov`));

  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(web.url);
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page
    .getByRole('row', { name: /Feed Show/ })
    .first()
    .dblclick();
  await page.getByRole('row', { name: /Day 1/ }).first().dblclick();
  await page
    .getByRole('row', { name: /A001_C0000\.mov/ })
    .first()
    .waitFor({ timeout: 60_000 });
  // The search cache's first fill lists every folder once at sign-in: the idle minute starts after it.
  while ((await services.api.searchAssets({ q: 'A001', limit: 1 })).source !== 'cache') await new Promise((r) => setTimeout(r, 250));

  // The counter must see the first load, or a relist would go uncounted too.
  if (counter.firstPages === 0) throw new Error(`the open folder's first listing was not seen at the proxy: ${counter.summary()}`);
  counter.reset();
  await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
  const idle = { requests: counter.total, perSecond: counter.total / IDLE_SECONDS, routes: counter.summary(), relists: counter.firstPages };
  console.log(`idle: seconds=${IDLE_SECONDS} requests=${idle.requests} ${idle.routes}`);

  // A card lands: small sidecar files, so ingest is quick and the feed is what is measured.
  // Each sorts before the folder's clips and the last one first, so the top row shows when all are in.
  counter.reset();
  const s3 = createLocalS3Client(`http://127.0.0.1:${stack.config.ports.s3}`);
  const started = performance.now();
  const names = Array.from({ length: INGEST }, (_, i) => `A000_C${String(INGEST - i).padStart(4, '0')}.ale`);
  for (const name of names) {
    await s3.send(
      new PutObjectCommand({ Bucket: stack.config.buckets.media, Key: FOLDER + name, Body: `Heading\nFIELD_DELIM\tTABS\n${name}\n` }),
    );
  }
  let settled = 0;
  while (settled < INGEST) {
    const listed = await stack.catalog.listAssets({ folderPath: FOLDER, sort: 'name', direction: 'asc', limit: INGEST, cursor: null });
    settled = listed.items.filter(
      (asset) => asset.name.startsWith('A000_') && (asset.status === 'ready' || asset.status === 'failed'),
    ).length;
    if (settled < INGEST) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await page
    .getByRole('row', { name: new RegExp(names.at(-1)!.replace('.', '\\.')) })
    .first()
    .waitFor({ timeout: 60_000 });
  const seconds = (performance.now() - started) / 1000;
  s3.destroy();
  console.log(`ingest: files=${INGEST} seconds=${seconds.toFixed(1)} requests=${counter.total} ${counter.summary()}`);
  console.log(
    `feed-idle: idle_req_per_s=${idle.perSecond.toFixed(2)} ingest_relists=${idle.relists + counter.firstPages} ingest_req_per_s=${(counter.total / seconds).toFixed(2)}`,
  );
} finally {
  await browser.close();
  await web.stop();
  services.dispose();
  await proxy.stop();
  await stack.stop();
  await data.remove();
}
