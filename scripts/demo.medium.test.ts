import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSync } from 'otplib';
import { readLocalConfig, startLocalStack, type LocalConfig } from '@rushes/lambdas/local';
import { SqliteCatalog } from '../lambdas/src/adapters/sqliteCatalog';
import type { CatalogAsset } from '../lambdas/src/ports';
import { createDesktopServices } from '../desktop/src/main/services/desktopService';
import { DesktopEventHub } from '../desktop/src/main/services/events';
import { DEMO_EMAIL, DEMO_MEDIA, DEMO_SHOW_PATH, runDemo, type DemoResult } from './demo';
import { freePortRange, tempDataDir } from './testing/localStack';
import { heavyTimeout } from './testing/timeouts';

// The demo against a fresh data dir on free ports: the real stack, the desktop's services,
// s3rver, cognito-local and ffmpeg. Nothing here is faked.
let data: Awaited<ReturnType<typeof tempDataDir>>;
let config: LocalConfig;
let first: DemoResult;
const lines: string[] = [];

/** Every asset of the show and the catalog's last change, read straight from SQLite. */
async function catalogState(): Promise<{ assets: CatalogAsset[]; latestChange: number }> {
  const catalog = new SqliteCatalog(path.join(config.dataDir, 'catalog.sqlite'));
  try {
    const assets: CatalogAsset[] = [];
    for await (const asset of catalog.listAssetsUnder(DEMO_SHOW_PATH)) assets.push(asset);
    assets.sort((a, b) => a.key.localeCompare(b.key));
    return { assets, latestChange: await catalog.latestChange() };
  } finally {
    await catalog.close();
  }
}

describe('npm run demo', () => {
  beforeAll(async () => {
    data = await tempDataDir('rushes-demo-test-');
    config = readLocalConfig({ RUSHES_DATA_DIR: data.dir, RUSHES_PORT: String(await freePortRange()) });
    first = await runDemo({ config, log: (line) => lines.push(line) });
  }, heavyTimeout(180_000));
  afterAll(async () => data?.remove());

  it('uploads the whole show and every file ends ready with its previews', async () => {
    expect(first.outcome).toBe('created');
    if (first.outcome !== 'created') return;
    const expected = Object.keys(DEMO_MEDIA)
      .map((relative) => `${DEMO_SHOW_PATH}${relative}`)
      .sort();
    const { assets: all } = await catalogState();
    // Each day uploaded as a card also gets its ASC MHL history (one generation and the chain).
    const custody = all.filter((a) => a.folderPath.endsWith('/ascmhl/')).map((a) => a.key);
    expect(custody).toEqual([
      expect.stringMatching(/^Demo Show\/Day 1\/ascmhl\/0001_Day 1_\d{4}-\d\d-\d\d_\d{6}Z\.mhl$/),
      'Demo Show/Day 1/ascmhl/ascmhl_chain.xml',
      expect.stringMatching(/^Demo Show\/Day 2\/ascmhl\/0001_Day 2_\d{4}-\d\d-\d\d_\d{6}Z\.mhl$/),
      'Demo Show/Day 2/ascmhl/ascmhl_chain.xml',
    ]);
    const assets = all.filter((a) => !a.folderPath.endsWith('/ascmhl/'));
    expect(assets.map((a) => a.key)).toEqual(expected);
    for (const asset of assets) {
      expect({ key: asset.key, status: asset.status, reason: asset.failureReason }).toEqual({
        key: asset.key,
        status: 'ready',
        reason: null,
      });
      expect(asset.createdBy).toBe(DEMO_EMAIL);
      if (asset.kind === 'video') {
        expect(asset.derived.thumbnail, asset.key).not.toBeNull();
        expect(asset.derived.proxy, asset.key).not.toBeNull();
        expect(asset.technical?.startTimecode, asset.key).toBe('01:00:00:00');
      } else if (asset.kind === 'image') {
        expect(asset.derived.thumbnail, asset.key).not.toBeNull();
      } else {
        expect(asset.kind, asset.key).toBe('audio');
        expect(asset.derived.waveform, asset.key).not.toBeNull();
      }
    }
    expect(assets.map((a) => a.kind).sort()).toEqual(['audio', 'audio', 'image', 'image', 'video', 'video', 'video', 'video']);
    const rates = assets.filter((a) => a.kind === 'video').map((a) => `${a.technical?.frameRate?.num}/${a.technical?.frameRate?.den}`);
    expect(new Set(rates)).toEqual(new Set(['25/1', '24000/1001']));

    expect(first).toMatchObject({ files: expected.length, ready: expected.length, failed: [] });
    expect(first.bytes).toBe(assets.reduce((sum, a) => sum + a.size, 0));
    // The first start of this data dir made the admin; the demo passes its password on.
    expect(lines.some((line) => line.startsWith('Temporary password (shown once): '))).toBe(true);
  });

  it('a second run changes nothing, and the printed password still signs in and shows the show', async () => {
    if (first.outcome !== 'created') throw new Error('the first run did not create the show');
    const before = await catalogState();
    const again: string[] = [];
    expect(await runDemo({ config, log: (line) => again.push(line) })).toEqual({ outcome: 'exists' });
    expect(again).toContain('"Demo Show" is already in the library; nothing to do.');
    expect(await catalogState()).toEqual(before);

    // The same sign-in the app does, with the password the first run printed.
    const stack = await startLocalStack(
      readLocalConfig({ RUSHES_DATA_DIR: data.dir, RUSHES_PORT: String(config.ports.web), RUSHES_INGEST: 'off' }),
    );
    const services = createDesktopServices({ profile: stack.profile, shell: 'web', version: 'test', events: new DesktopEventHub() });
    try {
      // Media managers must use two-step sign-in by default: the key the first run printed answers it.
      expect(first.authenticatorKey).toMatch(/^[A-Z2-7]{32}$/);
      expect(await services.api.signIn({ email: DEMO_EMAIL, password: first.password })).toEqual({
        status: 'mfaCodeRequired',
        email: DEMO_EMAIL,
      });
      const code = generateSync({ secret: first.authenticatorKey! });
      expect((await services.api.answerMfaCode({ code })).status).toBe('signedIn');
      const day1 = await services.api.listFolder({ path: `${DEMO_SHOW_PATH}Day 1/` });
      expect(day1.folders.map((f) => f.name)).toEqual(['A001', 'Sound', 'Stills', 'ascmhl']);
      const a001 = await services.api.listFolder({ path: `${DEMO_SHOW_PATH}Day 1/A001/` });
      expect(a001.assets.map((a) => [a.name, a.status, a.derived.thumbnail])).toEqual([
        ['A001C001.mov', 'ready', true],
        ['A001C002.mov', 'ready', true],
        ['A001C003.mov', 'ready', true],
      ]);
    } finally {
      services.dispose();
      await stack.stop();
    }
  });

  it('refuses to run beside a running Rushes and touches nothing', async () => {
    const stack = await startLocalStack(
      readLocalConfig({ RUSHES_DATA_DIR: data.dir, RUSHES_PORT: String(config.ports.web), RUSHES_INGEST: 'off' }),
    );
    try {
      const before = await catalogState();
      await expect(runDemo({ config, log: () => undefined })).rejects.toThrow(/already in use\. Rushes seems to be running/);
      expect(await catalogState()).toEqual(before);
    } finally {
      await stack.stop();
    }
  });
});
