import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import xxhash from 'xxhash-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetCustody, TransferView } from '@rushes/shared';
import type { LocalStack } from '@rushes/lambdas/local';
import { createLocalS3Client } from '../../lambdas/src/local/s3Client';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';
import { TEST_PASSWORD, signInPeople } from '../../scripts/testing/people';
import { BackendClient } from '../src/main/services/backend';
import { UploadManager } from '../src/main/services/uploads/manager';
import { MIB } from '../src/main/services/uploads/partPlan';
import { backendSessions } from '../src/main/services/uploads/sessions';
import { UploadStore } from '../src/main/services/uploads/store';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// A card uploaded through the desktop's upload manager against the real local stack records
// an ASC MHL generation in the card's ascmhl/ in the bucket. The files are read back with
// xmllint (schema and XPath), never with Rushes' own MHL reader.
const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const reference = path.join(repoRoot, '../shared/reference/ascmhl');
const people = {
  manager: { email: 'mm@example.com', groups: ['media-managers', 'show-a'] },
  admin: { email: 'admin@example.com', groups: [], existing: true },
} as const;

let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let backend: BackendClient;
let s3: S3Client;
let call: Awaited<ReturnType<typeof signInPeople<keyof typeof people>>>['call'];
let h64: (bytes: Uint8Array) => string;

function newManager(): { uploads: UploadManager; views: Map<string, TransferView> } {
  const views = new Map<string, TransferView>();
  const uploads = new UploadManager({
    store: new UploadStore(':memory:'),
    sessions: backendSessions(backend),
    onChange: (changed) => changed.forEach((view) => views.set(view.name, view)),
    limits: { partSize: 5 * MIB, connections: 2, backoffMs: 10 },
    eventIntervalMs: 10,
    custody: { hostName: 'dit-cart', toolVersion: '0.1.0-test' },
  });
  uploads.setOnline(true);
  return { uploads, views };
}

/** Writes a card folder; answers each file's bytes by its path inside the card. */
async function makeCard(name: string, files: Record<string, Buffer | string>): Promise<string> {
  const card = path.join(data.dir, 'cards', name);
  for (const [relative, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(card, relative)), { recursive: true });
    await writeFile(path.join(card, relative), content);
  }
  return card;
}

async function upload(card: string): Promise<Map<string, TransferView>> {
  const { uploads, views } = newManager();
  await uploads.start({ folderPath: 'Show A/', paths: [card], decisions: {} });
  await uploads.idle();
  for (const view of uploads.list()) views.set(view.name, view);
  uploads.dispose();
  return views;
}

async function bucketFiles(prefix: string): Promise<string[]> {
  const listing = await s3.send(new ListObjectsV2Command({ Bucket: stack.profile.s3.mediaBucket, Prefix: prefix }));
  return (listing.Contents ?? []).map((object) => object.Key!.slice(prefix.length)).sort();
}

async function download(key: string): Promise<string> {
  const file = path.join(data.dir, 'downloaded', key);
  await mkdir(path.dirname(file), { recursive: true });
  const object = await s3.send(new GetObjectCommand({ Bucket: stack.profile.s3.mediaBucket, Key: key }));
  await writeFile(file, Buffer.from(await object.Body!.transformToByteArray()));
  return file;
}

async function xmllint(schema: string, file: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stderr } = await run('xmllint', ['--noout', '--schema', path.join(reference, schema), file]);
    return { ok: true, output: stderr };
  } catch (error) {
    return { ok: false, output: String((error as { stderr?: string }).stderr ?? error) };
  }
}

async function xpath(file: string, expression: string): Promise<string> {
  return (await run('xmllint', ['--xpath', expression, file])).stdout.trim();
}

const hashOf = (file: string, format: string) =>
  `string(//*[local-name()='hash'][*[local-name()='path']='${file}']/*[local-name()='${format}'])`;
