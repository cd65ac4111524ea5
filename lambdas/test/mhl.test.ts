import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  c4OfText,
  createHasher,
  FormatError,
  hashFile,
  readChain,
  readGeneration,
  verifyAgainst,
  writeGeneration,
  type MhlFile,
  type MhlGenerationInput,
} from '@rushes/shared';

const text = (value: string) => new TextEncoder().encode(value);
const creator = {
  hostName: 'dit-cart.local',
  tool: { name: 'Rushes', version: '0.1.0' },
  location: 'Stage 4',
  authors: [{ name: 'Ana Ruiz', email: 'ana@example.com', role: 'DIT' }],
};
const files: MhlFile[] = [
  {
    path: 'Clips/A002C006_141024_R2EC.mov',
    size: 5,
    lastModified: '2020-01-15T13:00:00Z',
    hashes: { xxh64: '0ea03b369a463d9d' },
    action: 'original',
  },
  {
    path: 'Sidecar & notes <1>.txt',
    size: 58,
    lastModified: new Date('2020-01-15T13:00:00.750Z'),
    hashes: { xxh64: '3ab5a4166b9bde44', md5: 'd41d8cd98f00b204e9800998ecf8427e' },
    action: 'original',
  },
];
const input = (overrides: Partial<MhlGenerationInput> = {}): MhlGenerationInput => ({
  history: null,
  rootName: 'A002R2EC',
  files,
  creator,
  process: 'transfer',
  createdAt: new Date('2020-01-16T09:15:00Z'),
  digests: createHash,
  ...overrides,
});

/** C4 written out here from its definition (SHA-512 as a base-58 number, padded with 1s), not with the module's code. */
function c4(bytes: Uint8Array): string {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let n = BigInt(`0x${createHash('sha512').update(bytes).digest('hex')}`);
  let out = '';
  for (; n > 0n; n /= 58n) out = alphabet[Number(n % 58n)] + out;
  return `c4${out.padStart(88, '1')}`;
}

describe('hashing', () => {
  it('gives xxh64 as 16 lower-case hex digits, with the published test vectors', async () => {
    expect((await hashFile([new Uint8Array(0)], ['xxh64'])).hashes.xxh64).toBe('ef46db3751d8e999');
    expect((await hashFile([text('abc')], ['xxh64'])).hashes.xxh64).toBe('44bc2cf5ad770999');
  });

  it('computes every asked-for hash in one pass over streamed chunks', async () => {
    const whole = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251);
    let reads = 0;
    async function* stream() {
      for (let at = 0; at < whole.length; at += 65_536) {
        reads += 1;
        yield whole.subarray(at, at + 65_536);
      }
    }
    const result = await hashFile(stream(), ['xxh64', 'sha256', 'md5', 'c4'], createHash);
    expect(reads).toBe(5);
    expect(result.size).toBe(300_000);
    expect(result.hashes.sha256).toBe(createHash('sha256').update(whole).digest('hex'));
    expect(result.hashes.md5).toBe(createHash('md5').update(whole).digest('hex'));
    expect(result.hashes.c4).toBe(c4(whole));
    expect(result.hashes.xxh64).toMatch(/^[0-9a-f]{16}$/);
    expect((await hashFile([whole], ['xxh64'])).hashes.xxh64).toBe(result.hashes.xxh64);
  });

  it('refuses to hash twice and asks for a digest factory for the crypto hashes', async () => {
    const hasher = await createHasher(['xxh64']);
    hasher.digest();
    expect(() => hasher.update(text('x'))).toThrow('already given its digest');
    await expect(createHasher(['sha256'])).rejects.toThrow('sha256 need a DigestFactory');
  });
});

