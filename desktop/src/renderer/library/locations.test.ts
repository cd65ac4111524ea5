import { describe, expect, it } from 'vitest';
import { editSharesOf, sharePath } from './locations';

describe('where a file lands on a share', () => {
  it('keeps the library folders below the root, in the workstation’s notation', () => {
    expect(sharePath({ platform: 'linux', shareRoot: '/mnt/fsx/media/' }, 'Show A/Day 1/A001.mov')).toBe(
      '/mnt/fsx/media/Show A/Day 1/A001.mov',
    );
    expect(sharePath({ platform: 'windows', shareRoot: 'D:\\Media\\' }, 'Show A/Day 1')).toBe('D:\\Media\\Show A\\Day 1');
    expect(sharePath({ platform: 'windows', shareRoot: '\\\\fsx\\share' }, 'Show A')).toBe('\\\\fsx\\share\\Show A');
    expect(sharePath({ platform: 'local', shareRoot: '/srv/edit' }, '')).toBe('/srv/edit');
    expect(sharePath({ platform: 'local', shareRoot: '/' }, 'Show A')).toBe('/Show A');
  });

  it('lists the edit shares holding an asset by name, ids it cannot name as ids', () => {
    const names = new Map([
      ['ws-b', 'Edit 10'],
      ['ws-a', 'Edit 2'],
    ]);
    expect(editSharesOf({ locations: { 'ws-b': 'S3_FSX', 'ws-a': 'S3_FSX', 'ws-c': 'S3', 'ws-x': 'S3_FSX' } }, names)).toEqual([
      { id: 'ws-a', name: 'Edit 2', known: true },
      { id: 'ws-b', name: 'Edit 10', known: true },
      { id: 'ws-x', name: 'ws-x', known: false },
    ]);
    expect(editSharesOf({ locations: { 'ws-a': 'S3' } }, names)).toEqual([]);
  });
});
