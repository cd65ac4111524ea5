import { describe, expect, it } from 'vitest';
import type { AssetView, FeedRows } from '@rushes/shared';
import { patchListing, type LoadedRows } from './patchListing';

const FOLDER = 'Show A/Day 1/';

function asset(id: string, name: string, overrides: Partial<AssetView> = {}): AssetView {
  return {
    id,
    name,
    folderPath: FOLDER,
    size: 100,
    createdAt: '2026-01-01T00:00:00.000Z',
    modifiedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    trash: null,
    ...overrides,
  } as AssetView;
}

const c001 = asset('id-1', 'A001_C001.mov');
const c003 = asset('id-3', 'A001_C003.mov');
const c005 = asset('id-5', 'A001_C005.mov');
const all: LoadedRows = { assets: [c001, c003, c005], end: null };
const byName = { field: 'name', direction: 'asc' } as const;
const rows = (changed: AssetView[], gone: string[] = []): FeedRows => ({ changed, gone });
const names = (patch: ReturnType<typeof patchListing>) => (patch.kind === 'patched' ? patch.assets.map((a) => a.name) : patch.kind);

describe('patching a listing with feed rows', () => {
  it('replaces a changed row where it stands', () => {
    const ready = { ...c003, status: 'ready', version: 2 } as AssetView;
    const patch = patchListing(all, FOLDER, byName, rows([ready]));
    expect(patch).toEqual({ kind: 'patched', assets: [c001, ready, c005] });
  });

  it('inserts a new row in sort order, either direction', () => {
    const c004 = asset('id-4', 'A001_C004.mov');
    expect(names(patchListing(all, FOLDER, byName, rows([c004])))).toEqual([
      'A001_C001.mov',
      'A001_C003.mov',
      'A001_C004.mov',
      'A001_C005.mov',
    ]);
    const descending = { assets: [c005, c003, c001], end: null };
    expect(names(patchListing(descending, FOLDER, { field: 'name', direction: 'desc' }, rows([c004])))).toEqual([
      'A001_C005.mov',
      'A001_C004.mov',
      'A001_C003.mov',
      'A001_C001.mov',
    ]);
  });

  it('orders equal sort values by id, as the catalog does', () => {
    const sameSize = asset('id-2', 'Z.mov', { size: 100 });
    const bySize = { field: 'size', direction: 'asc' } as const;
    expect(names(patchListing(all, FOLDER, bySize, rows([sameSize])))).toEqual([
      'A001_C001.mov',
      'Z.mov',
      'A001_C003.mov',
      'A001_C005.mov',
    ]);
  });

  it('moves a row whose sort value changed', () => {
    const renamed = { ...c001, name: 'A001_C009.mov' };
    expect(names(patchListing(all, FOLDER, byName, rows([renamed])))).toEqual(['A001_C003.mov', 'A001_C005.mov', 'A001_C009.mov']);
  });

  it('removes a row moved to another folder, trashed, or gone', () => {
    const moved = { ...c001, folderPath: 'Show A/Day 2/' };
    const trashed = { ...c005, trash: { trashedAt: '2026-01-02T00:00:00.000Z', trashedBy: 'ed@example.com' } };
    expect(names(patchListing(all, FOLDER, byName, rows([moved, trashed])))).toEqual(['A001_C003.mov']);
    expect(names(patchListing(all, FOLDER, byName, rows([], ['id-3'])))).toEqual(['A001_C001.mov', 'A001_C005.mov']);
  });

  it('leaves a row past the next page to that page', () => {
    const partial: LoadedRows = { assets: [c001, c003], end: c003 };
    const c002 = asset('id-2', 'A001_C002.mov');
    const c004 = asset('id-4', 'A001_C004.mov');
    expect(names(patchListing(partial, FOLDER, byName, rows([c002, c004])))).toEqual(['A001_C001.mov', 'A001_C002.mov', 'A001_C003.mov']);
    expect(patchListing(partial, FOLDER, byName, rows([c004]))).toEqual({ kind: 'same' });
    // The cursor's own row moving past it is left to the next page too.
    expect(names(patchListing(partial, FOLDER, byName, rows([{ ...c003, name: 'A001_C009.mov' }])))).toEqual(['A001_C001.mov']);
  });

  it('places by type as the catalog does: extension, then name', () => {
    const byType = { field: 'type', direction: 'asc' } as const;
    const listed = { assets: [asset('id-a', 'B.jpg'), asset('id-b', 'A.mov')], end: null };
    expect(names(patchListing(listed, FOLDER, byType, rows([asset('id-c', 'C.JPG')])))).toEqual(['B.jpg', 'C.JPG', 'A.mov']);
  });

  it('asks for a re-list when a row cannot be placed by code unit order', () => {
    expect(patchListing(all, FOLDER, byName, rows([asset('id-9', 'Clip 🎬.mov')]))).toEqual({ kind: 'relist' });
  });

  it('says nothing changed for rows of other folders', () => {
    expect(patchListing(all, FOLDER, byName, rows([asset('id-7', 'X.mov', { folderPath: 'Show B/' })], ['id-8']))).toEqual({
      kind: 'same',
    });
  });
});
