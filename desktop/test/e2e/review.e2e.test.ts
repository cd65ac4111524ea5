import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RouteName } from '@rushes/shared';
import { fixture, type FixtureName } from '../../../scripts/testing/mediaFixtures';
import { tempDataDir } from '../../../scripts/testing/localStack';
import { apiCallAs } from './apiCall';
import { repoRoot, startInNewFolder, tearDownE2e, type RunningApp } from './launch';
import { openDesk, type Desk } from './secondDesk';
import { heavyTimeout } from '../../../scripts/testing/timeouts';

// The review loop in Chromium, as a crew works it: an editor notes a frame with an arrow, the
// director (at another desk) sees it appear and answers, the editor resolves it; the media
// manager circles takes, finds them with `circled:yes` and hands the notes to the edit as
// Avid markers and an EDL, read back here by parsers written in this file.
const MM = { email: 'mm@example.com', password: 'Dailies-2026' };
const ED = { email: 'ed@example.com', password: 'Cutting-2026' };
const DIR = { email: 'director@example.com', password: 'Action-2026!' };
const FOLDER = 'Day 5';
const CLIPS: [string, FixtureName][] = [
  ['A001C001_25.mov', 'prores-25.mov'],
  ['A001C002_23976.mov', 'prores-23976.mov'],
  ['A001C003_2997DF.mov', 'prores-2997df.mov'],
];
const NOTE_25 = 'Boom dips into frame, top left';
const NOTE_23976 = 'Soft focus on the reveal';
const NOTE_DF = 'Hold on her look a beat longer';

let browser: Browser;
let app: RunningApp;
let page: Page;
let edPage: Page;
let dirPage: Page;
const desks: Desk[] = [];
let data: Awaited<ReturnType<typeof tempDataDir>>;
const shots = path.join(repoRoot, 'test-results');
const dataDir = () => path.join(data.dir, 'rushes');

/** The media manager's API call from outside the app, as from another desk. */
function adminCall<T>(name: RouteName, body: unknown): Promise<T> {
  return apiCallAs<T>(dataDir(), MM, name, body);
}

/** A crew member at their own desk: first sign-in with the temporary password, then their own. */
async function deskFor(who: { email: string; password: string }, temporaryPassword: string): Promise<Page> {
  const desk = await openDesk(dataDir());
  desks.push(desk);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const at = await context.newPage();
  await at.goto(desk.url);
  await at.getByLabel('Email').fill(who.email);
  await at.getByLabel('Password').fill(temporaryPassword);
  await at.getByRole('button', { name: 'Sign in' }).click();
  await at.getByLabel('New password', { exact: true }).fill(who.password);
  await at.getByLabel('Confirm new password').fill(who.password);
  await at.getByRole('button', { name: 'Set password and sign in' }).click();
  await at.getByRole('grid').getByRole('row', { name: FOLDER }).first().dblclick();
  return at;
}

/** A picture once dialogs, toasts and menus have finished moving. */
async function shot(on: Page, name: string) {
  await on.waitForFunction(() =>
    (globalThis as unknown as { document: { getAnimations(): { playState: string }[] } }).document
      .getAnimations()
      .every((animation) => animation.playState !== 'running'),
  );
  await on.screenshot({ path: path.join(shots, `review-${name}.png`) });
}

const row = (on: Page, name: string) => on.getByRole('grid').getByRole('row', { name }).first();
const note = (on: Page, label: RegExp) => on.getByRole('complementary', { name: 'Notes' }).getByRole('listitem', { name: label });

async function openClip(on: Page, name: string) {
  await row(on, name).dblclick();
  await on.getByRole('dialog', { name: `Viewer: ${name}` }).waitFor();
  await expect
    .poll(
      () => on.locator('[data-player="video"] video').evaluate((element) => (element as unknown as { readyState: number }).readyState),
      {
        timeout: 30_000,
      },
    )
    .toBeGreaterThanOrEqual(2);
}

