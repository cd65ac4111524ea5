// "Every name that passes must round-trip through S3 and a Windows share": this file holds
// validateName to that, against s3rver (the local S3) and a real SMB server (Samba's smbd,
// from Debian's `samba` and `smbclient` packages). A name that validateName accepts and that
// fails here is a bug in shared/src/names.ts (it must refuse more), not in this test.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { MAX_NAME_BYTES, joinKey, utf8ByteLength, validateKey, validateName } from '@rushes/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Standin, type S3Standin } from '../src/local/s3Standin';
import { freePortRange, tempDataDir } from '../../scripts/testing/localStack';
import { heavyTimeout } from '../../scripts/testing/timeouts';

const FOLDER = 'Folder With Spaces/';
const BUCKET = 'rushes-names';
const RUNS = 150;

// ---------------------------------------------------------------------------------------
// Names. Pieces are valid on their own; joined with spaces, dots and dashes, and sometimes
// given in NFD (as macOS hands them over), they make names validateName mostly accepts.
// Whatever it refuses is dropped: this file checks only what it lets through.
// ---------------------------------------------------------------------------------------

const SHELL = [
  '$(rm -rf ~)',
  '$(id)',
  '$HOME',
  '${IFS}',
  '$$',
  ';',
  'a;b',
  '`id`',
  '`',
  '&',
  '&&',
  "'",
  "''",
  '!',
  '!!',
  '%',
  '%s%n',
  '%20',
  '%2F',
  '%00',
  '%%',
  '+',
  '++',
  '#',
  '#!',
  '=',
  ',',
  '~',
  '~root',
  '^',
  '[x]',
  '[a-z]',
  '{a,b}',
  '@',
  '-rf',
  '--help',
  '&amp;',
  '&lt;',
  ')',
  '(',
];
const SCRIPTS = [
  '東京',
  '日本語',
  '映画',
  '\u{20BB7}野家',
  'ﾃｽﾄ',
  '한국어',
  'مرحبا',
  'العربية',
  'مَرْحَبًا',
  '١٢٣',
  'میخواهم',
  'می\u200Cخواهم',
  'שלום',
  'עברית',
  'שָׁלוֹם',
  'Ж',
  'Ünïcödé',
  'ß',
  'ẞ',
  'İstanbul',
  'ı',
  'ǅ',
  'ﬁle',
  'ＡＢＣ：',
  '∕',
  'Việt',
  'Z\u0351\u036B\u0343',
];
const EMOJI = [
  '\u{1F3AC}',
  '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}',
  '\u2764\uFE0F\u200D\u{1F525}',
  '\u{1F1EF}\u{1F1F5}',
  '\u{1F44D}\u{1F3FD}',
  '1\uFE0F\u20E3',
  '\u{1F3F3}\uFE0F\u200D\u{1F308}',
];
// Spellings that NFC changes: decomposed, marks out of canonical order, singletons, and
// a composition exclusion (U+0958) that NFC turns into two code points.
const NOT_NFC = [
  'Cafe\u0301',
  'A\u030Angstro\u0308m',
  '\u212B',
  '\u2126',
  'Vie\u0302\u0323t',
  '\u304B\u3099',
  '\u1112\u1161\u11AB\u1100\u1173\u11AF',
  '\u0958',
  '\u05E9\u05C1\u05BC',
  'n\u0303',
  '\uFB2C',
];
const PLAIN = ['Take', 'A001C003', '01', 'clip', 'mov', '_', 'CON', 'nul', 'Lpt', 'PROGRA~1', '.DS_Store', 'x'];

const piece = fc.oneof(
  { arbitrary: fc.constantFrom(...PLAIN), weight: 3 },
  { arbitrary: fc.constantFrom(...SHELL), weight: 3 },
  { arbitrary: fc.constantFrom(...SCRIPTS), weight: 3 },
  { arbitrary: fc.constantFrom(...EMOJI), weight: 2 },
  { arbitrary: fc.constantFrom(...NOT_NFC), weight: 2 },
);
const gap = fc.constantFrom('', ' ', '  ', '.', '..', '_', ' - ', '-', '\u00A0', '\u3000');
const shortName = fc
  .tuple(piece, fc.array(fc.tuple(gap, piece), { maxLength: 7 }), fc.constantFrom('', '.mov', '.wav', '.tar.gz', ''))
  .map(([first, rest, ext]) => first + rest.map(([g, p]) => g + p).join('') + ext);