describe('writeGeneration', () => {
  it('names the first generation 0001_<folder>_<date>_<time>Z.mhl and records its C4 in a new chain', () => {
    const out = writeGeneration(input());
    expect(out.manifestName).toBe('0001_A002R2EC_2020-01-16_091500Z.mhl');
    expect(out.sequence).toBe(1);
    expect(out.manifestXml).toContain(
      '<path size="58" lastmodificationdate="2020-01-15T13:00:00+00:00">Sidecar &amp; notes &lt;1&gt;.txt</path>',
    );
    // The schema's sequence puts md5 before xxh64.
    expect(out.manifestXml).toMatch(
      /<md5 action="original" hashdate="2020-01-16T09:15:00\+00:00">d41d8cd98f00b204e9800998ecf8427e<\/md5>\n\s+<xxh64 /,
    );
    expect(readChain(out.chainXml).generations).toEqual([{ sequence: 1, path: out.manifestName, c4: c4(text(out.manifestXml)) }]);
    expect(c4OfText(out.manifestXml, createHash)).toBe(c4(text(out.manifestXml)));
  });

  it('appends the next generation to the chain and reads back what it wrote', () => {
    const first = writeGeneration(input());
    const second = writeGeneration(
      input({
        history: first.chain,
        process: 'in-place',
        createdAt: new Date('2020-01-17T14:30:00Z'),
        files: files.map((file) => ({ ...file, action: 'verified' })),
      }),
    );
    expect(second.manifestName).toBe('0002_A002R2EC_2020-01-17_143000Z.mhl');
    expect(readChain(second.chainXml).generations.map((entry) => entry.sequence)).toEqual([1, 2]);
    const read = readGeneration(second.manifestXml);
    expect(read).toMatchObject({
      process: 'in-place',
      hostName: 'dit-cart.local',
      tool: { name: 'Rushes', version: '0.1.0' },
      ignore: ['.DS_Store', 'ascmhl', 'ascmhl/'],
    });
    expect(read.authors).toEqual([{ name: 'Ana Ruiz', email: 'ana@example.com', role: 'DIT' }]);
    expect([read.location, read.comment]).toEqual(['Stage 4', null]);
    expect(read.files[1]).toEqual({
      path: 'Sidecar & notes <1>.txt',
      size: 58,
      lastModified: '2020-01-15T13:00:00+00:00',
      hashes: [
        { format: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e', action: 'verified', hashDate: '2020-01-17T14:30:00+00:00' },
        { format: 'xxh64', value: '3ab5a4166b9bde44', action: 'verified', hashDate: '2020-01-17T14:30:00+00:00' },
      ],
    });
  });

  it.each([
    [
      { files: [{ ...files[0]!, hashes: { sha256: 'ab'.repeat(32) } as never }] },
      /file Clips\/A002C006_141024_R2EC\.mov: sha256 is not an ASC MHL hash format/,
    ],
    [{ files: [{ ...files[0]!, hashes: { xxh64: '0EA03B369A463D9D' } }] }, /xxh64 “0EA03B369A463D9D” is not 16 lower-case hex digits/],
    [{ files: [{ ...files[0]!, hashes: {} }] }, /has no hash/],
    [{ files: [{ ...files[0]!, path: '../escape.mov' }] }, /path must not have empty, “\.” or “\.\.” parts/],
    [{ files: [{ ...files[0]!, path: '/abs.mov' }] }, /path must be relative/],
    [{ files: [files[0]!, files[0]!] }, /is listed twice/],
    [{ files: [{ ...files[0]!, lastModified: 'yesterday' }] }, /lastModified: “yesterday” is not a date and time/],
    [{ rootName: 'A002/R2EC' }, /root name: “A002\/R2EC” cannot be part of a file name/],
    [{ creator: { ...creator, authors: [{ name: 'x', email: 'nobody' }] } }, /“nobody” is not an email address/],
    [{ history: { generations: [{ sequence: 2, path: 'x.mhl', c4: c4(text('x')) }] } }, /history: generation 2 is out of order/],
  ])('refuses what the schema or the chain would not hold (%#)', (overrides, message) => {
    expect(() => writeGeneration(input(overrides))).toThrow(FormatError);
    expect(() => writeGeneration(input(overrides))).toThrow(message);
  });
});

describe('readGeneration and verifyAgainst', () => {
  const manifest = readGeneration(writeGeneration(input()).manifestXml);

  it('reports each file matched, mismatched (with both values), missing or unverifiable, and files it does not list', () => {
    const result = verifyAgainst(manifest, [
      { path: 'Clips/A002C006_141024_R2EC.mov', hashes: { xxh64: '0ea03b369a463d9e' } },
      { path: 'Extra.txt', hashes: { xxh64: '0000000000000000' } },
    ]);
    expect(result.ok).toBe(false);
    expect(result.files).toEqual([
      {
        path: 'Clips/A002C006_141024_R2EC.mov',
        status: 'mismatched',
        format: 'xxh64',
        expected: '0ea03b369a463d9d',
        actual: '0ea03b369a463d9e',
      },
      { path: 'Sidecar & notes <1>.txt', status: 'missing' },
    ]);
    expect(result.unlisted).toEqual(['Extra.txt']);
    const good = verifyAgainst(manifest, [
      { path: 'Clips/A002C006_141024_R2EC.mov', hashes: { xxh64: '0ea03b369a463d9d' } },
      { path: 'Sidecar & notes <1>.txt', hashes: { sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' } },
    ]);
    expect(good.files.map((file) => file.status)).toEqual(['matched', 'unverifiable']);
    expect(good.ok).toBe(false);
  });

  it.each([
    ['<hashlist version="2.0" xmlns="urn:ASC:MHL:v2.0">\n<creatorinfo>\n</hashlist>', /^ASC MHL manifest, line 3: not well-formed XML: /],
    ['<hashlist version="1.0" xmlns="urn:ASC:MHL:v2.0"/>', /hashlist: version “1\.0” is not 2\.0/],
    ['<hashlist version="2.0"/>', /hashlist: namespace must be urn:ASC:MHL:v2\.0/],
    ['<ascmhldirectory/>', /root element is ascmhldirectory, not hashlist/],
    ['<!DOCTYPE hashlist>\n<hashlist/>', 'ASC MHL manifest, line 1: a DOCTYPE is not allowed in this file'],
  ])('says what is wrong with a broken generation (%#)', (xml, message) => {
    expect(() => readGeneration(xml)).toThrow(message);
  });

  it('names the file whose hash element is not one the schema has', () => {
    const xml = writeGeneration(input()).manifestXml.replace(
      '<xxh64 action="original" hashdate="2020-01-16T09:15:00+00:00">0ea03b369a463d9d</xxh64>',
      `<sha256>${'ab'.repeat(32)}</sha256>`,
    );
    expect(() => readGeneration(xml)).toThrow(
      'ASC MHL manifest, hash #1 (Clips/A002C006_141024_R2EC.mov): sha256 is not an ASC MHL hash format (c4, md5, sha1, xxh128, xxh3, xxh64)',
    );
  });

  it('refuses a chain with generations out of order or a malformed C4', () => {
    const chain = (sequence: string, id: string) =>
      `<ascmhldirectory xmlns="urn:ASC:MHL:DIRECTORY:v2.0"><hashlist sequencenr="${sequence}"><path>a.mhl</path><c4>${id}</c4></hashlist></ascmhldirectory>`;
    expect(() => readChain(chain('2', c4(text('a'))))).toThrow(
      'ASC MHL chain, hashlist #1: sequencenr 2 is out of order; generation 1 was expected',
    );
    expect(() => readChain(chain('1', 'c4abc'))).toThrow('ASC MHL chain, hashlist #1 > c4: c4 “c4abc” is not a C4 id');
    expect(() => readChain('<ascmhldirectory xmlns="urn:ASC:MHL:DIRECTORY:v2.0"/>')).toThrow('lists no generation');
  });
});