async function goToTimecode(on: Page, timecode: string) {
  await on.getByLabel('Go to timecode').fill(timecode);
  await on.getByLabel('Go to timecode').press('Enter');
  await expect.poll(() => on.locator('output[aria-label="Timecode"]').textContent()).toBe(timecode);
}

/** N over the picture, type, Ctrl+Enter: a note at the playhead, as an editor writes one. */
async function writeNote(on: Page, text: string, draw?: { from: [number, number]; to: [number, number] }) {
  await on.getByTestId('viewer-stage').focus();
  await on.keyboard.press('n');
  const composer = on.getByRole('group', { name: 'New note' });
  await composer.waitFor();
  if (draw) {
    const canvas = on.getByRole('application', { name: /Draw on the picture/ });
    const box = (await canvas.boundingBox())!;
    await on.mouse.move(box.x + box.width * draw.from[0], box.y + box.height * draw.from[1]);
    await on.mouse.down();
    await on.mouse.move(box.x + (box.width * (draw.from[0] + draw.to[0])) / 2, box.y + (box.height * (draw.from[1] + draw.to[1])) / 2, {
      steps: 4,
    });
    await on.mouse.move(box.x + box.width * draw.to[0], box.y + box.height * draw.to[1], { steps: 4 });
    await on.mouse.up();
    await composer.getByText('Drawing: 1 shape').waitFor();
    await shot(on, 'composing');
  }
  await composer.getByLabel('Note').fill(text);
  await composer.getByLabel('Note').press('Control+Enter');
  await composer.waitFor({ state: 'detached' });
}

beforeAll(async () => {
  data = await tempDataDir('rushes-e2e-review-');
  const card = path.join(data.dir, 'card');
  await mkdir(card, { recursive: true });
  for (const [name, source] of CLIPS) await copyFile(await fixture(source), path.join(card, name));
  ({ app, browser, page } = await startInNewFolder({ dataDir: dataDir(), admin: MM, folder: FOLDER }));

  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Files or folders on this computer').fill(CLIPS.map(([name]) => path.join(card, name)).join('\n'));
  await dialog.getByRole('button', { name: 'Check' }).click();
  await dialog.getByRole('button', { name: `Upload ${CLIPS.length} files` }).click();
  for (const [name] of CLIPS) await row(page, name).getByText('Ready', { exact: true }).waitFor({ timeout: 180_000 });
  await page
    .getByRole('button', { name: 'Hide transfers' })
    .first()
    .click()
    .catch(() => undefined);

  // The crew: an editor and the director, both in editors, and the day opened to them.
  await adminCall('setFolderAcl', { path: `${FOLDER}/`, groups: ['admin', 'editors'] });
  const ed = await adminCall<{ temporaryPassword: string }>('createUser', { email: ED.email, groups: ['editors'] });
  const director = await adminCall<{ temporaryPassword: string }>('createUser', { email: DIR.email, groups: ['editors'] });
  edPage = await deskFor(ED, ed.temporaryPassword);
  dirPage = await deskFor(DIR, director.temporaryPassword);
}, heavyTimeout(420_000));

// A failed test leaves a picture of what the user saw; the end stops everything.
tearDownE2e('review', () => ({ page, browser, app, data }));
// Hooks after a test run last-registered first: the desks stop before the stack under them.
afterAll(() => Promise.all(desks.map((desk) => desk.stop())));

// ---------------------------------------------------------------------------------------
// Readers of the exported files, written here from the formats' own documentation, so a
// file that only the exporter could read back fails.

/** Frames from 00:00:00:00 of a timecode label; drop-frame (`;`) skips labels 00 and 01 each minute but every tenth. */
function framesOf(timecode: string, nominal: number): number {
  const match = /^(\d\d):(\d\d):(\d\d)([:;])(\d\d)$/.exec(timecode);
  if (!match) throw new Error(`not a timecode: ${timecode}`);
  const [hours, minutes, seconds, frames] = [match[1], match[2], match[3], match[5]].map(Number) as [number, number, number, number];
  const drop = match[4] === ';' ? nominal / 15 : 0;
  const totalMinutes = hours * 60 + minutes;
  return (totalMinutes * 60 + seconds) * nominal + frames - drop * (totalMinutes - Math.floor(totalMinutes / 10));
}