// Names near the limit: pieces repeated, then padded with ASCII to exactly `bytes` bytes in NFC.
const longName = (bytes: number) => fc.array(piece, { minLength: 10, maxLength: 60 }).map((parts) => fitToBytes(parts.join(' '), bytes));

interface Accepted {
  raw: string;
  value: string;
}

/** Names validateName accepts, as typed (`raw`) and as stored (`value`, NFC). */
const acceptedName = (maxBytes: number) =>
  fc
    .tuple(fc.oneof({ arbitrary: shortName, weight: 5 }, { arbitrary: longName(maxBytes), weight: 1 }), fc.boolean())
    .map(([name, nfd]): Accepted => {
      const raw = nfd ? name.normalize('NFD') : name;
      const checked = validateName(raw);
      return { raw, value: checked.ok ? checked.value : '' };
    })
    .filter(({ value }) => value !== '' && utf8ByteLength(value) <= maxBytes);

/** Cuts an NFC string to at most `bytes` UTF-8 bytes on a code point boundary, then pads with "x". */
function fitToBytes(text: string, bytes: number): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    if (utf8ByteLength(out + char) > bytes - 1) break;
    out += char;
  }
  out = out.normalize('NFC');
  while (utf8ByteLength(out) > bytes - 1) out = Array.from(out).slice(0, -1).join('');
  return out + 'x'.repeat(bytes - utf8ByteLength(out));
}

// Known-valid names chosen by hand: each must be accepted (checked below), then round-trip.
const TRICKY: string[] = [
  'clip.mov',
  "it's a take.mov",
  '$(rm -rf ~)',
  '$(id)',
  'a;b;c',
  '`whoami`.mov',
  'Tom & Jerry.mov',
  '100% done!.wav',
  '%2F%00%20.mov',
  '%',
  '%%',
  'a+b=c.mov',
  '+',
  'file#fragment.mov',
  '#1 [final] {v2} @home ~x ^y =z +w, ok',
  '&amp;&lt;&#47;.mov',
  "'; DROP TABLE assets; --",
  '$HOME ${IFS} $$',
  '-rf',
  '--help',
  '~root',
  '!!',
  '.DS_Store',
  '..a',
  'a..b',
  'clip.tar.gz',
  'CONSOLE.mov',
  'COM10',
  'LPT',
  'con_notes.txt',
  'CON take.mov',
  'NUL_',
  'PROGRA~1',
  'ABCDEF~1.MOV',
  'two  spaces  inside',
  'a\u00A0b',
  'a\u3000b',
  'em\u2003space',
  'Cafe\u0301.mov',
  '\u1112\u1161\u11AB\u1100\u1173\u11AF.mov',
  '\u304B\u3099',
  'Vie\u0302\u0323t Nam',
  '\u212Bngstr\u00F6m',
  '\u2126 ohm',
  '\u0958',
  '\u05E9\u05C1\u05BC\u05DC\u05D5\u05DD',
  '\uFB2C',
  'مرحبا بالعالم.mov',
  'فيلم ١٢٣.mov',
  'می\u200Cخواهم',
  'שלום עולם.wav',
  '\u{1F3AC} take 1.mov',
  '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}.jpg',
  '\u2764\uFE0F\u200D\u{1F525}.png',
  '\u{1F1EF}\u{1F1F5}',
  '\u{1F44D}\u{1F3FD}',
  '1\uFE0F\u20E3',
  '\u{20BB7}野家',
  '日本語 テスト.mov',
  'ﾃｽﾄ',
  '한국어',
  'İstanbul ıi',
  'ß ẞ',
  'ǅ',
  'ﬁle',
  'ＡＢＣ：＂＊？',
  '∕ fraction⁄slash',
  'Z\u0351\u036B\u0343algo',
  '\uE000private',
  'e\u0301'.repeat(20) + '.mov',
  'a'.repeat(200),
];
// Names of exactly MAX_NAME_BYTES bytes, the most validateName allows. The last two are
// longer as typed (NFD) than once composed.
const LONGEST: string[] = [
  'a'.repeat(MAX_NAME_BYTES),
  fitToBytes('\u6771'.repeat(MAX_NAME_BYTES), MAX_NAME_BYTES),
  fitToBytes('\u{1F3AC}'.repeat(MAX_NAME_BYTES), MAX_NAME_BYTES),
  fitToBytes('\u{1F3AC} $(id); `x` & '.repeat(20), MAX_NAME_BYTES),
  fitToBytes('Caf\u00E9 $(id); `x` & 100% +#.mov '.repeat(10), MAX_NAME_BYTES),
  fitToBytes('Vi\u1EC7t Nam \u0645\u0631\u062D\u0628\u0627 \u05E9\u05DC\u05D5\u05DD '.repeat(20), MAX_NAME_BYTES).normalize('NFD'),
  'e\u0301'.repeat((MAX_NAME_BYTES - 1) >> 1) + 'a'.repeat(MAX_NAME_BYTES - 2 * ((MAX_NAME_BYTES - 1) >> 1)),
];

