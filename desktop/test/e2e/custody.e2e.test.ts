import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import xxhash from 'xxhash-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { tempDataDir } from '../../../scripts/testing/localStack';
import { repoRoot, startInNewFolder, tearDownE2e, type RunningApp } from './launch';
import { heavyTimeout } from '../../../scripts/testing/timeouts';

// A card whose offload MHL disagrees with one clip goes up through the real app in Chromium:
// the queue says so in red with both hashes, the clip's metadata panel shows its custody,
// and the card folder's menu offers Export MHL.
const ADMIN = { email: 'dit@example.com', password: 'Dailies-2026' };
let browser: Browser;
let app: RunningApp;
let page: Page;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let card: string;
let actual = '';
const wrong = '0123456789abcdef';
const shots = path.join(repoRoot, 'test-results');
const shot = (name: string) => page.screenshot({ path: path.join(shots, `custody-${name}.png`) });

/** C4 id of text, from its definition (SHA-512 as a base-58 number). */
function c4(text: string): string {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let value = BigInt(`0x${createHash('sha512').update(text, 'utf8').digest('hex')}`);
  let out = '';
  for (; value > 0n; value /= 58n) out = alphabet[Number(value % 58n)]! + out;
  return `c4${out.padStart(88, '1')}`;
}

beforeAll(async () => {
  data = await tempDataDir('rushes-e2e-custody-');
  card = path.join(data.dir, 'card', 'A005R1XY');
  await mkdir(path.join(card, 'CLIPS'), { recursive: true });
  await mkdir(path.join(card, 'ascmhl'), { recursive: true });
  const clip = randomBytes(20_000);
  await writeFile(path.join(card, 'CLIPS', 'A005C003.mov'), clip);
  actual = (await xxhash()).h64Raw(clip).toString(16).padStart(16, '0');
  const name = '0001_A005R1XY_2026-12-06_090000Z.mhl';
  const manifest = `<?xml version="1.0" encoding="UTF-8"?>
<hashlist version="2.0" xmlns="urn:ASC:MHL:v2.0">
  <creatorinfo>
    <creationdate>2026-12-06T09:00:00+00:00</creationdate>
    <hostname>dit-laptop</hostname>
    <tool version="2023.2">ShotPut Pro</tool>
  </creatorinfo>
  <processinfo>
    <process>transfer</process>
  </processinfo>
  <hashes>
    <hash>
      <path size="${clip.length}" lastmodificationdate="2026-12-06T08:00:00+00:00">CLIPS/A005C003.mov</path>
      <xxh64 action="original" hashdate="2026-12-06T09:00:00+00:00">${wrong}</xxh64>
    </hash>
  </hashes>
</hashlist>
`;
  await writeFile(path.join(card, 'ascmhl', name), manifest);
  await writeFile(
    path.join(card, 'ascmhl', 'ascmhl_chain.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>
<ascmhldirectory xmlns="urn:ASC:MHL:DIRECTORY:v2.0">
  <hashlist sequencenr="1">
    <path>${name}</path>
    <c4>${c4(manifest)}</c4>
  </hashlist>
</ascmhldirectory>
`,
  );
  ({ app, browser, page } = await startInNewFolder({ dataDir: path.join(data.dir, 'rushes'), admin: ADMIN, folder: 'Day 5' }));
}, heavyTimeout(180_000));

tearDownE2e('custody', () => ({ page, browser, app, data }));

const row = (name: string | RegExp) => page.getByRole('row', { name }).first();

describe('chain of custody in Chromium', () => {
  it('flags the clip whose bytes differ from the card MHL, in the queue and in its metadata', async () => {
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Files or folders on this computer').fill(card);
    await dialog.getByRole('button', { name: 'Check' }).click();
    await dialog.getByRole('region', { name: 'Upload plan' }).waitFor();
    await dialog.getByRole('button', { name: 'Upload 3 files' }).click();
    const queue = page.getByRole('list', { name: 'Transfer queue' });
    const flagged = queue.locator('[data-custody="mismatch"]');
    await flagged.waitFor({ timeout: 60_000 });
    const alert = flagged.getByRole('alert');
    expect(await alert.textContent()).toContain('CLIPS/A005C003.mov');
    expect(await alert.textContent()).toContain(wrong);
    expect(await alert.textContent()).toContain(actual);
    await shot('queue');

    await row(/A005R1XY/).dblclick();
    await row(/CLIPS/).dblclick();
    // The library marks the clip; the feed brings the mark without a reload.
    await row(/A005C003\.mov/)
      .getByLabel('Checksum mismatch')
      .waitFor({ timeout: 60_000 });
    await shot('library');
    await row(/A005C003\.mov/).dblclick();
    const custody = page.getByRole('complementary', { name: 'Metadata' }).getByRole('region', { name: 'Custody' });
    await custody.getByText('Mismatch').waitFor();
    await custody.getByText(`ShotPut Pro 2023.2 recorded xxh64 ${wrong}; Rushes read ${actual}`).waitFor();
    await custody.scrollIntoViewIfNeeded();
    await shot('metadata');
    await page.keyboard.press('Escape');
  });

  it('exports the card folder’s MHL history from its menu: the tool’s generation, ours and the chain', async () => {
    await page.getByRole('navigation', { name: 'Folder path' }).getByRole('button', { name: 'Day 5' }).click();
    await row(/A005R1XY/).click({ button: 'right' });
    const menu = page.getByRole('menu');
    await menu.getByRole('menuitem', { name: 'Export MHL…' }).waitFor();
    await shot('menu');
    const downloads: string[] = [];
    page.on('download', (download) => downloads.push(download.suggestedFilename()));
    await menu.getByRole('menuitem', { name: 'Export MHL…' }).click();
    await expect.poll(() => downloads.length, { timeout: 60_000 }).toBe(3);
    expect(downloads[0]).toBe('ascmhl_chain.xml');
    expect(downloads.slice(1)).toEqual(['0001_A005R1XY_2026-12-06_090000Z.mhl', expect.stringMatching(/^0002_A005R1XY_.*Z\.mhl$/)]);
  });
});
