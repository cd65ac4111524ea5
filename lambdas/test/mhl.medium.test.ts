import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainEntryMatches, hashFile, readChain, readGeneration, verifyAgainst, writeGeneration, type MhlFile } from '@rushes/shared';

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The ASC's schema and example files sit in the team handbook beside the repository.
const reference = path.join(repoRoot, '../shared/reference/ascmhl');
const examples = path.join(reference, 'examples');

async function xmllint(schema: string, file: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stderr } = await run('xmllint', ['--noout', '--schema', path.join(reference, schema), file]);
    return { ok: true, output: stderr };
  } catch (error) {
    return { ok: false, output: String((error as { stderr?: string }).stderr ?? error) };
  }
}

describe('ASC MHL files against the ASC schema (xmllint) and the reference tool’s examples', () => {
  let card: string;
  const contents: Record<string, string> = {
    'Clips/A002C006_141024_R2EC.mov': 'frame',
    'Clips/A002C007_141024_R2EC.mov': 'data',
    'Sidecar.txt': 'notes & <camera> report',
  };
  beforeAll(async () => {
    card = path.join(await mkdtemp(path.join(os.tmpdir(), 'rushes-mhl-')), 'A002R2EC');
    for (const [name, body] of Object.entries(contents)) {
      await mkdir(path.dirname(path.join(card, name)), { recursive: true });
      await writeFile(path.join(card, name), body);
    }
    await mkdir(path.join(card, 'ascmhl'));
  });
  afterAll(async () => {
    await rm(path.dirname(card), { recursive: true, force: true });
  });

  it('validates the reference examples, so a validator that passes everything is noticed', async () => {
    for (const name of ['0001_A002R2EC_2020-01-16_091500Z.mhl', '0002_A002R2EC_2020-01-17_143000Z.mhl']) {
      expect(await xmllint('ASCMHL.xsd', path.join(examples, name))).toMatchObject({ ok: true });
    }
    expect(await xmllint('ASCMHLDirectory.xsd', path.join(examples, 'ascmhl_chain.xml'))).toMatchObject({ ok: true });
    const withSha256 = path.join(path.dirname(card), 'sha256.mhl');
    const example = await readFile(path.join(examples, '0001_A002R2EC_2020-01-16_091500Z.mhl'), 'utf8');
    await writeFile(withSha256, example.replace(/<xxh64 action="original"[^<]*<\/xxh64>/, `<sha256>${'ab'.repeat(32)}</sha256>`));
    const refused = await xmllint('ASCMHL.xsd', withSha256);
    expect(refused.ok).toBe(false);
    expect(refused.output).toMatch(/sha256/);
  });

  it('reads the reference tool’s generations and chain, and the chain’s C4 ids match the files', async () => {
    const chain = readChain(await readFile(path.join(examples, 'ascmhl_chain.xml'), 'utf8'));
    expect(chain.generations.map((entry) => entry.path)).toEqual([
      '0001_A002R2EC_2020-01-16_091500Z.mhl',
      '0002_A002R2EC_2020-01-17_143000Z.mhl',
    ]);
    for (const entry of chain.generations) {
      const xml = await readFile(path.join(examples, entry.path), 'utf8');
      expect(chainEntryMatches(entry, xml, createHash)).toBe(true);
      expect(chainEntryMatches(entry, xml.replace('myHost', 'yourHost'), createHash)).toBe(false);
    }
    const second = readGeneration(await readFile(path.join(examples, '0002_A002R2EC_2020-01-17_143000Z.mhl'), 'utf8'));
    expect(second).toMatchObject({ process: 'in-place', hostName: 'myHost.local', tool: { name: 'ascmhl.py', version: '0.3 alpha' } });
    expect(second.files.map((file) => [file.path, file.size, file.hashes[0]?.action])).toEqual([
      ['Clips/A002C006_141024_R2EC.mov', 5, 'verified'],
      ['Clips/A002C007_141024_R2EC.mov', 4, 'verified'],
      ['Sidecar.txt', 58, 'verified'],
    ]);
    expect(second.directories).toEqual([
      {
        path: 'Clips',
        content: [expect.objectContaining({ format: 'xxh64', value: '4c226b42e27d7af3' })],
        structure: [expect.objectContaining({ value: '906faa843d591a9f' })],
      },
    ]);
    expect(second.rootHash?.content[0]?.value).toBe('8d02114c32e28cbe');
  });

  it('hashes a card in one pass per file, writes two generations that validate, and catches a changed file', async () => {
    const hashed = await Promise.all(
      Object.keys(contents).map(async (name) => {
        const file = path.join(card, name);
        const result = await hashFile(createReadStream(file), ['xxh64', 'sha256', 'md5'], createHash);
        return { name, result, mtime: (await stat(file)).mtime };
      }),
    );
    const files: MhlFile[] = hashed.map(({ name, result, mtime }) => ({
      path: name,
      size: result.size,
      lastModified: mtime,
      // MHL has no SHA-256: it stays in Rushes' own records.
      hashes: { xxh64: result.hashes.xxh64!, md5: result.hashes.md5! },
      action: 'original',
    }));
    const creator = { hostName: 'rushes-test', tool: { name: 'Rushes', version: '0.1.0' } };
    const first = writeGeneration({
      history: null,
      rootName: 'A002R2EC',
      files,
      creator,
      process: 'transfer',
      createdAt: new Date('2026-05-17T18:04:09Z'),
      digests: createHash,
    });
    await writeFile(path.join(card, 'ascmhl', first.manifestName), first.manifestXml);
    await writeFile(path.join(card, 'ascmhl', 'ascmhl_chain.xml'), first.chainXml);
    expect(await xmllint('ASCMHL.xsd', path.join(card, 'ascmhl', first.manifestName))).toMatchObject({ ok: true });
    expect(await xmllint('ASCMHLDirectory.xsd', path.join(card, 'ascmhl', 'ascmhl_chain.xml'))).toMatchObject({ ok: true });

    // xmllint, not our reader, says what the file holds.
    const { stdout } = await run('xmllint', [
      '--xpath',
      "string(//*[local-name()='hash'][*[local-name()='path']='Sidecar.txt']/*[local-name()='md5'])",
      path.join(card, 'ascmhl', first.manifestName),
    ]);
    expect(stdout.trim()).toBe(createHash('md5').update(contents['Sidecar.txt']!).digest('hex'));

    await writeFile(path.join(card, 'Sidecar.txt'), 'notes & <camera> report!');
    const now = await Promise.all(
      Object.keys(contents).map(async (name) => ({
        path: name,
        hashes: (await hashFile(createReadStream(path.join(card, name)), ['xxh64'])).hashes,
      })),
    );
    const check = verifyAgainst(readGeneration(first.manifestXml), now);
    expect(check.files.map((file) => [file.path, file.status])).toEqual([
      ['Clips/A002C006_141024_R2EC.mov', 'matched'],
      ['Clips/A002C007_141024_R2EC.mov', 'matched'],
      ['Sidecar.txt', 'mismatched'],
    ]);

    const second = writeGeneration({
      history: readChain(first.chainXml),
      rootName: 'A002R2EC',
      files: files.map((file) => {
        const status = check.files.find((entry) => entry.path === file.path)!.status;
        const xxh64 = now.find((entry) => entry.path === file.path)!.hashes.xxh64!;
        return {
          path: file.path,
          size: file.size,
          lastModified: file.lastModified,
          hashes: { xxh64 },
          action: status === 'matched' ? 'verified' : 'failed',
        };
      }),
      creator,
      process: 'in-place',
      createdAt: new Date('2026-05-18T07:00:00Z'),
      digests: createHash,
    });
    expect(second.manifestName).toBe('0002_A002R2EC_2026-05-18_070000Z.mhl');
    await writeFile(path.join(card, 'ascmhl', second.manifestName), second.manifestXml);
    await writeFile(path.join(card, 'ascmhl', 'ascmhl_chain.xml'), second.chainXml);
    expect(await xmllint('ASCMHL.xsd', path.join(card, 'ascmhl', second.manifestName))).toMatchObject({ ok: true });
    expect(await xmllint('ASCMHLDirectory.xsd', path.join(card, 'ascmhl', 'ascmhl_chain.xml'))).toMatchObject({ ok: true });
    expect(second.manifestXml).toMatch(/<xxh64 action="failed"/);
    const chain = readChain(second.chainXml);
    expect(
      chainEntryMatches(chain.generations[0]!, await readFile(path.join(card, 'ascmhl', first.manifestName), 'utf8'), createHash),
    ).toBe(true);
  });

  it('gives a clear message for a broken generation file', async () => {
    const xml = (await readFile(path.join(examples, '0001_A002R2EC_2020-01-16_091500Z.mhl'), 'utf8')).replace('</creatorinfo>', '');
    expect(() => readGeneration(xml)).toThrow(/^ASC MHL manifest, line \d+: not well-formed XML: /);
  });
});
