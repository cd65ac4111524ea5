import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import xxhash from 'xxhash-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Download, Page } from 'playwright-core';
import { tempDataDir } from '../../../scripts/testing/localStack';
import { readAle } from './aleReader';
import { apiCallAs as apiCall } from './apiCall';
import { broadcastWav, cameraClip, drawnRegion, firstFrame, lumaAt, meanDifference, referenceBurnIn, soundReportXml } from './handoffMedia';
import { repoRoot, startInNewFolder, tearDownE2e, type RunningApp } from './launch';
import { heavyTimeout } from '../../../scripts/testing/timeouts';

// Issue 19's "Done when", through the real app in Chromium, local mode: a media manager puts
// a channel-swapping LUT and a timecode burn-in on Show/Day 1 and uploads a camera card and a
// sound card there. The proxy's first frame is graded and its burn-in reads the clip's start
// timecode (compared with drawtext references of the right and of wrong timecodes); the WAV
// whose iXML is broken is ready and says so; the folder's ALE has each clip's scene and take
// and the sound report's circle; after a copy to a local workstation, the card's exported MHL
// validates against the ASC schema and its hashes are those of the files on the share.
const exec = promisify(execFile);
const ADMIN = { email: 'producer@example.com', password: 'Dailies-2026' };
const DMT = { email: 'dmt@example.com', password: 'Media-desk-2026' };
const START = '01:02:03:04';
const TAKE_3 = { scene: '12A', take: '3', reel: 'A001' };
const TAKE_4 = { scene: '12A', take: '4', reel: 'A001' };
let browser: Browser;
let app: RunningApp;
let page: Page;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let files: string;
let share: string;
const shots = path.join(repoRoot, 'test-results');
const reference = path.join(repoRoot, '../shared/reference/ascmhl');

/** A row of the library's table (the Transfers panel has rows of its own). */
const row = (name: string | RegExp) => page.getByRole('grid').getByRole('row', { name }).first();
const crumb = (name: string) => page.getByRole('navigation', { name: 'Folder path' }).getByRole('button', { name, exact: true });

/** A picture once dialogs and toasts have stopped moving. */
async function shot(name: string) {
  await page.waitForFunction(() =>
    (globalThis as unknown as { document: { getAnimations(): { playState: string }[] } }).document
      .getAnimations()
      .every((animation) => animation.playState !== 'running'),
  );
  await page.screenshot({ path: path.join(shots, `handoff-${name}.png`) });
}

/** Every download a click starts, kept in `dir` under the name the page gave it. */
async function downloadsOf(click: () => Promise<void>, count: number, dir: string): Promise<string[]> {
  const started: Download[] = [];
  const listener = (download: Download) => started.push(download);
  page.on('download', listener);
  try {
    await click();
    await expect.poll(() => started.length, { timeout: 30_000 }).toBe(count);
  } finally {
    page.off('download', listener);
  }
  await mkdir(dir, { recursive: true });
  const saved: string[] = [];
  for (const download of started) {
    const file = path.join(dir, download.suggestedFilename());
    await download.saveAs(file);
    saved.push(file);
  }
  return saved;
}