const md5 = (bytes: Buffer | string) => createHash('md5').update(bytes).digest('hex');
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** C4 id of a text's UTF-8 bytes, written here from its definition: SHA-512 as a base-58 number. */
function c4(text: string): string {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let value = BigInt(`0x${createHash('sha512').update(text, 'utf8').digest('hex')}`);
  let out = '';
  while (value > 0n) {
    out = alphabet[Number(value % 58n)]! + out;
    value /= 58n;
  }
  return `c4${out.padStart(88, '1')}`;
}

/** An offload tool's first generation and chain, shaped as ShotPut Pro writes them. */
function offloadHistory(card: string, hashes: Record<string, { size: number; xxh64?: string; md5?: string }>): Record<string, string> {
  const name = `0001_${card}_2026-12-06_090000Z.mhl`;
  const manifest = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<hashlist version="2.0" xmlns="urn:ASC:MHL:v2.0">',
    '  <creatorinfo>',
    '    <creationdate>2026-12-06T09:00:00+00:00</creationdate>',
    '    <hostname>dit-laptop</hostname>',
    '    <tool version="2023.2">ShotPut Pro</tool>',
    '  </creatorinfo>',
    '  <processinfo>',
    '    <process>transfer</process>',
    '  </processinfo>',
    '  <hashes>',
    ...Object.entries(hashes).map(
      ([file, { size, xxh64, md5 }]) =>
        `    <hash>\n      <path size="${size}" lastmodificationdate="2026-12-06T08:00:00+00:00">${file}</path>\n` +
        (md5 ? `      <md5 action="original" hashdate="2026-12-06T09:00:00+00:00">${md5}</md5>\n` : '') +
        (xxh64 ? `      <xxh64 action="original" hashdate="2026-12-06T09:00:00+00:00">${xxh64}</xxh64>\n` : '') +
        '    </hash>',
    ),
    '  </hashes>',
    '</hashlist>',
    '',
  ].join('\n');
  const chain = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<ascmhldirectory xmlns="urn:ASC:MHL:DIRECTORY:v2.0">',
    '  <hashlist sequencenr="1">',
    `    <path>${name}</path>`,
    `    <c4>${c4(manifest)}</c4>`,
    '  </hashlist>',
    '</ascmhldirectory>',
    '',
  ].join('\n');
  return { [`ascmhl/${name}`]: manifest, 'ascmhl/ascmhl_chain.xml': chain };
}

async function custodyOf(key: string): Promise<AssetCustody> {
  const asset = await stack.catalog.getAssetByKey(key);
  const answer = await call<AssetCustody>('manager', 'assetCustody', { query: { id: asset!.id } });
  expect(answer.status).toBe(200);
  return answer.body;
}

beforeAll(async () => {
  data = await tempDataDir();
  stack = await startTestStack({ dataDir: data.dir, adminEmail: 'admin@example.com', adminPassword: TEST_PASSWORD });
  const signedIn = await signInPeople(stack, people, ['show-a']);
  call = signedIn.call;
  backend = new BackendClient(
    stack.profile.apiUrl,
    async () => signedIn.tokens.manager,
    async () => undefined,
  );
  s3 = createLocalS3Client(stack.profile.s3.endpoint!);
  expect((await call('manager', 'createFolder', { body: { parentPath: '', name: 'Show A' } })).status).toBe(200);
  const api = await xxhash();
  h64 = (bytes) => api.h64Raw(bytes).toString(16).padStart(16, '0');
}, heavyTimeout(120_000));

afterAll(async () => {
  s3?.destroy();
  await stack?.stop();
  await data?.remove();
});