function codePoints(text: string): string {
  return Array.from(text, (c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
}

function describeName({ raw, value }: Accepted): string {
  const typed = raw === value ? '' : ` (typed as ${codePoints(raw)})`;
  return `${JSON.stringify(value)} [${utf8ByteLength(value)} bytes: ${codePoints(value)}]${typed}`;
}

function accept(raw: string): Accepted {
  const checked = validateName(raw);
  if (!checked.ok) throw new Error(`expected ${JSON.stringify(raw)} to be a valid name: ${checked.message}`);
  return { raw, value: checked.value };
}

it(`the hand-picked names are all accepted, in NFC, at most ${MAX_NAME_BYTES} bytes`, () => {
  for (const raw of [...TRICKY, ...LONGEST]) {
    const { value } = accept(raw);
    expect(value).toBe(raw.normalize('NFC'));
    expect(utf8ByteLength(value)).toBeLessThanOrEqual(MAX_NAME_BYTES);
  }
  for (const raw of LONGEST) expect(utf8ByteLength(accept(raw).value)).toBe(MAX_NAME_BYTES);
  expect(LONGEST.filter((raw) => utf8ByteLength(raw) > MAX_NAME_BYTES)).toHaveLength(2);
});

// A name one byte over the limit, and the sizes at which s3rver used to fail: 234-240 bytes
// (PutObject answered 500 and every later listing of the folder too) and 241-255 bytes (an
// unhandled ENAMETOOLONG killed the process). Each is padded with plain ASCII.
const TOO_LONG: string[] = [
  'a'.repeat(MAX_NAME_BYTES + 1),
  fitToBytes('Caf\u00E9 $(id) '.repeat(30), 234),
  fitToBytes('\u6771'.repeat(100), 240),
  fitToBytes('\u{1F3AC} $(id); `x` & '.repeat(20), 241),
  'a'.repeat(255),
  '\u6771'.repeat(85), // 255 bytes
  'e\u0301'.repeat(117), // 351 bytes as typed, 234 once composed
];

it(`refuses names longer than ${MAX_NAME_BYTES} bytes, so they never reach S3 or a share`, () => {
  for (const raw of TOO_LONG) {
    expect(utf8ByteLength(raw.normalize('NFC'))).toBeGreaterThan(MAX_NAME_BYTES);
    expect(validateName(raw)).toMatchObject({ ok: false, reason: 'too-long' });
    expect(joinKey(FOLDER, raw)).toMatchObject({ ok: false, reason: 'too-long' });
    expect(validateKey(FOLDER + raw)).toMatchObject({ ok: false, reason: 'too-long' });
  }
  // Generated names from one byte over the limit to well past 255 bytes.
  const tooLong = fc.integer({ min: MAX_NAME_BYTES + 1, max: 300 }).chain((bytes) => longName(bytes));
  fc.assert(
    fc.property(tooLong, fc.boolean(), (name, nfd) => {
      const raw = nfd ? name.normalize('NFD') : name;
      expect(validateName(raw).ok).toBe(false);
      expect(joinKey(FOLDER, raw).ok).toBe(false);
      expect(validateKey(FOLDER + raw).ok).toBe(false);
    }),
    { numRuns: 500 },
  );
});

// ---------------------------------------------------------------------------------------
// S3, through s3rver on 127.0.0.1.
// ---------------------------------------------------------------------------------------

// s3rver keeps each object as `<name>._S3rver_object` beside `<name>._S3rver_metadata.json`
// in a directory per key segment, so on ext4 (255 bytes per file name) the last segment of
// a key fits only if it is at most 255 - 22 = 233 bytes long. That is why MAX_NAME_BYTES is
// 233 in both modes; real S3 has no such limit.
const S3RVER_SIDECAR = '._S3rver_metadata.json';

/** The longest file or directory name under `dir`, in bytes. */
async function longestEntry(dir: string): Promise<number> {
  let longest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, encoding: 'buffer' })) {
    longest = Math.max(longest, entry.name.length);
    if (entry.isDirectory()) longest = Math.max(longest, await longestEntry(path.join(dir, entry.name.toString('utf8'))));
  }
  return longest;
}

