import { describe, expect, it } from 'vitest';
import type { CustodyEntry } from '@rushes/shared';
import { CatalogConflict, type Catalog, type CatalogAsset, type CustodyGeneration } from '../src/ports';

/**
 * The chain-of-custody part of the Catalog contract. Choices it pins: a (rootPath, sequence)
 * already recorded conflicts and the whole call records nothing, generations list by
 * sequence, an asset's entries list by time then sequence then hop, and recording the same
 * entry again (a retried call) replaces it.
 */
export function describeCustodyContract(catalog: () => Catalog, writer: () => Catalog): void {
  const generation = (sequence: number, overrides: Partial<CustodyGeneration> = {}): CustodyGeneration => ({
    rootPath: 'Show/Day 1/A002R2EC/',
    sequence,
    manifestName: `${String(sequence).padStart(4, '0')}_A002R2EC_2026-12-06_230000Z.mhl`,
    c4: `c4${'1'.repeat(87)}${sequence}`,
    hop: 'upload',
    by: 'ed@example.com',
    createdAt: '2026-12-06T23:00:00.000Z',
    transferId: null,
    ...overrides,
  });
  const entry = (assetId: string, sequence: number, overrides: Partial<CustodyEntry> = {}): CustodyEntry => ({
    assetId,
    rootPath: 'Show/Day 1/A002R2EC/',
    path: 'CLIP/A002C001.mov',
    sequence,
    manifestName: generation(sequence).manifestName,
    hop: 'upload',
    state: 'recorded',
    hashes: { xxh64: '0123456789abcdef', md5: '0123456789abcdef0123456789abcdef', sha256: 'ab'.repeat(32) },
    expected: null,
    by: 'ed@example.com',
    detail: null,
    at: '2026-12-06T23:00:00.000Z',
    ...overrides,
  });

  describe('chain of custody', () => {
    it('lists a folder’s generations by sequence, and an asset’s entries by time, sequence, hop', async () => {
      await catalog().addCustodyGenerations(
        [generation(1, { hop: 'offload', by: 'ShotPut Pro 2023.2' }), generation(2)],
        [
          entry('asset-0001', 2),
          entry('asset-0001', 1, {
            hop: 'offload',
            state: 'mismatch',
            hashes: { xxh64: 'ffffffffffffffff' },
            expected: { format: 'xxh64', value: 'ffffffffffffffff' },
            detail: 'differs',
          }),
          entry('asset-0002', 2, { path: 'CLIP/A002C002.mov' }),
        ],
      );
      await catalog().addCustodyGenerations(
        [generation(3, { hop: 'workstation', transferId: 'job-1', createdAt: '2026-12-07T01:00:00.000Z' })],
        [entry('asset-0001', 3, { hop: 'workstation', state: 'matched', at: '2026-12-07T01:00:00.000Z' })],
      );
      expect(await catalog().listCustodyGenerations('Show/Day 1/A002R2EC/')).toEqual([
        generation(1, { hop: 'offload', by: 'ShotPut Pro 2023.2' }),
        generation(2),
        generation(3, { hop: 'workstation', transferId: 'job-1', createdAt: '2026-12-07T01:00:00.000Z' }),
      ]);
      expect(await catalog().listCustodyGenerations('Show/Day 1/')).toEqual([]);
      const entries = await catalog().listAssetCustody('asset-0001');
      expect(entries.map((e) => [e.sequence, e.hop, e.state])).toEqual([
        [1, 'offload', 'mismatch'],
        [2, 'upload', 'recorded'],
        [3, 'workstation', 'matched'],
      ]);
      expect(entries[0]).toEqual(
        entry('asset-0001', 1, {
          hop: 'offload',
          state: 'mismatch',
          hashes: { xxh64: 'ffffffffffffffff' },
          expected: { format: 'xxh64', value: 'ffffffffffffffff' },
          detail: 'differs',
        }),
      );
      expect(await catalog().listAssetCustody('asset-0002')).toEqual([entry('asset-0002', 2, { path: 'CLIP/A002C002.mov' })]);
    });

    it('refuses a generation number already taken, by another writer too, and records nothing of that call', async () => {
      await catalog().addCustodyGenerations([generation(1)], [entry('asset-0001', 1)]);
      await expect(
        writer().addCustodyGenerations([generation(2), generation(1, { by: 'other@example.com' })], [entry('asset-0009', 2)]),
      ).rejects.toBeInstanceOf(CatalogConflict);
      expect(await catalog().listCustodyGenerations('Show/Day 1/A002R2EC/')).toEqual([generation(1)]);
      expect(await catalog().listAssetCustody('asset-0009')).toEqual([]);
      // The same number in another folder is that folder's own.
      await writer().addCustodyGenerations([generation(1, { rootPath: 'Show/Day 1/B001/' })], []);
      expect(await catalog().listCustodyGenerations('Show/Day 1/B001/')).toHaveLength(1);
    });

    it('keeps the custody mark on an asset through an update, and leaves it off an asset that has none', async () => {
      const asset: CatalogAsset = {
        id: 'custody-asset-1',
        key: 'A002C001.mov',
        folderPath: '',
        name: 'A002C001.mov',
        size: 4000,
        checksum: null,
        kind: 'video',
        status: 'ready',
        failureReason: null,
        locations: {},
        technical: null,
        derived: { proxy: null, thumbnail: null, filmstrip: null, waveform: null, preview: null },
        createdBy: 'ed@example.com',
        createdAt: '2026-12-06T23:00:00.000Z',
        modifiedAt: '2026-12-06T23:00:00.000Z',
        version: 1,
        trash: null,
      };
      await catalog().createAsset(asset);
      expect(await catalog().getAsset(asset.id)).toEqual(asset);
      const marked = { ...asset, custody: 'mismatch' as const, version: 2, modifiedAt: '2026-12-06T23:01:00.000Z' };
      await writer().updateAsset(marked);
      expect(await catalog().getAsset(asset.id)).toEqual(marked);
      expect((await catalog().getAssetByKey(asset.key))?.custody).toBe('mismatch');
    });

    it('replaces an entry recorded again for the same generation and hop', async () => {
      await catalog().addCustodyGenerations([generation(1)], [entry('asset-0001', 1)]);
      await catalog().addCustodyGenerations([], [entry('asset-0001', 1, { state: 'matched' })]);
      expect((await catalog().listAssetCustody('asset-0001')).map((e) => e.state)).toEqual(['matched']);
    });
  });
}