/** Media Composer's marker text: `user TAB timecode TAB track TAB colour TAB comment TAB duration`, LF, no header. */
function readAvidMarkers(text: string) {
  expect(text.endsWith('\n')).toBe(true);
  expect(text).not.toContain('\r');
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => {
      const fields = line.split('\t');
      expect(fields, line).toHaveLength(6);
      const [user, timecode, track, colour, comment, duration] = fields as [string, string, string, string, string, string];
      return { user, timecode, track, colour, comment, duration: Number(duration) };
    });
}

/** A CMX 3600 list: events with source and record timecodes, the clip names and `* LOC:` locators under each. */
function readEdl(text: string) {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  expect(lines[0]).toMatch(/^TITLE: /);
  const events: { sourceIn: string; recordIn: string; clip: string; locators: { record: string; colour: string; text: string }[] }[] = [];
  for (const line of lines.slice(1)) {
    const event = /^(\d{3})\s+(\S+)\s+(V|A|AA|B)\s+C\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$/.exec(line);
    if (event) {
      events.push({ sourceIn: event[4]!, recordIn: event[6]!, clip: '', locators: [] });
      continue;
    }
    const name = /^\* FROM CLIP NAME:\s+(.*)$/.exec(line);
    if (name) events.at(-1)!.clip = name[1]!.trim();
    const locator = /^\* LOC: (\S+)\s+(\S+)\s+(.*)$/.exec(line);
    if (locator) events.at(-1)!.locators.push({ record: locator[1]!, colour: locator[2]!, text: locator[3]!.trim() });
  }
  return { fcm: lines.find((line) => line.startsWith('FCM:')) ?? '', events };
}

async function exportWith(format: RegExp, options: { includeResolved?: boolean } = {}) {
  const dialog = page.getByRole('dialog', { name: /^Export / });
  await dialog.getByRole('radio', { name: format }).check();
  if (options.includeResolved) await dialog.getByRole('checkbox', { name: 'Include resolved notes' }).check();
  return dialog;
}

