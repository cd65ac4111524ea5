import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Utf8, readTransferManifest, writeTransferManifest, type TransferManifest } from '@rushes/shared';

const SHA = 'ab'.repeat(32);
const hostile = [
  "Show A/Day 1/it’s 'take' #1 ; $(touch x) `id` 🎬.mov",
  'Show A/Day 1/commas, braces {index 9}, $HOME & ~user.mov',
  `Show A/${'long name '.repeat(20).trim()}.mov`,
];

function manifest(keys: string[]): TransferManifest {
  return {
    version: 1,
    jobId: 'job-12345678',
    operation: 'copy',
    bucket: 'rushes-media',
    shareRoot: '/mnt/fsx/media',
    entries: keys.map((key) => ({ key, path: key, size: 3, sha256: SHA })),
  };
}

describe('transfer manifests', () => {
  it('round-trips hostile names, one entry per line, machine fields first', () => {
    const text = writeTransferManifest(manifest(hostile));
    expect(readTransferManifest(text)).toEqual(manifest(hostile));
    const entryLines = text.split('\n').filter((line) => line.startsWith('{"index":'));
    expect(entryLines).toHaveLength(3);
    for (const line of entryLines)
      expect(line).toMatch(/^\{"index":\d+,"size":\d+,"sha256":"[0-9a-f]{64}","keyB64":"[A-Za-z0-9+/=]*","pathB64":"[A-Za-z0-9+/=]*",/);
  });

  it("carries an entry's xxh64 after the names' base64, read back only where written, and refuses a malformed one", () => {
    const withXxh64 = { ...manifest(hostile.slice(0, 2)) };
    withXxh64.entries = [{ ...withXxh64.entries[0]!, xxh64: '0123456789abcdef' }, withXxh64.entries[1]!];
    const text = writeTransferManifest(withXxh64);
    expect(readTransferManifest(text)).toEqual(withXxh64);
    const [first, second] = text.split('\n').filter((line) => line.startsWith('{"index":'));
    expect(first).toMatch(/"pathB64":"[A-Za-z0-9+/=]*","xxh64":"0123456789abcdef","key":/);
    expect(second).not.toContain('xxh64');
    expect(() => writeTransferManifest({ ...withXxh64, entries: [{ ...withXxh64.entries[0]!, xxh64: '0123456789ABCDEF' }] })).toThrow(
      /xxh64 is 16 lower-case hex digits/,
    );
  });

  it('writes the same base64 as Node for any text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => base64Utf8(text) === Buffer.from(text, 'utf8').toString('base64')));
  });

  it('refuses paths that climb out of the share, and base64 that disagrees with the name', () => {
    for (const path of ['../etc/passwd', 'a/../../b', '/abs/path', 'a//b', 'a/./b', 'tab\there']) {
      expect(() =>
        writeTransferManifest({ ...manifest(['Show/a.mov']), entries: [{ key: 'Show/a.mov', path, size: 1, sha256: SHA }] }),
      ).toThrow();
    }
    const text = writeTransferManifest(manifest(['Show/a.mov'])).replace(base64Utf8('Show/a.mov'), base64Utf8('Show/b.mov'));
    expect(() => readTransferManifest(text)).toThrow(/base64/);
  });
});