describe('upload custody', () => {
  it('records a generation of the card, valid by the ASC schema, with the hashes of the files; a copy to a workstation adds a verified one', async () => {
    const files = { 'CLIP/A001C001.mov': randomBytes(12 * MIB + 3), 'CLIP/A001C002.mov': randomBytes(1000), 'A001.xml': '<clip/>' };
    const views = await upload(await makeCard('A001R1AA', files));
    expect([...views.values()].map((view) => [view.name, view.state, view.custody?.state])).toEqual(
      expect.arrayContaining([
        ['A001C001.mov', 'succeeded', 'recorded'],
        ['A001C002.mov', 'succeeded', 'recorded'],
        ['A001.xml', 'succeeded', 'recorded'],
      ]),
    );
    const history = await bucketFiles('Show A/A001R1AA/ascmhl/');
    expect(history).toEqual([expect.stringMatching(/^0001_A001R1AA_\d{4}-\d\d-\d\d_\d{6}Z\.mhl$/), 'ascmhl_chain.xml']);
    const manifest = await download(`Show A/A001R1AA/ascmhl/${history[0]}`);
    const chain = await download('Show A/A001R1AA/ascmhl/ascmhl_chain.xml');
    expect(await xmllint('ASCMHL.xsd', manifest)).toMatchObject({ ok: true });
    expect(await xmllint('ASCMHLDirectory.xsd', chain)).toMatchObject({ ok: true });
    for (const [file, bytes] of Object.entries(files)) {
      const buffer = Buffer.from(bytes);
      expect(await xpath(manifest, hashOf(file, 'xxh64'))).toBe(h64(buffer));
      // No MD5: the card carries no MHL of its own that lists one (it is read only to be checked against such).
      expect(await xpath(manifest, hashOf(file, 'md5'))).toBe('');
      expect(await xpath(manifest, `string(//*[local-name()='path'][.='${file}']/@size)`)).toBe(String(buffer.length));
    }
    expect(await xpath(manifest, "string(//*[local-name()='process'])")).toBe('transfer');
    expect(await xpath(manifest, "string(//*[local-name()='tool'])")).toBe('Rushes');
    expect(await xpath(manifest, "string(//*[local-name()='author']/@email)")).toBe('mm@example.com');
    expect(await xpath(manifest, "string(//*[local-name()='hostname'])")).toBe('dit-cart');
    expect(await xpath(chain, "string(//*[local-name()='c4'])")).toBe(c4(await readFile(manifest, 'utf8')));

    const custody = await custodyOf('Show A/A001R1AA/CLIP/A001C001.mov');
    expect(custody.summary).toBe('recorded');
    expect(custody.entries).toEqual([
      expect.objectContaining({
        hop: 'upload',
        state: 'recorded',
        sequence: 1,
        hashes: { xxh64: h64(Buffer.from(files['CLIP/A001C001.mov']!)), sha256: sha256(files['CLIP/A001C001.mov']!) },
      }),
    ]);
    // The MHL history shows in the library as the card's sidecars.
    const exported = await call<{ files: { name: string }[] }>('manager', 'mhlHistory', { query: { rootPath: 'Show A/A001R1AA/' } });
    expect(exported.body.files.map((file) => file.name)).toEqual(['ascmhl_chain.xml', history[0]]);

    // A copy to a local workstation's share is the next hop: a verified generation whose xxh64s
    // (what the workstation verified with, the upload having recorded them) are those of the files on the share.
    const share = await mkdtemp(path.join(os.tmpdir(), 'rushes-custody-share-'));
    try {
      const bay = await call<{ id: string }>('admin', 'createWorkstation', {
        body: { name: 'Bay 7', platform: 'local', instanceId: null, shareRoot: share, groups: ['show-a'] },
      });
      const job = await call<{ id: string }>('manager', 'startTransfer', {
        body: { operation: 'copy', workstationId: bay.body.id, folderPaths: ['Show A/A001R1AA/CLIP/'] },
      });
      expect(job.status).toBe(200);
      // The generation is recorded as the job ends: wait for its entry, not for time.
      await expect
        .poll(async () => (await custodyOf('Show A/A001R1AA/CLIP/A001C001.mov')).entries.map((entry) => entry.hop), { timeout: 30_000 })
        .toEqual(['upload', 'workstation']);
      const copied = (await custodyOf('Show A/A001R1AA/CLIP/A001C001.mov')).entries[1]!;
      expect(copied).toMatchObject({ state: 'matched', sequence: 2, by: 'Bay 7' });
      // The catalog claims the generation's number first, then the manifest and chain go to the
      // bucket: wait for them there too.
      await expect
        .poll(() => bucketFiles('Show A/A001R1AA/ascmhl/'), { timeout: 30_000 })
        .toEqual([history[0], expect.stringMatching(/^0002_A001R1AA_.*Z\.mhl$/), 'ascmhl_chain.xml']);
      const names = await bucketFiles('Show A/A001R1AA/ascmhl/');
      const verified = await download(`Show A/A001R1AA/ascmhl/${names[1]}`);
      expect(await xmllint('ASCMHL.xsd', verified)).toMatchObject({ ok: true });
      const newChain = await download('Show A/A001R1AA/ascmhl/ascmhl_chain.xml');
      expect(await xmllint('ASCMHLDirectory.xsd', newChain)).toMatchObject({ ok: true });
      expect(await xpath(newChain, "count(//*[local-name()='hashlist'])")).toBe('2');
      for (const file of ['CLIP/A001C001.mov', 'CLIP/A001C002.mov']) {
        const onShare = await readFile(path.join(share, 'Show A', 'A001R1AA', file));
        expect(await xpath(verified, hashOf(file, 'xxh64'))).toBe(h64(onShare));
        expect(
          await xpath(verified, `string(//*[local-name()='hash'][*[local-name()='path']='${file}']/*[local-name()='xxh64']/@action)`),
        ).toBe('verified');
      }
      expect(await xpath(verified, "string(//*[local-name()='hostname'])")).toBe('Bay 7');
    } finally {
      await rm(share, { recursive: true, force: true });
    }
  });

  it("flags a file whose hash differs from the card's own MHL, naming both hashes, and continues its chain", async () => {
    const good = randomBytes(3000);
    const bad = randomBytes(4000);
    const wrong = 'deadbeefdeadbeef';
    const history = offloadHistory('B002R3BB', {
      'CLIP/B002C001.mov': { size: good.length, xxh64: h64(good) },
      'CLIP/B002C002.mov': { size: bad.length, xxh64: wrong },
    });
    const views = await upload(await makeCard('B002R3BB', { 'CLIP/B002C001.mov': good, 'CLIP/B002C002.mov': bad, ...history }));
    const flagged = views.get('B002C002.mov')!;
    expect(flagged.state).toBe('succeeded');
    expect(flagged.custody?.state).toBe('mismatch');
    expect(flagged.custody?.message).toContain('CLIP/B002C002.mov');
    expect(flagged.custody?.message).toContain(wrong);
    expect(flagged.custody?.message).toContain(h64(bad));
    expect(flagged.custody?.message).toContain('ShotPut Pro');
    expect(views.get('B002C001.mov')!.custody).toEqual({
      state: 'recorded',
      message: expect.stringContaining("matches the card's ASC MHL"),
    });

    const custody = await custodyOf('Show A/B002R3BB/CLIP/B002C002.mov');
    expect(custody.summary).toBe('mismatch');
    expect(custody.entries.find((entry) => entry.hop === 'offload')).toMatchObject({
      state: 'mismatch',
      expected: { format: 'xxh64', value: wrong },
      sequence: 1,
    });
    expect((await custodyOf('Show A/B002R3BB/CLIP/B002C001.mov')).summary).toBe('matched');
    // The library's mark is on the asset record, so every listing and the change feed carry it.
    expect((await stack.catalog.getAssetByKey('Show A/B002R3BB/CLIP/B002C002.mov'))?.custody).toBe('mismatch');
    expect((await stack.catalog.getAssetByKey('Show A/B002R3BB/CLIP/B002C001.mov'))?.custody).toBeUndefined();
    const audit = await stack.catalog.listAudit({ limit: 50, cursor: null, action: 'custody.mismatch' });
    expect(audit.items.map((event) => [event.target, event.outcome, event.details['expected'], event.details['actual']])).toContainEqual([
      'Show A/B002R3BB/CLIP/B002C002.mov',
      'failed',
      wrong,
      h64(bad),
    ]);

    // Rushes' generation is the second of the card's chain; the tool's first is kept as it was.
    const names = await bucketFiles('Show A/B002R3BB/ascmhl/');
    expect(names).toEqual(['0001_B002R3BB_2026-12-06_090000Z.mhl', expect.stringMatching(/^0002_B002R3BB_.*Z\.mhl$/), 'ascmhl_chain.xml']);
    const chain = await download('Show A/B002R3BB/ascmhl/ascmhl_chain.xml');
    expect(await xmllint('ASCMHLDirectory.xsd', chain)).toMatchObject({ ok: true });
    expect(await xpath(chain, "string(//*[local-name()='hashlist'][@sequencenr='1']/*[local-name()='c4'])")).toBe(
      c4(history['ascmhl/0001_B002R3BB_2026-12-06_090000Z.mhl']!),
    );
    const ours = await download(`Show A/B002R3BB/ascmhl/${names[1]}`);
    expect(await xmllint('ASCMHL.xsd', ours)).toMatchObject({ ok: true });
    expect(await xpath(ours, hashOf('CLIP/B002C002.mov', 'xxh64'))).toBe(h64(bad));
    expect(await xpath(ours, "count(//*[local-name()='hash'])")).toBe('2');
  });

  it('reads MD5 too for a card whose own MHL lists MD5, and checks the files against it', async () => {
    const good = randomBytes(2500);
    const bad = randomBytes(3500);
    const wrong = 'deadbeef'.repeat(4);
    const history = offloadHistory('D004R6DD', {
      'CLIP/D004C001.mov': { size: good.length, md5: md5(good) },
      'CLIP/D004C002.mov': { size: bad.length, md5: wrong },
    });
    const views = await upload(await makeCard('D004R6DD', { 'CLIP/D004C001.mov': good, 'CLIP/D004C002.mov': bad, ...history }));
    expect(views.get('D004C001.mov')!.custody).toEqual({
      state: 'recorded',
      message: expect.stringContaining("matches the card's ASC MHL"),
    });
    expect(views.get('D004C002.mov')!.custody).toMatchObject({ state: 'mismatch', message: expect.stringContaining(md5(bad)) });
    const names = await bucketFiles('Show A/D004R6DD/ascmhl/');
    const ours = await download(`Show A/D004R6DD/ascmhl/${names[1]}`);
    expect(await xmllint('ASCMHL.xsd', ours)).toMatchObject({ ok: true });
    expect(await xpath(ours, hashOf('CLIP/D004C001.mov', 'md5'))).toBe(md5(good));
    expect(await xpath(ours, hashOf('CLIP/D004C001.mov', 'xxh64'))).toBe(h64(good));
  });

  it("reports a card's broken MHL clearly and still uploads every file and records its generation", async () => {
    const clip = randomBytes(2000);
    const views = await upload(await makeCard('C003R4CC', { 'C003C001.mov': clip, 'ascmhl/ascmhl_chain.xml': '<ascmhldirectory><oops' }));
    expect(views.get('C003C001.mov')).toMatchObject({
      state: 'succeeded',
      custody: { state: 'invalid', message: expect.stringMatching(/could not be used.*line/) },
    });
    expect((await stack.catalog.getAssetByKey('Show A/C003R4CC/C003C001.mov'))?.size).toBe(clip.length);
    const names = await bucketFiles('Show A/C003R4CC/ascmhl/');
    expect(names).toEqual([expect.stringMatching(/^0001_C003R4CC_.*Z\.mhl$/), 'ascmhl_chain.unreadable.xml', 'ascmhl_chain.xml']);
  });
});