describe('the review loop in Chromium', () => {
  it('an editor notes 01:00:02:10 with an arrow; the director, with the clip open, sees it through the feed (no reload) and replies; the editor resolves it', async () => {
    await openClip(dirPage, 'A001C001_25.mov');
    await openClip(edPage, 'A001C001_25.mov');
    await goToTimecode(edPage, '01:00:02:10');
    await writeNote(edPage, NOTE_25, { from: [0.25, 0.25], to: [0.6, 0.55] });
    const edNote = note(edPage, /^Note at 01:00:02:10 by ed/);
    await edNote.waitFor();

    // The director's desk hears of it through its one feed follower, and lists the notes again.
    const dirNote = note(dirPage, /^Note at 01:00:02:10 by ed/);
    // Playwright's 30 s default only bounds a failure: how soon it arrives is the benchmark's business.
    await dirNote.waitFor();
    expect(await dirNote.textContent()).toContain(NOTE_25);
    // A tick on the timeline at the note's frame; the arrow appears over the picture on that frame.
    await expect.poll(() => dirPage.getByTestId('note-tick').getAttribute('data-frame')).toBe('60');
    expect(await dirPage.getByTestId('note-drawing').count()).toBe(0);
    await dirNote.getByRole('button', { name: 'Go to 01:00:02:10' }).click();
    await expect.poll(() => dirPage.locator('output[aria-label="Timecode"]').textContent()).toBe('01:00:02:10');
    await expect.poll(() => dirPage.getByTestId('note-drawing').getAttribute('data-shapes')).toBe('1');
    expect(await dirPage.getByTestId('note-drawing').locator('[data-kind="arrow"]').count()).toBe(1);

    await dirNote.getByRole('button', { name: 'Reply' }).click();
    await dirNote.getByLabel('Reply').fill('Agreed, we lose the boom in the grade');
    await dirNote.getByRole('button', { name: 'Reply', exact: true }).last().click();
    await dirNote.getByRole('listitem', { name: 'Reply by director' }).waitFor();
    await edNote.getByRole('listitem', { name: 'Reply by director' }).waitFor();

    await shot(edPage, 'viewer-note-drawing');
    await edPage.getByRole('complementary', { name: 'Notes' }).screenshot({ path: path.join(shots, 'review-notes-panel.png') });

    await edNote.getByRole('button', { name: 'Resolve' }).click();
    await note(edPage, /^Note at 01:00:02:10 by ed, resolved/).waitFor();
    await note(dirPage, /^Note at 01:00:02:10 by ed, resolved/).waitFor();
    // The director may resolve and reopen, but not edit or delete what the editor wrote.
    expect(await dirNote.getByRole('button', { name: 'Edit note' }).count()).toBe(1); // their own reply
    expect(
      await note(dirPage, /^Note at/)
        .first()
        .getByRole('button', { name: 'Delete note' })
        .count(),
    ).toBe(1);
  });

  it('notes on 23.976 and 29.97 drop-frame clips sit at their exact timecodes, and ] [ step between notes', async () => {
    await edPage.keyboard.press('ArrowDown');
    await edPage.getByRole('dialog', { name: 'Viewer: A001C002_23976.mov' }).waitFor();
    await goToTimecode(edPage, '01:00:01:23');
    await writeNote(edPage, NOTE_23976);
    await note(edPage, /^Note at 01:00:01:23 by ed/).waitFor();

    await edPage.keyboard.press('ArrowDown');
    await edPage.getByRole('dialog', { name: 'Viewer: A001C003_2997DF.mov' }).waitFor();
    // Two frames past 01:00:59;29 is 01:01:00;02: drop-frame skips the labels ;00 and ;01.
    await goToTimecode(edPage, '01:00:59;29');
    await edPage.getByTestId('viewer-stage').focus();
    await edPage.keyboard.press('ArrowRight');
    await expect.poll(() => edPage.locator('output[aria-label="Timecode"]').textContent()).toBe('01:01:00;02');
    await writeNote(edPage, NOTE_DF);
    await note(edPage, /^Note at 01:01:00;02 by ed/).waitFor();

    await edPage.keyboard.press('Home');
    await edPage.keyboard.press(']');
    await expect.poll(() => edPage.locator('output[aria-label="Timecode"]').textContent()).toBe('01:01:00;02');
    await edPage.keyboard.press('[');
    // No note before it: the playhead stays.
    expect(await edPage.locator('output[aria-label="Timecode"]').textContent()).toBe('01:01:00;02');
    await edPage.getByRole('button', { name: 'Close viewer' }).click();
  });

  it('the media manager circles two of three takes at once (with Undo), and finds them with circled:yes', async () => {
    const circled = (name: string) => row(page, name).getByRole('img', { name: 'Circled', exact: true }).count();
    await row(page, 'A001C001_25.mov').click();
    await row(page, 'A001C003_2997DF.mov').click({ modifiers: ['Control'] });
    await page.keyboard.press('c');
    await page.getByText('Circled 2 takes').waitFor();
    await expect.poll(() => circled('A001C001_25.mov')).toBe(1);
    await expect.poll(() => circled('A001C003_2997DF.mov')).toBe(1);
    expect(await circled('A001C002_23976.mov')).toBe(0);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => circled('A001C001_25.mov')).toBe(0);
    await expect.poll(() => circled('A001C003_2997DF.mov')).toBe(0);
    await page.getByRole('grid').focus();
    await page.keyboard.press('c');
    await expect.poll(() => circled('A001C003_2997DF.mov')).toBe(1);
    await page.keyboard.press('4');
    await expect.poll(() => row(page, 'A001C001_25.mov').getByRole('img', { name: 'Rated 4 of 5' }).count()).toBe(1);
    await page.keyboard.press('Shift+A');
    await expect.poll(() => row(page, 'A001C003_2997DF.mov').getByText('Approved', { exact: true }).count()).toBe(1);
    // The notes counts reached the library through the feed: the resolved note and its reply, the open DF note.
    await expect.poll(() => row(page, 'A001C001_25.mov').getByLabel('2 notes, all resolved').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => row(page, 'A001C003_2997DF.mov').getByLabel('1 open of 1 note').count()).toBe(1);
    await shot(page, 'library-takes');
    await page.getByRole('button', { name: 'Card view' }).click();
    await expect.poll(() => page.getByRole('gridcell', { name: 'A001C001_25.mov' }).getByTestId('take-badges').count()).toBe(1);
    await shot(page, 'library-cards');
    await page.getByRole('button', { name: 'Table view' }).click();

    // The filter bar writes the query text an editor could type.
    const search = page.getByRole('textbox', { name: 'Search' });
    await page.getByRole('button', { name: 'Filters' }).click();
    const filters = page.getByRole('search', { name: 'Search filters' });
    await filters.getByRole('combobox', { name: 'Circled' }).click();
    await page.getByRole('option', { name: 'Circled', exact: true }).click();
    await expect.poll(() => search.inputValue()).toBe('circled:yes');
    const results = page.getByRole('grid', { name: 'Search results' });
    await expect
      .poll(async () => (await results.getByRole('row').allInnerTexts()).filter((text) => /\.mov/.test(text)).length, { timeout: 60_000 })
      .toBe(2);
    await shot(page, 'search-circled');
  });

  it('exports the circled takes’ notes as Avid markers, every note at its exact timecode', async () => {
    await page.getByRole('grid', { name: 'Search results' }).focus();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+M');
    const dialog = await exportWith(/Avid Media Composer markers/, { includeResolved: true });
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export' }).click()]);
    const markers = readAvidMarkers(await readFile((await download.path())!, 'utf8'));
    expect(markers.map(({ timecode }) => timecode).sort()).toEqual(['01:00:02:10', '01:01:00;02']);
    const resolved = markers.find(({ timecode }) => timecode === '01:00:02:10')!;
    expect(resolved.comment).toContain(NOTE_25);
    expect(resolved.comment).toContain('Agreed, we lose the boom in the grade');
    expect(resolved).toMatchObject({ user: 'ed@example.com', track: 'V1', duration: 1 });
    expect(markers.find(({ timecode }) => timecode === '01:01:00;02')!.comment).toBe(NOTE_DF);
    // The take left uncircled stays out.
    expect(markers.some(({ comment }) => comment.includes(NOTE_23976))).toBe(false);
  });

  it('an EDL of clips at two rates is refused with the reason; one rate exports, every locator on its frame', async () => {
    await page.keyboard.press('Control+Shift+M');
    let dialog = await exportWith(/CMX 3600 EDL/, { includeResolved: true });
    await dialog.getByRole('button', { name: 'Export' }).click();
    await dialog
      .getByRole('alert')
      .getByText(/an EDL counts one rate/)
      .waitFor();
    await shot(page, 'export-error');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page
      .getByRole('grid', { name: 'Search results' })
      .getByRole('row', { name: /A001C003_2997DF\.mov/ })
      .click();
    await page.keyboard.press('Control+Shift+M');
    dialog = await exportWith(/CMX 3600 EDL/);
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export' }).click()]);
    const edl = readEdl(await readFile((await download.path())!, 'utf8'));
    expect(edl.fcm).toBe('FCM: DROP FRAME');
    expect(edl.events).toHaveLength(1);
    const [event] = edl.events as [(typeof edl.events)[number]];
    expect(event.clip).toBe('A001C003_2997DF.mov');
    expect(event.sourceIn).toBe('01:00:58;00');
    expect(event.locators).toHaveLength(1);
    // The locator sits on the record side: back on the source side it is the note's own frame.
    const source = framesOf(event.sourceIn, 30) + framesOf(event.locators[0]!.record, 30) - framesOf(event.recordIn, 30);
    expect(source).toBe(framesOf('01:01:00;02', 30));
    // CMX locator text is upper case, as Media Composer writes it.
    expect(event.locators[0]!.text).toContain(NOTE_DF.toUpperCase());
  });
});