beforeAll(async () => {
  data = await tempDataDir('rushes-e2e-handoff-');
  files = path.join(data.dir, 'files');
  share = path.join(data.dir, 'edit share');
  const card = path.join(files, 'A001R1AB');
  const sound = path.join(files, 'SR001');
  await Promise.all([mkdir(card, { recursive: true }), mkdir(sound, { recursive: true }), mkdir(share, { recursive: true })]);
  await cameraClip(path.join(card, 'A001C001.mov'), START, TAKE_3);
  await cameraClip(path.join(card, 'A001C002.mov'), '01:04:00:00', TAKE_4);
  const soundRoll = { scene: '12A', reel: 'SR001' };
  await broadcastWav(path.join(sound, '12A_T3.WAV'), { ...soundRoll, take: '3' }, soundReportXml({ ...soundRoll, take: '3' }, true));
  // A recorder that wrote a closing tag wrong: the bext Description still names the take.
  const broken = soundReportXml({ ...soundRoll, take: '4' }, false).replace('</SCENE>', '</SCEN>');
  await broadcastWav(path.join(sound, '12A_T4.WAV'), { ...soundRoll, take: '4' }, broken);
  /** Out red = in green, out green = in blue, out blue = in red. */
  const swap = `LUT_3D_SIZE 2\n${[0, 1].flatMap((b) => [0, 1].flatMap((g) => [0, 1].map((r) => `${g} ${b} ${r}`))).join('\n')}\n`;
  await writeFile(path.join(files, 'swap.cube'), swap);
  // Bad looks: a NaN on the cube's last entry (line 9), and a colour correction with a negative saturation.
  await writeFile(path.join(files, 'nan.cube'), swap.replace(/1 1 1\n$/, '1 1 NaN\n'));
  await writeFile(
    path.join(files, 'grade.cc'),
    '<ColorCorrection id="sh010"><SOPNode><Slope>1 1 1</Slope><Offset>0 0 0</Offset><Power>1 1 1</Power></SOPNode>' +
      '<SatNode><Saturation>-1</Saturation></SatNode></ColorCorrection>\n',
  );

  const dataDir = path.join(data.dir, 'rushes');
  ({ app, browser, page } = await startInNewFolder({ dataDir, admin: ADMIN, folder: 'Show' }));
  // The admin's part, from another desk: the crew's group, its media manager, its workstation.
  await apiCall(dataDir, ADMIN, 'createGroup', { name: 'show-crew', description: 'The crew of Show' });
  await apiCall(dataDir, ADMIN, 'setFolderAcl', { path: 'Show/', groups: ['admin', 'show-crew'] });
  await apiCall(dataDir, ADMIN, 'createWorkstation', {
    name: 'Edit 1',
    platform: 'local',
    instanceId: null,
    shareRoot: share,
    groups: ['show-crew'],
  });
  const { temporaryPassword } = await apiCall<{ temporaryPassword: string }>(dataDir, ADMIN, 'createUser', {
    email: DMT.email,
    groups: ['media-managers', 'show-crew'],
  });
  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: /Sign out/ }).click();
  await page.getByLabel('Email').fill(DMT.email);
  await page.getByLabel('Password').fill(temporaryPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('New password', { exact: true }).fill(DMT.password);
  await page.getByLabel('Confirm new password').fill(DMT.password);
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await row(/Show/).dblclick();
  await page.getByText('This folder is empty').waitFor();
}, heavyTimeout(240_000));

tearDownE2e('handoff', () => ({ page, browser, app, data }));