describe('names round-trip through S3 (s3rver)', () => {
  let s3: S3Client;
  let standin: S3Standin;
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  const serverErrors: string[] = [];

  beforeAll(async () => {
    data = await tempDataDir('rushes-names-s3-');
    standin = await startS3Standin({ dataDir: data.dir, port: await freePortRange(1), buckets: [BUCKET] });
    // Koa reports a request that ended in a 500 here; none of them should.
    (standin.server as EventEmitter).on('error', (error: Error) => serverErrors.push(error.message));
    s3 = new S3Client({
      endpoint: standin.endpoint,
      region: 'local',
      forcePathStyle: true,
      // s3rver checks signatures against its one built-in key pair; any other key id gets
      // InvalidAccessKeyId.
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
  });

  afterAll(async () => {
    s3?.destroy();
    await standin?.stop();
    await data?.remove();
  });

  /** Put, list, get, head and delete one object; throws on the first difference. */
  async function roundTrip(key: string): Promise<void> {
    const body = `rushes name round-trip\n${key}\n`;
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ContentType: 'text/plain' }));

    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: key }));
    const keys = (listed.Contents ?? []).map((object) => object.Key ?? '');
    expect(keys).toEqual([key]);
    expect(Buffer.from(keys[0] ?? '', 'utf8').equals(Buffer.from(key, 'utf8'))).toBe(true);

    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(await got.Body?.transformToString('utf8')).toBe(body);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(head.ContentLength).toBe(Buffer.byteLength(body));

    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
    const after = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: key }));
    expect(after.Contents ?? []).toEqual([]);
  }

  function keyOf(name: Accepted): string {
    const key = joinKey(FOLDER, name.raw);
    if (!key.ok) throw new Error(`joinKey refused ${describeName(name)}: ${key.message}`);
    expect(key.value).toBe(FOLDER + name.value);
    return key.value;
  }

  it(`stores, lists, reads and deletes ${RUNS} generated hostile names byte for byte`, async () => {
    await fc.assert(
      fc.asyncProperty(acceptedName(MAX_NAME_BYTES), async (name) => {
        await roundTrip(keyOf(name));
      }),
      { numRuns: RUNS },
    );
    expect(serverErrors).toEqual([]);
  });

  it('stores the hand-picked tricky names byte for byte', async () => {
    const failures: string[] = [];
    for (const raw of TRICKY) {
      const name = accept(raw);
      try {
        await roundTrip(keyOf(name));
      } catch (error) {
        failures.push(`${describeName(name)}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('stores a key of exactly 1,024 bytes (typed in NFD, longer before normalising)', async () => {
    const segments = [
      LONGEST[1] as string, // CJK
      LONGEST[2] as string, // emoji
      LONGEST[6] as string, // NFD, longer as typed
    ];
    const head = FOLDER + segments.join('/') + '/';
    const lastBase = "$(id); `x` & 100% +#='q' مرحبا";
    const room = 1024 - utf8ByteLength(head.normalize('NFC'));
    // The rest goes in a fourth folder as long as a name may be, and a last name of what is left.
    const dirBytes = Math.min(MAX_NAME_BYTES, room - 1 - 40);
    const lastBytes = room - 1 - dirBytes;
    const dir = 'Day 1 ' + 'd'.repeat(dirBytes - 6);
    const last = lastBase + 'z'.repeat(lastBytes - utf8ByteLength(lastBase));
    const raw = head + dir + '/' + last;
    expect(utf8ByteLength(raw)).toBeGreaterThan(1024);
    const key = validateKey(raw);
    if (!key.ok) throw new Error(key.message);
    expect(utf8ByteLength(key.value)).toBe(1024);
    for (const segment of key.value.split('/')) expect(utf8ByteLength(segment)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(utf8ByteLength(last)).toBe(lastBytes);
    expect(validateKey(key.value + 'z')).toMatchObject({ ok: false, reason: 'key-too-long' });
    await roundTrip(key.value);
  });

  it(`stores names of exactly MAX_NAME_BYTES (${MAX_NAME_BYTES}) bytes, sidecar files included`, async () => {
    // On disk the longest name is the object's with s3rver's longest suffix, within ext4's 255.
    const longestKey = FOLDER + 'a'.repeat(MAX_NAME_BYTES);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: longestKey, Body: 'x' }));
    expect(await longestEntry(data.dir)).toBe(MAX_NAME_BYTES + utf8ByteLength(S3RVER_SIDECAR));
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: longestKey }));

    const failures: string[] = [];
    for (const raw of LONGEST) {
      const name = accept(raw);
      expect(utf8ByteLength(name.value)).toBe(MAX_NAME_BYTES);
      try {
        await roundTrip(keyOf(name));
      } catch (error) {
        failures.push(`${describeName(name)}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    expect(failures).toEqual([]);
    // The whole folder and bucket still list after all of the above.
    await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: FOLDER }));
    await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect(serverErrors).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// SMB, through Samba's smbd on 127.0.0.1 and smbclient.
// ---------------------------------------------------------------------------------------

function hasCommand(command: string): boolean {
  const result = spawnSync(command, ['--version'], { stdio: 'ignore', timeout: 10_000 });
  return result.status === 0;
}

const smbMissing = ['smbd', 'smbclient'].filter((command) => !hasCommand(command));
const smbAvailable = smbMissing.length === 0;
// CI installs samba and sets this, so that a broken install fails instead of skipping.
const smbRequired = process.env['RUSHES_REQUIRE_SMB'] === '1';
if (!smbAvailable) {
  const why = `${smbMissing.join(' and ')} not found; install them with: apt-get install -y samba smbclient`;
  if (smbRequired) throw new Error(`SMB round-trip tests required (RUSHES_REQUIRE_SMB=1) but ${why}`);
  console.warn(`SMB round-trip tests SKIPPED: ${why}`);
}

interface SmbShare {
  dir: string;
  share: string;
  port: number;
  config: string;
  process: ChildProcess;
  log: () => string;
  stop(): Promise<void>;
}

const SHARE_NAME = 'rushes';

/** Samba's smbd in the foreground, everything it writes inside `root`, listening on 127.0.0.1 only. */
async function startSmbd(root: string): Promise<SmbShare> {
  const port = await freePortRange(1);
  const dirs = Object.fromEntries(
    ['share', 'private', 'lock', 'state', 'cache', 'pid', 'ncalrpc', 'log', 'usershares'].map((name) => [name, path.join(root, name)]),
  ) as Record<string, string>;
  await Promise.all(Object.values(dirs).map((dir) => mkdir(dir, { recursive: true, mode: 0o700 })));
  const user = os.userInfo().username;
  const config = path.join(root, 'smb.conf');
  await writeFile(
    config,
    [
      '[global]',
      '  server role = standalone server',
      '  interfaces = 127.0.0.1',
      '  bind interfaces only = yes',
      `  smb ports = ${port}`,
      '  disable netbios = yes',
      '  unix charset = UTF-8',
      `  private dir = ${dirs['private']}`,
      `  lock directory = ${dirs['lock']}`,
      `  state directory = ${dirs['state']}`,
      `  cache directory = ${dirs['cache']}`,
      `  pid directory = ${dirs['pid']}`,
      `  ncalrpc dir = ${dirs['ncalrpc']}`,
      `  usershare path = ${dirs['usershares']}`,
      `  log file = ${path.join(dirs['log'] as string, 'smbd.log')}`,
      `  passdb backend = tdbsam:${path.join(dirs['private'] as string, 'passdb.tdb')}`,
      '  map to guest = Bad User',
      `  guest account = ${user}`,
      '  load printers = no',
      '  printcap name = /dev/null',
      '  disable spoolss = yes',
      '  log level = 1',
      '',
      `[${SHARE_NAME}]`,
      `  path = ${dirs['share']}`,
      '  guest ok = yes',
      '  read only = no',
      `  force user = ${user}`,
      '',
    ].join('\n'),
  );

  // smbd treats a socket on stdin as an inetd connection, and Node's stdio pipes are
  // sockets, so `cat` turns ours into a real pipe. smbd exits on EOF there: when this test
  // process dies, however it dies, cat sees EOF and smbd follows. `detached` gives smbd a
  // process group of its own, which stop() kills as a whole.
  const child = spawn('sh', ['-c', 'cat | exec smbd --foreground --no-process-group --debug-stdout -s "$1"', 'sh', config], {
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let alive = true;
  child.once('exit', () => (alive = false));
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);

  const stop = async () => {
    process.off('exit', onExit);
    child.stdin.end();
    killGroup('SIGTERM');
    const timer = setTimeout(() => killGroup('SIGKILL'), 3000);
    if (alive) await exited;
    clearTimeout(timer);
    killGroup('SIGKILL'); // anything smbd forked that is still around
  };

  const deadline = Date.now() + heavyTimeout(15_000); // smbd starts slowly behind a loaded CPU
  while (!(await canConnect(port))) {
    if (!alive || Date.now() > deadline) {
      await stop();
      throw new Error(`smbd did not start on 127.0.0.1:${port}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { dir: dirs['share'] as string, share: `//127.0.0.1/${SHARE_NAME}`, port, config, process: child, log: () => output, stop };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Runs smbclient commands fed on stdin, one a line. Not `-c`, which splits on `;` even
 * inside quotes. smbclient's parser knows double quotes and no escapes, so a name that
 * holds `"` cannot be written at all; validateName refuses `"` anyway, and quote() checks.
 */
async function smbclient(smb: SmbShare, commands: string[]): Promise<{ stdout: string; stderr: string }> {
  const child = spawn('smbclient', [smb.share, '-p', String(smb.port), '-N', '-s', smb.config], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C.UTF-8' },
    timeout: 30_000,
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  child.stdin.end(commands.map((line) => `${line}\n`).join(''));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const result = { stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') };
  if (code !== 0) throw new Error(`smbclient exited with ${code}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

function quote(name: string): string {
  if (name.includes('"') || name.includes('\n')) throw new Error(`smbclient cannot quote ${JSON.stringify(name)}`);
  return `"${name}"`;
}

// smbclient prints `  %-30s%7.7s %8.0f  %s`: name, attributes, size, date. The name is
// greedy up to its last non-space; attributes are letters and never empty for a file.
const LS_LINE = /^ {2}(.*\S) +([A-Z]+) +(\d+) {2}[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}$/;

function listedFiles(stdout: string): Map<string, number> {
  const files = new Map<string, number>();
  for (const line of stdout.split('\n')) {
    const match = LS_LINE.exec(line);
    if (!match || (match[2] ?? '').includes('D')) continue;
    files.set(match[1] ?? '', Number(match[3]));
  }
  return files;
}

// SMB compares names without case (Samba: simple upper-case mapping), so two names that differ
// only in case are one file there. Such pairs go into different batches (folder contents are
// not validateName's business), and every batch is put into an empty folder.
function caseKeys(name: string): string[] {
  const simpleUpper = Array.from(name, (c) => (c.toUpperCase().length === c.length ? c.toUpperCase() : c)).join('');
  return [name.toUpperCase(), name.toLowerCase(), simpleUpper, simpleUpper.toLowerCase()];
}

function batchesWithoutCaseClashes(names: Accepted[]): Accepted[][] {
  const batches: { names: Accepted[]; keys: Set<string> }[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name.value)) continue;
    seen.add(name.value);
    const keys = caseKeys(name.value);
    let batch = batches.find((candidate) => keys.every((key) => !candidate.keys.has(key)));
    if (!batch) {
      batch = { names: [], keys: new Set() };
      batches.push(batch);
    }
    batch.names.push(name);
    for (const key of keys) batch.keys.add(key);
  }
  return batches.map((batch) => batch.names);
}

describe.skipIf(!smbAvailable)('names round-trip through an SMB share (Samba smbd)', () => {
  let smb: SmbShare | undefined;
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let scratch: string;

  beforeAll(async () => {
    data = await tempDataDir('rushes-names-smb-');
    scratch = path.join(data.dir, 'files');
    await mkdir(scratch);
    smb = await startSmbd(path.join(data.dir, 'samba'));
  });

  afterAll(async () => {
    await smb?.stop();
    await data?.remove();
  });

  /** Upload, list, read on disk, download and delete; returns one line per name that failed. */
  async function roundTrip(names: Accepted[], batchNo: number): Promise<string[]> {
    if (!smb) throw new Error('smbd is not running');
    const share = smb;
    const folder = FOLDER.slice(0, -1);
    const local = path.join(scratch, String(batchNo));
    await mkdir(path.join(local, 'in'), { recursive: true });
    await mkdir(path.join(local, 'out'), { recursive: true });
    const bodies = names.map(({ value }, i) => `rushes SMB round-trip ${batchNo}/${i}\n${value}\n`);
    await Promise.all(bodies.map((body, i) => writeFile(path.join(local, 'in', String(i)), body)));

    const upload = await smbclient(share, [
      `mkdir ${quote(folder)}`,
      `cd ${quote(folder)}`,
      ...names.map(({ value }, i) => `put ${path.join(local, 'in', String(i))} ${quote(value)}`),
      'ls',
      ...names.map(({ value }, i) => `get ${quote(value)} ${path.join(local, 'out', String(i))}`),
    ]);
    const listed = listedFiles(upload.stdout);
    const onDisk = await readdir(path.join(share.dir, folder), { encoding: 'buffer' });

    const failures: string[] = [];
    for (const [i, name] of names.entries()) {
      const problems: string[] = [];
      const body = bodies[i] as string;
      if (listed.get(name.value) !== Buffer.byteLength(body)) problems.push('not listed over SMB under that name');
      const expected = Buffer.from(name.value, 'utf8');
      if (!onDisk.some((entry) => entry.equals(expected))) problems.push("not on the share's disk under exactly these UTF-8 bytes");
      const back = await readFile(path.join(local, 'out', String(i)), 'utf8').catch(() => null);
      if (back !== body) problems.push(back === null ? 'download failed' : 'downloaded content differs');
      if (problems.length > 0) failures.push(`${describeName(name)}: ${problems.join('; ')}`);
    }
    const strays = onDisk.filter((entry) => !names.some(({ value }) => entry.equals(Buffer.from(value, 'utf8'))));
    if (strays.length > 0)
      failures.push(`unexpected files on disk: ${strays.map((entry) => codePoints(entry.toString('utf8'))).join(' | ')}`);
    if (failures.length > 0) failures.push(`smbclient said:\n${upload.stderr}\n${upload.stdout}`);

    const removal = await smbclient(share, [`cd ${quote(folder)}`, ...names.map(({ value }) => `del ${quote(value)}`), 'ls']);
    const left = await readdir(path.join(share.dir, folder));
    if (listedFiles(removal.stdout).size > 0 || left.length > 0) {
      failures.push(`del over SMB left ${left.length} file(s): ${left.map(codePoints).join(' | ')}\n${removal.stderr}`);
    }
    return failures;
  }

  async function check(names: Accepted[]): Promise<number> {
    const batches = batchesWithoutCaseClashes(names);
    const failures: string[] = [];
    for (const [i, batch] of batches.entries()) failures.push(...(await roundTrip(batch, i)));
    expect(failures.join('\n')).toBe('');
    return batches.reduce((sum, batch) => sum + batch.length, 0);
  }

  it(`uploads, lists, finds on disk, downloads and deletes ${RUNS} generated hostile names`, async () => {
    const seed = Number(process.env['RUSHES_NAMES_SEED'] ?? Date.now() % 2 ** 31);
    const names = fc.sample(acceptedName(MAX_NAME_BYTES), { numRuns: RUNS, seed });
    try {
      const checked = await check(names);
      expect(checked).toBeGreaterThan(RUNS * 0.9);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n(reproduce with RUSHES_NAMES_SEED=${seed})`);
    }
  });

  it(`does the same for the hand-picked tricky names and the ${MAX_NAME_BYTES}-byte names`, async () => {
    expect(await check([...TRICKY, ...LONGEST].map(accept))).toBe(TRICKY.length + LONGEST.length);
  });
});