describe('the hand-off to editorial, in Chromium', () => {
  it('the media manager sets the LUT and a timecode burn-in on Show/Day 1 and uploads a camera card and a sound card', async () => {
    await page.getByRole('button', { name: 'New folder' }).first().click();
    await page.getByRole('dialog').getByLabel('Folder name').fill('Day 1');
    await page.getByRole('button', { name: 'Create' }).click();
    await row('Day 1').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Look & burn-in…' }).click();
    const look = page.getByRole('dialog', { name: /Look & burn-in/ });
    await look.getByLabel('LUT or CDL file').setInputFiles(path.join(files, 'swap.cube'));
    await look.getByLabel('Source timecode').check();
    await look.getByRole('button', { name: 'Save' }).click();
    await look.getByText('Applies: swap.cube (set here)').waitFor();
    await look.getByRole('button', { name: 'Close' }).click();

    await row('Day 1').dblclick();
    await page.getByText('This folder is empty').waitFor();
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const upload = page.getByRole('dialog');
    await upload.getByLabel('Files or folders on this computer').fill([path.join(files, 'A001R1AB'), path.join(files, 'SR001')].join('\n'));
    await upload.getByRole('button', { name: 'Check' }).click();
    await upload.getByRole('button', { name: 'Upload 4 files' }).click();
    const queue = page.getByRole('list', { name: 'Transfer queue' });
    await expect.poll(() => queue.locator('[data-state="succeeded"]').count(), { timeout: 60_000 }).toBe(4);
    await page
      .getByRole('button', { name: 'Hide transfers' })
      .first()
      .click()
      .catch(() => undefined);
    await row(/A001R1AB/).dblclick();
    for (const name of [/A001C001\.mov/, /A001C002\.mov/])
      await row(name).getByText('Ready', { exact: true }).waitFor({ timeout: 180_000 });
  });

  it('the proxy is graded, and its first frame burns in the source start timecode, not another', async () => {
    await row(/A001C001\.mov/).dblclick();
    const viewer = page.getByRole('dialog', { name: 'Viewer: A001C001.mov' });
    await viewer.getByRole('button', { name: 'With look' }).waitFor();
    const video = viewer.locator('[data-player="video"] video');
    await expect
      .poll(() => video.evaluate((element) => (element as unknown as { readyState: number }).readyState))
      .toBeGreaterThanOrEqual(2);
    const src = await video.evaluate((element) => (element as unknown as { currentSrc: string }).currentSrc);
    const proxy = path.join(files, 'graded.mp4');
    await writeFile(proxy, Buffer.from(await (await fetch(src)).arrayBuffer()));
    await shot('viewer');
    await viewer.getByRole('button', { name: 'Close viewer' }).click();

    // Graded: the clip is R 200, G 60, B 20; through the LUT its channels rotate.
    const { stdout } = await exec(
      'ffmpeg',
      ['-v', 'error', '-i', proxy, '-vf', 'crop=40:40:620:340,scale=1:1', '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
      { encoding: 'buffer' },
    );
    const [r, g, b] = [...(stdout as Buffer).subarray(0, 3)];
    expect([Math.abs(r! - 60), Math.abs(g! - 20), Math.abs(b! - 200)].every((off) => off <= 2)).toBe(true);

    // The burn-in: the proxy's first frame against drawtext references on its own background.
    const frame = await firstFrame(proxy);
    const background = lumaAt(frame, frame.width / 2, frame.height / 2);
    const render = (text: string) => referenceBurnIn(frame.width, frame.height, background, text, path.join(files, 'burn-in.txt'));
    const expected = await render(START);
    const region = drawnRegion(expected, background);
    const differences = {} as Record<string, number>;
    for (const [label, text] of [
      ['start', START],
      ['a frame later', '01:02:03:05'],
      ['zero', '00:00:00:00'],
      ['another second', '01:02:04:04'],
    ] as const) {
      differences[label] = meanDifference(frame, text === START ? expected : await render(text), region);
    }
    // Measured: about 2.4 code values from the right text (H.264 at CRF 23), 7 or more from
    // one digit off, 20 from all zeros.
    expect(differences['start']).toBeLessThan(4);
    for (const label of ['a frame later', 'zero', 'another second']) expect(differences[label]).toBeGreaterThan(5);
  });

  it('the WAV whose iXML is broken is ready, with its take from bext and the reason shown', async () => {
    await crumb('Day 1').click();
    await row(/SR001/).dblclick();
    await row(/12A_T4\.WAV/)
      .getByText('Ready', { exact: true })
      .waitFor({ timeout: 120_000 });
    await row(/12A_T3\.WAV/)
      .getByText('Ready', { exact: true })
      .waitFor({ timeout: 120_000 });
    await row(/12A_T4\.WAV/).dblclick();
    const panel = page.getByRole('complementary', { name: 'Metadata' });
    const problem = panel.getByText(/^iXML/);
    await problem.waitFor();
    expect(await problem.textContent()).toMatch(/SCEN/);
    expect(await panel.textContent()).toContain('Could not read');
    expect(await panel.textContent()).toMatch(/Take\s*4/);
    await problem.scrollIntoViewIfNeeded();
    await shot('broken-ixml');
    await page.keyboard.press('Escape');
  });

  it('exports the folder’s ALE from its menu: scene and take from the clips, Circled from the sound report', async () => {
    await crumb('Show').click();
    await row('Day 1').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Export markers…' }).click();
    const dialog = page.getByRole('dialog', { name: /^Export / });
    await dialog.getByRole('radio', { name: /Avid Log Exchange/ }).check();
    // The heading follows the chosen format.
    await page.getByRole('dialog', { name: 'Export ALE for Avid' }).waitFor();
    await shot('ale-dialog');
    // The toast goes after 4 s: it is caught, and pictured, while the download is kept.
    const toast = page.getByRole('alert').filter({ hasText: 'Saved Day 1.ale: 4 clips' });
    const [file] = await downloadsOf(
      async () => {
        await dialog.getByRole('button', { name: 'Export' }).click();
        await toast.waitFor();
        await page.screenshot({ path: path.join(shots, 'handoff-ale-saved.png') });
      },
      1,
      path.join(files, 'ale'),
    );
    expect(path.basename(file!)).toBe('Day 1.ale');

    const ale = readAle(await readFile(file!, 'utf8'));
    expect(ale.lineEnding).toBe('CRLF');
    expect(ale.heading).toMatchObject({ FIELD_DELIM: 'TABS', FPS: '25' });
    expect(ale.columns).toEqual(expect.arrayContaining(['Name', 'Tracks', 'Start', 'End', 'Scene', 'Take', 'Circled', 'Source File']));
    const byName = Object.fromEntries(ale.rows.map((clip) => [clip['Name'], clip]));
    expect(Object.keys(byName).sort()).toEqual(['12A_T3.WAV', '12A_T4.WAV', 'A001C001.mov', 'A001C002.mov']);
    expect(byName['A001C001.mov']).toMatchObject({ Scene: '12A', Take: '3', Circled: 'Yes', Tape: 'A001', Start: START });
    expect(byName['A001C002.mov']).toMatchObject({ Scene: '12A', Take: '4', Circled: '', Tape: 'A001', Start: '01:04:00:00' });
    expect(byName['12A_T3.WAV']).toMatchObject({ Scene: '12A', Take: '3', Circled: 'Yes', Tape: 'SR001' });
    expect(byName['12A_T4.WAV']).toMatchObject({ Scene: '12A', Take: '4', Circled: '', Tape: 'SR001' });
  });

  it('copies Day 1 to the local workstation, shows the hop in the clip’s custody, and exports an MHL that holds the share’s hashes', async () => {
    await row('Day 1').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Copy to FSx…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Copy the folder “Day 1” to FSx' });
    // The four clips, and each card's MHL generation and chain, which belong beside them.
    await dialog.getByRole('button', { name: 'Copy 8 files' }).click();
    await dialog.waitFor({ state: 'detached' });
    const job = page.getByRole('list', { name: 'Edit share jobs' }).getByRole('listitem').first();
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 60_000 }).toBe('succeeded');

    await row('Day 1').dblclick();
    await row(/A001R1AB/).dblclick();
    await row(/A001C001\.mov/).dblclick();
    const custody = page.getByRole('complementary', { name: 'Metadata' }).getByRole('region', { name: 'Custody' });
    await custody.getByText('Edit share').waitFor({ timeout: 60_000 });
    expect(await custody.textContent()).toContain('Matched');
    await custody.scrollIntoViewIfNeeded();
    await shot('custody');
    await page.keyboard.press('Escape');

    await crumb('Day 1').click();
    await row(/A001R1AB/).click({ button: 'right' });
    const saved = await downloadsOf(
      () => page.getByRole('menuitem', { name: 'Export MHL…' }).click(),
      3,
      path.join(files, 'exported', 'ascmhl'),
    );
    const names = saved.map((file) => path.basename(file));
    expect(names[0]).toBe('ascmhl_chain.xml');
    expect(names.slice(1)).toEqual([expect.stringMatching(/^0001_A001R1AB_.*Z\.mhl$/), expect.stringMatching(/^0002_A001R1AB_.*Z\.mhl$/)]);
    const lint = (schema: string, file: string) => exec('xmllint', ['--noout', '--schema', path.join(reference, schema), file]);
    await expect(lint('ASCMHLDirectory.xsd', saved[0]!)).resolves.toBeDefined();
    for (const manifest of saved.slice(1)) await expect(lint('ASCMHL.xsd', manifest)).resolves.toBeDefined();

    // Every hash of every generation is the hash of the file as it is on the share.
    const onShare = path.join(share, 'Show', 'Day 1', 'A001R1AB');
    expect((await readdir(onShare)).sort()).toEqual(['A001C001.mov', 'A001C002.mov', 'ascmhl']);
    const h64 = (await xxhash()).h64Raw;
    const actual = new Map<string, { xxh64: string; md5: string }>();
    for (const name of ['A001C001.mov', 'A001C002.mov']) {
      const bytes = await readFile(path.join(onShare, name));
      actual.set(name, { xxh64: h64(bytes).toString(16).padStart(16, '0'), md5: createHash('md5').update(bytes).digest('hex') });
    }
    const checked: string[] = [];
    for (const manifest of saved.slice(1)) {
      const xml = await readFile(manifest, 'utf8');
      for (const [, hash] of xml.matchAll(/<hash>([\s\S]*?)<\/hash>/g)) {
        const file = /<path[^>]*>([^<]+)<\/path>/.exec(hash!)![1]!;
        for (const [, format, value] of hash!.matchAll(/<(xxh64|md5)\b[^>]*>([0-9a-f]+)<\/\1>/g)) {
          expect({ file, format, value }).toEqual({ file, format, value: actual.get(file)?.[format as 'xxh64' | 'md5'] });
          checked.push(`${path.basename(manifest).slice(0, 4)} ${file} ${format}`);
        }
      }
    }
    expect(checked.sort()).toEqual([
      '0001 A001C001.mov xxh64',
      '0001 A001C002.mov xxh64',
      '0002 A001C001.mov xxh64',
      '0002 A001C002.mov xxh64',
    ]);
  });

  it('refuses a cube with a NaN and a CDL file with saturation -1, naming the line and the element; Day 1 keeps its look', async () => {
    await crumb('Show').click();
    await row('Day 1').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Look & burn-in…' }).click();
    const look = page.getByRole('dialog', { name: /Look & burn-in/ });
    await look.getByText('Applies: swap.cube (set here)').waitFor();
    await look.getByLabel('LUT or CDL file').setInputFiles(path.join(files, 'nan.cube'));
    await look.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => look.getByRole('alert').textContent()).toMatch(/nan\.cube, line 9\b/);
    // Closed and opened again, so the refused cube is not sent with the CDL.
    await look.getByRole('button', { name: 'Close' }).click();
    await row('Day 1').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Look & burn-in…' }).click();
    await look.getByText('Applies: swap.cube (set here)').waitFor();
    await look.getByLabel('LUT or CDL file').setInputFiles(path.join(files, 'grade.cc'));
    await look.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => look.getByRole('alert').textContent())
      .toBe('grade.cc, ColorCorrection "sh010" > SatNode > Saturation: -1: saturation must be 0 or more');
    await shot('look-refused');
    await look.getByRole('button', { name: 'Close' }).click();

    // Nothing was lost: opened again, the folder's LUT and burn-in are as they were.
    await row('Day 1').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Look & burn-in…' }).click();
    await look.getByText('Applies: swap.cube (set here)').waitFor();
    expect(await look.getByLabel('Source timecode').isChecked()).toBe(true);
    await look.getByRole('button', { name: 'Close' }).click();
  });
});
