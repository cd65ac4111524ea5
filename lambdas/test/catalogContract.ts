import { Buffer } from 'node:buffer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DomainError,
  basename,
  extensionOf,
  parseSearch,
  parentOf,
  type AssetStatus,
  type AuditEvent,
  type Folder,
  type FolderLook,
  type TechnicalMetadata,
  type Transfer,
  type TransferFile,
  type Workstation,
} from '@rushes/shared';
import {
  CatalogConflict,
  CatalogNotFound,
  type AssetQuery,
  type SearchScope,
  type AssetSortField,
  type AuditQuery,
  type Catalog,
  type CatalogAsset,
  type Change,
  type Page,
  type TrashMark,
} from '../src/ports';
import { describeReviewContract } from './catalogReviewContract';
import { describeCustodyContract } from './custodyContract';

/**
 * The behaviour every Catalog adapter must have. Where the port leaves a
 * choice open, this suite makes it, and the comment says so:
 *
 * - Names and keys compare as code points (UTF-8 bytes), the order of DynamoDB sort keys and
 *   SQLite's BINARY collation, not JavaScript's UTF-16 `<`; case matters (`Day` ≠ `day`).
 * - Every sort ends with the asset id, and `desc` is the exact reverse of `asc`, id included.
 * - Creating a folder under a missing parent, and every mutation of a missing record
 *   (update, move, remove), throw CatalogNotFound; a failed mutation appends no change.
 * - moveFolder stamps `at` as modifiedAt on every moved record and bumps each moved asset's
 *   version, so an update prepared before the move is refused. A target "exists" when it
 *   has a folder record or any asset key below it.
 * - A change's `at` is the record's modifiedAt (creates, asset updates) or the `at`
 *   argument (folder update, move); removals take no time, so the adapter stamps its own.
 * - The audit log is not part of the change feed. Audit pages are newest first, ties by id
 *   descending; `since` is inclusive, `until` exclusive. A repeated audit id conflicts.
 * - A cursor the catalog did not hand out, and an asset page limit outside 1..500, are
 *   refused with DomainError VALIDATION_FAILED: cursors come from clients.
 */
export interface OpenedCatalog {
  catalog: Catalog;
  cleanup(): Promise<void>;
  /**
   * Another catalog over the same store, as another process (an ingest Lambda) holds; an
   * adapter whose store one process owns leaves it out and its writers share `catalog`.
   */
  writer?(): Catalog;
}

export function describeCatalogContract(name: string, open: () => Promise<OpenedCatalog>): void {
  describe(`Catalog contract: ${name}`, () => {
    let catalog: Catalog;
    let cleanup: () => Promise<void>;
    let writer: () => Catalog;

    beforeEach(async () => {
      const opened = await open();
      ({ catalog, cleanup } = opened);
      writer = opened.writer ?? (() => catalog);
    });

    afterEach(async () => {
      await cleanup();
    });

    /** Runs a mutation that must fail, and checks it left no change behind. */
    async function refused(mutation: () => Promise<unknown>): Promise<unknown> {
      const before = await catalog.latestChange();
      const error = await mutation().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, 'the mutation should have been refused').toBeInstanceOf(Error);
      expect(await catalog.latestChange()).toBe(before);
      return error;
    }

    async function createFolders(...paths: string[]): Promise<void> {
      for (const path of paths) await catalog.createFolder(folderRecord(path));
    }

    async function createAssets(assets: readonly CatalogAsset[]): Promise<void> {
      for (let i = 0; i < assets.length; i += 100) {
        await Promise.all(assets.slice(i, i + 100).map((asset) => catalog.createAsset(asset)));
      }
    }

    async function changesAfter(seq: number): Promise<Change[]> {
      const all: Change[] = [];
      for (let since = seq; ;) {
        const page = await catalog.changesSince(since, 1000);
        if (page.length === 0) return all;
        all.push(...page);
        since = page.at(-1)!.seq;
      }
    }

    async function pageAll(query: Omit<AssetQuery, 'cursor'>): Promise<{ pages: CatalogAsset[][]; ids: string[] }> {
      const pages: CatalogAsset[][] = [];
      let cursor: string | null = null;
      do {
        const page = await catalog.listAssets({ ...query, cursor });
        pages.push(page.items);
        cursor = page.nextCursor;
        expect(pages.length, 'paging should end').toBeLessThan(1000);
      } while (cursor !== null);
      return { pages, ids: pages.flat().map((asset) => asset.id) };
    }

    async function keysUnder(prefix: string, includeTrashed?: boolean): Promise<string[]> {
      const keys: string[] = [];
      const options = includeTrashed === undefined ? undefined : { includeTrashed };
      for await (const asset of catalog.listAssetsUnder(prefix, options)) keys.push(asset.key);
      return keys.sort(compareText);
    }

    // Folders ------------------------------------------------------------------------------

    describe('folders', () => {
      it('creates a folder and reads it back exactly, with no trash mark', async () => {
        const show = folderRecord('Show/', { aclGroups: ['admin', 'camera', 'editors'] });
        expect(await catalog.createFolder(show)).toEqual({ ...show, trash: null });
        expect(await catalog.getFolder('Show/')).toEqual({ ...show, trash: null });
      });

      it('answers null for a missing folder and for the root, which has no record', async () => {
        await createFolders('Show/');
        expect(await catalog.getFolder('Shows/')).toBeNull();
        expect(await catalog.getFolder('Show/Day/')).toBeNull();
        expect(await catalog.getFolder('')).toBeNull();
      });

      it('refuses a folder whose parent does not exist with CatalogNotFound', async () => {
        await expect(refused(() => catalog.createFolder(folderRecord('Show/Day/')))).resolves.toBeInstanceOf(CatalogNotFound);
        expect(await catalog.getFolder('Show/Day/')).toBeNull();
        await createFolders('Show/', 'Show/Day/');
        expect(await catalog.getFolder('Show/Day/')).not.toBeNull();
      });

      it('refuses a second folder at a taken path with CatalogConflict, also when the first is trashed', async () => {
        await createFolders('Show/');
        const original = await catalog.getFolder('Show/');
        const again = folderRecord('Show/', { aclGroups: ['admin'], createdBy: 'mallory@example.com' });
        await expect(refused(() => catalog.createFolder(again))).resolves.toBeInstanceOf(CatalogConflict);
        expect(await catalog.getFolder('Show/')).toEqual(original);

        await catalog.updateFolder('Show/', { trash: trashMark(5) }, time(5));
        await expect(refused(() => catalog.createFolder(again))).resolves.toBeInstanceOf(CatalogConflict);
      });

      it('keeps hostile and non-Latin names exactly, case-sensitive, sorted by code point', async () => {
        const names = [
          'Café', // NFC: é is one code point
          'Ångström 日本語',
          '😀 Emoji day',
          'ＦＵＬＬ', // U+FF26: sorts before the emoji by code point, after it in UTF-16
          "O'Brien 100% + take_1",
          '%',
          '+',
          'a_b',
          'Robert); DROP TABLE folders;--',
          'Day',
          'day',
          'DAY',
        ];
        await createFolders('Show/');
        for (const folderName of names) await catalog.createFolder(folderRecord(`Show/${folderName}/`));
        for (const folderName of names) {
          expect(await catalog.getFolder(`Show/${folderName}/`)).toEqual({ ...folderRecord(`Show/${folderName}/`), trash: null });
        }
        const listed = await catalog.listFolders('Show/');
        expect(listed.map((folder) => folder.name)).toEqual([...names].sort(compareText));
        expect(listed.map((folder) => folder.path)).toEqual(names.map((n) => `Show/${n}/`).sort(compareText));
      });

      it('lists only the direct sub-folders of a folder, and the top level for the root', async () => {
        await createFolders('Show/', 'Shows/', 'Show/Day 2/', 'Show/Day 1/', 'Show/Day 1/Cam A/', 'Shows/Other/', 'Alpha/');
        expect((await catalog.listFolders('Show/')).map((f) => f.path)).toEqual(['Show/Day 1/', 'Show/Day 2/']);
        expect((await catalog.listFolders('')).map((f) => f.path)).toEqual(['Alpha/', 'Show/', 'Shows/']);
        expect((await catalog.listFolders('Show/Day 1/')).map((f) => f.path)).toEqual(['Show/Day 1/Cam A/']);
        expect(await catalog.listFolders('Show/Day 1/Cam A/')).toEqual([]);
        expect(await catalog.listFolders('Nowhere/')).toEqual([]);
      });

      it('leaves trashed folders out of a listing unless includeTrashed is set', async () => {
        await createFolders('Show/', 'Show/A/', 'Show/B/', 'Show/C/');
        await catalog.updateFolder('Show/B/', { trash: trashMark(1) }, time(1));
        expect((await catalog.listFolders('Show/')).map((f) => f.name)).toEqual(['A', 'C']);
        expect((await catalog.listFolders('Show/', { includeTrashed: false })).map((f) => f.name)).toEqual(['A', 'C']);
        const all = await catalog.listFolders('Show/', { includeTrashed: true });
        expect(all.map((f) => f.name)).toEqual(['A', 'B', 'C']);
        expect(all[1]!.trash).toEqual(trashMark(1));
      });
    });

    describe('updateFolder', () => {
      it('replaces the ACL and sets modifiedAt, leaving everything else as it was', async () => {
        await createFolders('Show/');
        const updated = await catalog.updateFolder('Show/', { aclGroups: ['admin', 'vfx'] }, time(10));
        const expected = { ...folderRecord('Show/'), aclGroups: ['admin', 'vfx'], modifiedAt: time(10), trash: null };
        expect(updated).toEqual(expected);
        expect(await catalog.getFolder('Show/')).toEqual(expected);
      });

      it('sets the trash mark, keeps it when the patch has none, and clears it with null', async () => {
        await createFolders('Show/');
        await catalog.updateFolder('Show/', { trash: trashMark(1) }, time(1));
        expect((await catalog.getFolder('Show/'))!.trash).toEqual(trashMark(1));

        const aclOnly = await catalog.updateFolder('Show/', { aclGroups: ['admin'] }, time(2));
        expect(aclOnly).toMatchObject({ aclGroups: ['admin'], trash: trashMark(1), modifiedAt: time(2) });
        const nothing = await catalog.updateFolder('Show/', {}, time(3));
        expect(nothing).toMatchObject({ aclGroups: ['admin'], trash: trashMark(1), modifiedAt: time(3) });

        const restored = await catalog.updateFolder('Show/', { trash: null }, time(4));
        expect(restored).toEqual({ ...folderRecord('Show/'), aclGroups: ['admin'], modifiedAt: time(4), trash: null });
        expect(await catalog.getFolder('Show/')).toEqual(restored);
      });

      it('refuses a folder that does not exist with CatalogNotFound', async () => {
        await expect(refused(() => catalog.updateFolder('Show/', { aclGroups: ['admin'] }, time(1)))).resolves.toBeInstanceOf(
          CatalogNotFound,
        );
      });
    });

    describe('looks and production metadata', () => {
      const look: FolderLook = {
        cube: { fileName: 'Show LUT é.cube', key: 'looks/source/ab12.cube', size: 33 },
        cdl: { values: { slope: [1.1, 1, 0.9], offset: [0.01, 0, -0.02], power: [1, 1.05, 1], saturation: 0.85 }, fileName: null },
        bakedKey: 'looks/baked/cd34.cube',
        burnIn: { timecode: true, clipName: false, watermark: { text: 'PROPERTY OF "SHOW"', position: 'top-centre' } },
        setBy: 'mm@example.com',
        setAt: time(5),
      };

      it('stores a folder look exactly, keeps it through other changes, removes it with null, each a folder.put', async () => {
        await createFolders('Show/', 'Show/Day/');
        const seq = await catalog.latestChange();
        expect(await catalog.updateFolder('Show/Day/', { look }, time(5))).toEqual({
          ...folderRecord('Show/Day/'),
          modifiedAt: time(5),
          trash: null,
          look,
        });
        expect((await catalog.getFolder('Show/Day/'))?.look).toEqual(look);
        expect((await catalog.listFolders('Show/'))[0]?.look).toEqual(look);
        expect((await catalog.updateFolder('Show/Day/', { aclGroups: ['admin'] }, time(6))).look).toEqual(look);
        const cleared = await catalog.updateFolder('Show/Day/', { look: null }, time(7));
        expect(cleared.look ?? null).toBeNull();
        expect((await catalog.getFolder('Show/Day/'))?.look ?? null).toBeNull();
        expect((await changesAfter(seq)).map((change) => [change.kind, change.target])).toEqual([
          ['folder.put', 'Show/Day/'],
          ['folder.put', 'Show/Day/'],
          ['folder.put', 'Show/Day/'],
        ]);
      });

      it('moves a look with its folder and the folders below', async () => {
        await createFolders('Show/', 'Show/Day/', 'Show/Day/CamA/', 'Other/');
        await catalog.updateFolder('Show/Day/', { look }, time(1));
        await catalog.updateFolder('Show/Day/CamA/', { look: { ...look, cube: null, bakedKey: null } }, time(1));
        await catalog.moveFolder('Show/Day/', 'Other/Day 2/', time(2));
        expect((await catalog.getFolder('Other/Day 2/'))?.look).toEqual(look);
        expect((await catalog.getFolder('Other/Day 2/CamA/'))?.look).toEqual({ ...look, cube: null, bakedKey: null });
      });

      it('keeps production metadata and graded derivatives exactly, and reads their absence back as absent', async () => {
        const asset = assetRecord('Show/Day/A001.mov');
        const production = {
          reel: 'A001',
          camera: 'ALEXA 35',
          scene: '12A',
          take: '3',
          circled: true,
          soundNotes: 'plane overhead',
          trackNames: ['Boom', 'Lav 1'],
          problem: 'iXML: line 4: unclosed TAKE',
        };
        const graded = { lookId: '0123456789abcdef', proxy: 'x/look-0123456789abcdef/proxy.mp4', thumbnail: null, filmstrip: null };
        await catalog.createAsset({ ...asset, production, graded });
        expect(await catalog.getAsset(asset.id)).toEqual({ ...asset, production, graded });
        await catalog.updateAsset({ ...asset, version: 2 });
        const plain = await catalog.getAsset(asset.id);
        expect(plain).toEqual({ ...asset, version: 2 });
        expect(plain && 'graded' in plain).toBe(false);
      });
    });

    // moveFolder and removeFolderTree ------------------------------------------------------

    describe('moveFolder', () => {
      // Show/ ─ Day1/ (a.mov, trashed.mov) ─ CamA/ (b.mov, folder trashed)
      //       ─ Day10/ (c.mov), d.mov;  Other/;  Loose/x.mov has no folder record
      const a = assetRecord('Show/Day1/a.mov');
      const b = assetRecord('Show/Day1/CamA/b.mov');
      const trashed = assetRecord('Show/Day1/trashed.mov', { trash: trashMark(2) });
      const c = assetRecord('Show/Day10/c.mov');
      const d = assetRecord('Show/d.mov');
      const loose = assetRecord('Loose/x.mov');

      async function buildTree(): Promise<void> {
        await createFolders('Show/', 'Show/Day1/', 'Show/Day1/CamA/', 'Show/Day10/', 'Other/');
        await catalog.updateFolder('Show/Day1/CamA/', { trash: trashMark(1) }, time(1));
        await createAssets([a, b, trashed, c, d, loose]);
      }

      async function expectTreeUntouched(): Promise<void> {
        for (const asset of [a, b, trashed, c, d, loose]) expect(await catalog.getAsset(asset.id)).toEqual(asset);
        expect((await catalog.getFolder('Show/Day1/'))!.modifiedAt).toBe(time(0));
        expect(await catalog.getFolder('Show/Day1/CamA/')).not.toBeNull();
      }

      it('renames a folder: folder paths, asset keys and folder paths below are rewritten, neighbours are not', async () => {
        await buildTree();
        const day1 = await catalog.getFolder('Show/Day1/');
        const camA = await catalog.getFolder('Show/Day1/CamA/');
        await catalog.moveFolder('Show/Day1/', 'Show/Day2/', time(50));

        expect(await catalog.getFolder('Show/Day1/')).toBeNull();
        expect(await catalog.getFolder('Show/Day1/CamA/')).toBeNull();
        expect(await catalog.getFolder('Show/Day2/')).toEqual({ ...day1, path: 'Show/Day2/', name: 'Day2', modifiedAt: time(50) });
        expect(await catalog.getFolder('Show/Day2/CamA/')).toEqual({ ...camA, path: 'Show/Day2/CamA/', modifiedAt: time(50) });
        expect((await catalog.listFolders('Show/')).map((f) => f.path)).toEqual(['Show/Day10/', 'Show/Day2/']);
        expect((await catalog.listFolders('Show/Day2/', { includeTrashed: true })).map((f) => f.path)).toEqual(['Show/Day2/CamA/']);

        const movedA = { ...a, key: 'Show/Day2/a.mov', folderPath: 'Show/Day2/', version: 2, modifiedAt: time(50) };
        const movedB = { ...b, key: 'Show/Day2/CamA/b.mov', folderPath: 'Show/Day2/CamA/', version: 2, modifiedAt: time(50) };
        const movedTrashed = { ...trashed, key: 'Show/Day2/trashed.mov', folderPath: 'Show/Day2/', version: 2, modifiedAt: time(50) };
        expect(await catalog.getAssetByKey('Show/Day2/a.mov')).toEqual(movedA);
        expect(await catalog.getAsset(b.id)).toEqual(movedB);
        expect(await catalog.getAsset(trashed.id)).toEqual(movedTrashed);
        for (const old of [a, b, trashed]) expect(await catalog.getAssetByKey(old.key)).toBeNull();
        for (const untouched of [c, d, loose]) expect(await catalog.getAsset(untouched.id)).toEqual(untouched);
        expect(await catalog.getFolder('Show/Day10/')).toEqual({ ...folderRecord('Show/Day10/'), trash: null });

        const page = await catalog.listAssets({ folderPath: 'Show/Day2/', sort: 'name', direction: 'asc', limit: 10, cursor: null });
        expect(page.items).toEqual([movedA]);
        expect(await catalog.countAssets()).toBe(6);
      });

      it('moves a folder under another parent', async () => {
        await buildTree();
        await catalog.moveFolder('Show/Day1/', 'Other/Day1/', time(50));
        expect((await catalog.listFolders('Show/')).map((f) => f.path)).toEqual(['Show/Day10/']);
        expect((await catalog.listFolders('Other/')).map((f) => f.path)).toEqual(['Other/Day1/']);
        expect((await catalog.getFolder('Other/Day1/'))!.name).toBe('Day1');
        expect(await keysUnder('Other/', true)).toEqual(['Other/Day1/CamA/b.mov', 'Other/Day1/a.mov', 'Other/Day1/trashed.mov']);
        expect(await keysUnder('Show/', true)).toEqual(['Show/Day10/c.mov', 'Show/d.mov']);
        expect((await catalog.getAsset(b.id))!.folderPath).toBe('Other/Day1/CamA/');
      });

      it('bumps moved assets to a new version, so an update prepared before the move is refused', async () => {
        await buildTree();
        await catalog.moveFolder('Show/Day1/', 'Show/Day2/', time(50));
        const stale = { ...a, version: 2, size: 1, modifiedAt: time(51) };
        await expect(refused(() => catalog.updateAsset(stale))).resolves.toBeInstanceOf(CatalogConflict);
        expect((await catalog.getAsset(a.id))!.key).toBe('Show/Day2/a.mov');
      });

      it('appends a removed change in the old place and a put in the new place for every moved record', async () => {
        await buildTree();
        const before = await catalog.latestChange();
        await catalog.moveFolder('Show/Day1/', 'Show/Day2/', time(50));
        const changes = await changesAfter(before);
        const summary = (change: Change) => `${change.kind} ${change.folderPath} ${change.target} ${change.at}`;
        expect(changes.map(summary).sort()).toEqual(
          [
            `folder.removed Show/ Show/Day1/`,
            `folder.removed Show/Day1/ Show/Day1/CamA/`,
            `folder.put Show/ Show/Day2/`,
            `folder.put Show/Day2/ Show/Day2/CamA/`,
            `asset.removed Show/Day1/ ${a.id}`,
            `asset.removed Show/Day1/CamA/ ${b.id}`,
            `asset.removed Show/Day1/ ${trashed.id}`,
            `asset.put Show/Day2/ ${a.id}`,
            `asset.put Show/Day2/CamA/ ${b.id}`,
            `asset.put Show/Day2/ ${trashed.id}`,
          ]
            .map((line) => `${line} ${time(50)}`)
            .sort(),
        );
        expectStrictlyIncreasing(changes);
        const seqOf = (kind: string, target: string) => changes.find((ch) => ch.kind === kind && ch.target === target)!.seq;
        for (const id of [a.id, b.id, trashed.id]) expect(seqOf('asset.removed', id)).toBeLessThan(seqOf('asset.put', id));
        expect(seqOf('folder.removed', 'Show/Day1/')).toBeLessThan(seqOf('folder.put', 'Show/Day2/'));
        expect(await catalog.latestChange()).toBe(changes.at(-1)!.seq);
      });

      it('refuses a target that exists, as a folder or as keys below it, with CatalogConflict', async () => {
        await buildTree();
        await expect(refused(() => catalog.moveFolder('Show/Day1/', 'Show/Day10/', time(50)))).resolves.toBeInstanceOf(CatalogConflict);
        await expect(refused(() => catalog.moveFolder('Show/Day1/', 'Loose/', time(50)))).resolves.toBeInstanceOf(CatalogConflict);
        await expectTreeUntouched();
      });

      it('refuses to move a folder into itself or below itself', async () => {
        await buildTree();
        await refused(() => catalog.moveFolder('Show/Day1/', 'Show/Day1/CamA/Deeper/', time(50)));
        await refused(() => catalog.moveFolder('Show/', 'Show/Day1/Show/', time(50)));
        await refused(() => catalog.moveFolder('Show/Day1/', 'Show/Day1/', time(50)));
        await expectTreeUntouched();
      });

      it('refuses a missing source, and a target whose parent is missing, with CatalogNotFound', async () => {
        await buildTree();
        await expect(refused(() => catalog.moveFolder('Nope/', 'Nope2/', time(50)))).resolves.toBeInstanceOf(CatalogNotFound);
        await expect(refused(() => catalog.moveFolder('Show/Day1/', 'Missing/Day1/', time(50)))).resolves.toBeInstanceOf(CatalogNotFound);
        await expectTreeUntouched();
      });
    });

    describe('removeFolderTree', () => {
      it('removes the folder and every folder below it, not its neighbours and not assets', async () => {
        await createFolders('Show/', 'Show/Day1/', 'Show/Day1/CamA/', 'Show/Day1/CamA/Roll 1/', 'Show/Day10/');
        const asset = assetRecord('Show/Day1/CamA/b.mov');
        await catalog.createAsset(asset);
        const before = await catalog.latestChange();

        await catalog.removeFolderTree('Show/Day1/');
        for (const gone of ['Show/Day1/', 'Show/Day1/CamA/', 'Show/Day1/CamA/Roll 1/']) expect(await catalog.getFolder(gone)).toBeNull();
        expect((await catalog.listFolders('Show/')).map((f) => f.path)).toEqual(['Show/Day10/']);
        expect(await catalog.getAsset(asset.id)).toEqual(asset);

        const changes = await changesAfter(before);
        expect(changes.map((ch) => `${ch.kind} ${ch.folderPath} ${ch.target}`).sort()).toEqual([
          'folder.removed Show/ Show/Day1/',
          'folder.removed Show/Day1/ Show/Day1/CamA/',
          'folder.removed Show/Day1/CamA/ Show/Day1/CamA/Roll 1/',
        ]);
        for (const change of changes) expect(change.at).toMatch(ISO_UTC);
      });

      it('refuses a folder that does not exist with CatalogNotFound', async () => {
        await createFolders('Show/');
        await expect(refused(() => catalog.removeFolderTree('Shows/'))).resolves.toBeInstanceOf(CatalogNotFound);
        expect(await catalog.getFolder('Show/')).not.toBeNull();
      });
    });

    // Assets -------------------------------------------------------------------------------

    describe('assets', () => {
      it('stores an asset exactly and finds it by id and by key', async () => {
        const asset = richAsset();
        expect(await catalog.createAsset(asset)).toEqual(asset);
        expect(await catalog.getAsset(asset.id)).toEqual(asset);
        expect(await catalog.getAssetByKey(asset.key)).toEqual(asset);
        expect(await catalog.getAsset('no-such-id')).toBeNull();
        expect(await catalog.getAssetByKey(asset.key.toUpperCase())).toBeNull();
        expect(await catalog.getAssetByKey('Show/Day 1/')).toBeNull();
      });

      it('reads many assets by id at once: past one request of the store, missing and repeated ids left out', async () => {
        const rich = await catalog.createAsset(richAsset());
        const many: CatalogAsset[] = [rich];
        for (let i = 0; i < 120; i += 1) many.push(await catalog.createAsset(assetRecord(`Show/Batch/clip ${i}.mov`)));
        const trashed = await catalog.updateAsset({
          ...many[7]!,
          trash: { trashedAt: '2026-03-02T00:00:00.000Z', trashedBy: 'x@example.com' },
          version: 2,
        });
        many[7] = trashed;
        const ids = [...many.map((asset) => asset.id), 'no-such-id', rich.id];
        const found = await catalog.getAssets(ids);
        const byId = (a: CatalogAsset, b: CatalogAsset) => (a.id < b.id ? -1 : 1);
        expect(found.sort(byId)).toEqual([...many].sort(byId));
        expect(await catalog.getAssets(['no-such-id'])).toEqual([]);
        expect(await catalog.getAssets([])).toEqual([]);
      });

      it('refuses a taken key or a taken id with CatalogConflict, and a first version other than 1', async () => {
        const first = assetRecord('Show/Day/A001.mov');
        await catalog.createAsset(first);
        const sameKey = assetRecord('Show/Day/A001.mov');
        const sameId = assetRecord('Show/Day/A002.mov', { id: first.id });
        await expect(refused(() => catalog.createAsset(sameKey))).resolves.toBeInstanceOf(CatalogConflict);
        await expect(refused(() => catalog.createAsset(sameId))).resolves.toBeInstanceOf(CatalogConflict);
        await refused(() => catalog.createAsset(assetRecord('Show/Day/A003.mov', { version: 2 })));
        expect(await catalog.getAsset(first.id)).toEqual(first);
        expect(await catalog.getAsset(sameKey.id)).toBeNull();
        expect(await catalog.getAssetByKey('Show/Day/A002.mov')).toBeNull();
        expect(await catalog.getAssetByKey('Show/Day/A003.mov')).toBeNull();
        expect(await catalog.countAssets()).toBe(1);
      });

      it('keys are case-sensitive: A001.mov and a001.mov are two assets', async () => {
        const upper = assetRecord('Show/A001.mov');
        const lower = assetRecord('Show/a001.mov');
        await createAssets([upper, lower]);
        expect(await catalog.getAssetByKey('Show/A001.mov')).toEqual(upper);
        expect(await catalog.getAssetByKey('Show/a001.mov')).toEqual(lower);
      });

      it('replaces an asset when the new version is the stored one plus one', async () => {
        const asset = assetRecord('Show/Day/A001.mov');
        await catalog.createAsset(asset);
        const v2: CatalogAsset = {
          ...richAsset(),
          id: asset.id,
          key: asset.key,
          folderPath: asset.folderPath,
          name: asset.name,
          version: 2,
        };
        expect(await catalog.updateAsset(v2)).toEqual(v2);
        expect(await catalog.getAsset(asset.id)).toEqual(v2);
        const v3 = { ...v2, version: 3, trash: trashMark(9), modifiedAt: time(9) };
        await catalog.updateAsset(v3);
        expect(await catalog.getAssetByKey(asset.key)).toEqual(v3);
      });

      it('keeps tags and notes exactly, and reads empty ones back as none', async () => {
        const asset = assetRecord('Show/Day/A001.mov');
        await catalog.createAsset({ ...asset, annotations: { tags: ['Hero', 'pickup é'], notes: 'Focus buzz at 01:00:12:03\n"soft"' } });
        expect((await catalog.getAsset(asset.id))?.annotations).toEqual({
          tags: ['Hero', 'pickup é'],
          notes: 'Focus buzz at 01:00:12:03\n"soft"',
        });
        await catalog.updateAsset({ ...asset, version: 2, annotations: { tags: [], notes: '' } });
        const cleared = await catalog.getAsset(asset.id);
        expect(cleared?.annotations).toBeUndefined();
        expect(cleared).toEqual({ ...asset, version: 2 });
      });

      it('refuses a stale or skipped version with CatalogConflict and a missing asset with CatalogNotFound', async () => {
        const asset = assetRecord('Show/Day/A001.mov');
        await catalog.createAsset(asset);
        const v2 = { ...asset, version: 2, size: 2 };
        await catalog.updateAsset(v2);
        await expect(refused(() => catalog.updateAsset({ ...asset, version: 2, size: 3 }))).resolves.toBeInstanceOf(CatalogConflict);
        await expect(refused(() => catalog.updateAsset({ ...asset, version: 1, size: 3 }))).resolves.toBeInstanceOf(CatalogConflict);
        await expect(refused(() => catalog.updateAsset({ ...asset, version: 4, size: 3 }))).resolves.toBeInstanceOf(CatalogConflict);
        await expect(refused(() => catalog.updateAsset(assetRecord('Show/Day/ghost.mov', { version: 2 })))).resolves.toBeInstanceOf(
          CatalogNotFound,
        );
        expect(await catalog.getAsset(asset.id)).toEqual(v2);
      });

      it('moves an asset to a free key, and refuses a key another asset holds with CatalogConflict', async () => {
        const one = assetRecord('Show/Day/one.mov');
        const two = assetRecord('Show/Day/two.mov');
        await createAssets([one, two]);
        const collide = { ...one, key: two.key, name: two.name, version: 2 };
        await expect(refused(() => catalog.updateAsset(collide))).resolves.toBeInstanceOf(CatalogConflict);
        expect(await catalog.getAssetByKey(two.key)).toEqual(two);
        expect(await catalog.getAssetByKey(one.key)).toEqual(one);

        const moved = { ...one, key: 'Show/Other/one.mov', folderPath: 'Show/Other/', version: 2 };
        await catalog.updateAsset(moved);
        expect(await catalog.getAssetByKey(one.key)).toBeNull();
        expect(await catalog.getAssetByKey('Show/Other/one.mov')).toEqual(moved);
        // The old key is free again.
        const newcomer = assetRecord(one.key);
        await catalog.createAsset(newcomer);
        expect(await catalog.getAssetByKey(one.key)).toEqual(newcomer);
      });

      it('lets exactly one of several concurrent updates of the same version win', async () => {
        const asset = assetRecord('Show/Day/A001.mov');
        await catalog.createAsset(asset);
        const before = await catalog.latestChange();
        const attempts = [1, 2, 3, 4, 5].map((n) => ({ ...asset, version: 2, size: n, modifiedAt: time(n) }));
        const results = await Promise.allSettled(attempts.map((attempt) => catalog.updateAsset(attempt)));
        const winners = results.flatMap((result, i) => (result.status === 'fulfilled' ? [attempts[i]!] : []));
        expect(winners).toHaveLength(1);
        for (const result of results) {
          if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(CatalogConflict);
        }
        expect(await catalog.getAsset(asset.id)).toEqual(winners[0]);
        expect(await changesAfter(before)).toHaveLength(1);
      });

      it('removes an asset, freeing its key, and refuses a missing one with CatalogNotFound', async () => {
        const asset = assetRecord('Show/Day/A001.mov');
        const other = assetRecord('Show/Day/A002.mov');
        await createAssets([asset, other]);
        await catalog.removeAsset(asset.id);
        expect(await catalog.getAsset(asset.id)).toBeNull();
        expect(await catalog.getAssetByKey(asset.key)).toBeNull();
        expect(await catalog.getAsset(other.id)).toEqual(other);
        await expect(refused(() => catalog.removeAsset(asset.id))).resolves.toBeInstanceOf(CatalogNotFound);
        await catalog.createAsset(assetRecord(asset.key));
        expect(await catalog.countAssets()).toBe(2);
      });

      it('counts every asset record, trashed ones included', async () => {
        expect(await catalog.countAssets()).toBe(0);
        const live = assetRecord('Show/a.mov');
        await createAssets([live, assetRecord('Show/b.mov', { trash: trashMark(1) }), assetRecord('c.mov')]);
        expect(await catalog.countAssets()).toBe(3);
        await catalog.removeAsset(live.id);
        expect(await catalog.countAssets()).toBe(2);
      });
    });

    // listAssets ---------------------------------------------------------------------------

    describe('listAssets', () => {
      const sorts: AssetSortField[] = ['name', 'created', 'modified', 'size', 'type'];
      for (const sort of sorts) {
        for (const direction of ['asc', 'desc'] as const) {
          it(`orders by ${sort} ${direction}, ties broken by id, the same in pages of 5 as in one page`, async () => {
            const fixture = sortFixture();
            await createAssets(fixture.all);
            const expected = orderOf(fixture.listed, sort, direction);
            const { pages, ids } = await pageAll({ folderPath: 'Show/Day/', sort, direction, limit: 5 });
            expect(ids).toEqual(expected);
            expect(pages.map((page) => page.length)).toEqual([5, 5, 5, 5, 2]);
            const single = await catalog.listAssets({ folderPath: 'Show/Day/', sort, direction, limit: 500, cursor: null });
            expect(single.items.map((asset) => asset.id)).toEqual(expected);
            expect(single.nextCursor).toBeNull();
          });
        }
      }

      it('lists only assets directly in the folder: live ones by default, only trashed ones with trashed: true', async () => {
        const fixture = sortFixture();
        await createAssets(fixture.all);
        const query = { folderPath: 'Show/Day/', sort: 'name', direction: 'asc', limit: 500, cursor: null } as const;
        const live = await catalog.listAssets(query);
        expect(live.items).toEqual(orderOf(fixture.listed, 'name', 'asc').map((id) => fixture.byId.get(id)));
        expect((await catalog.listAssets({ ...query, trashed: false })).items).toEqual(live.items);
        const inTrash = await catalog.listAssets({ ...query, trashed: true });
        expect(inTrash.items.map((asset) => asset.id)).toEqual(orderOf(fixture.trashed, 'name', 'asc'));
        const bySize = await pageAll({ folderPath: 'Show/Day/', sort: 'size', direction: 'desc', limit: 2, trashed: true });
        expect(bySize.ids).toEqual(orderOf(fixture.trashed, 'size', 'desc'));
        const sub = await catalog.listAssets({ ...query, folderPath: 'Show/Day/Sub/' });
        expect(sub.items.map((asset) => asset.key)).toEqual(['Show/Day/Sub/deeper.mov']);
        const root = await catalog.listAssets({ ...query, folderPath: '' });
        expect(root.items.map((asset) => asset.key)).toEqual(['at-the-root.mov']);
      });

      it('pages 1,234 assets 500 at a time: 500, 500, 234, no duplicates, no gaps, then a null cursor', async () => {
        const assets = Array.from({ length: 1234 }, (_, i) =>
          assetRecord(`Big/clip ${String((i * 7919) % 1234).padStart(4, '0')}.mov`, { size: (i * 37) % 101 }),
        );
        await createAssets(assets);
        for (const [sort, direction] of [
          ['name', 'asc'],
          ['size', 'desc'],
        ] as const) {
          const { pages, ids } = await pageAll({ folderPath: 'Big/', sort, direction, limit: 500 });
          expect(pages.map((page) => page.length)).toEqual([500, 500, 234]);
          expect(new Set(ids).size).toBe(1234);
          expect(ids).toEqual(orderOf(assets, sort, direction));
        }
      });

      it('ends with a null cursor when the last page is exactly full, and gives an empty page for an empty folder', async () => {
        await createAssets(Array.from({ length: 10 }, (_, i) => assetRecord(`Show/c${i}.mov`)));
        const first = await catalog.listAssets({ folderPath: 'Show/', sort: 'name', direction: 'asc', limit: 5, cursor: null });
        expect(first.nextCursor).not.toBeNull();
        const second = await catalog.listAssets({
          folderPath: 'Show/',
          sort: 'name',
          direction: 'asc',
          limit: 5,
          cursor: first.nextCursor,
        });
        expect(second.items.map((asset) => asset.name)).toEqual(['c5.mov', 'c6.mov', 'c7.mov', 'c8.mov', 'c9.mov']);
        expect(second.nextCursor).toBeNull();
        const empty = await catalog.listAssets({ folderPath: 'Empty/', sort: 'type', direction: 'desc', limit: 5, cursor: null });
        expect(empty).toEqual({ items: [], nextCursor: null });
      });

      it('continues strictly after the last asset seen, whatever was added or removed meanwhile', async () => {
        const assets = Array.from({ length: 12 }, (_, i) => assetRecord(`Show/c${String(i + 1).padStart(2, '0')}.mov`));
        await createAssets(assets);
        const query = { folderPath: 'Show/', sort: 'name', direction: 'asc', limit: 5 } as const;
        const first = await catalog.listAssets({ ...query, cursor: null });
        expect(first.items.map((asset) => asset.name)).toEqual(['c01.mov', 'c02.mov', 'c03.mov', 'c04.mov', 'c05.mov']);
        await catalog.removeAsset(assets[2]!.id); // c03, already seen
        await catalog.removeAsset(assets[4]!.id); // c05, the cursor's own row
        await catalog.removeAsset(assets[6]!.id); // c07, not seen yet
        await createAssets([assetRecord('Show/c00.mov'), assetRecord('Show/c05a.mov')]);
        const second = await catalog.listAssets({ ...query, cursor: first.nextCursor });
        expect(second.items.map((asset) => asset.name)).toEqual(['c05a.mov', 'c06.mov', 'c08.mov', 'c09.mov', 'c10.mov']);
        const third = await catalog.listAssets({ ...query, cursor: second.nextCursor });
        expect(third.items.map((asset) => asset.name)).toEqual(['c11.mov', 'c12.mov']);
        expect(third.nextCursor).toBeNull();
      });

      it('refuses a limit outside 1..500 and a cursor it did not hand out, with VALIDATION_FAILED', async () => {
        await createAssets([assetRecord('Show/a.mov')]);
        const query: AssetQuery = { folderPath: 'Show/', sort: 'name', direction: 'asc', limit: 10, cursor: null };
        for (const bad of [{ limit: 0 }, { limit: 501 }, { limit: 2.5 }, { cursor: 'not-a-cursor' }, { cursor: '' }]) {
          const error = await catalog.listAssets({ ...query, ...bad }).then(
            () => null,
            (e: unknown) => e,
          );
          expect(error, JSON.stringify(bad)).toBeInstanceOf(DomainError);
          expect((error as DomainError).code).toBe('VALIDATION_FAILED');
        }
      });
    });

    describe('listAssetsUnder', () => {
      const keys = [
        'Show/a.mov',
        'Show/Day/x.mov',
        'Show/Day/Cam A/y.mov',
        'Shows/x.mov',
        'Show0/x.mov',
        'Show-x/y.mov',
        'Show.mov',
        'root.mov',
        '100%/a.mov',
        '100x/a.mov',
        '100%x/a.mov',
        'A_B/x.mov',
        'AxB/x.mov',
        'A+B/x.mov',
      ];

      it('yields every asset whose key starts with the folder path, at any depth, and nothing beside it', async () => {
        await createAssets([...keys.map((key) => assetRecord(key)), assetRecord('Show/trashed.mov', { trash: trashMark(1) })]);
        expect(await keysUnder('Show/')).toEqual(['Show/Day/Cam A/y.mov', 'Show/Day/x.mov', 'Show/a.mov']);
        expect(await keysUnder('Show/', false)).toEqual(['Show/Day/Cam A/y.mov', 'Show/Day/x.mov', 'Show/a.mov']);
        expect(await keysUnder('Show/', true)).toEqual(['Show/Day/Cam A/y.mov', 'Show/Day/x.mov', 'Show/a.mov', 'Show/trashed.mov']);
        expect(await keysUnder('Show/Day/')).toEqual(['Show/Day/Cam A/y.mov', 'Show/Day/x.mov']);
        expect(await keysUnder('100%/')).toEqual(['100%/a.mov']);
        expect(await keysUnder('A_B/')).toEqual(['A_B/x.mov']);
        expect(await keysUnder('A+B/')).toEqual(['A+B/x.mov']);
        expect(await keysUnder('Nowhere/')).toEqual([]);
        expect(await keysUnder('')).toEqual([...keys].sort(compareText));
        expect(await keysUnder('', true)).toEqual([...keys, 'Show/trashed.mov'].sort(compareText));
      });

      it('yields whole records, and lets the caller change the catalog while it iterates', async () => {
        const assets = Array.from({ length: 250 }, (_, i) => assetRecord(`Big/${i % 3}/clip ${i}.mov`));
        await createAssets(assets);
        const seen: string[] = [];
        for await (const asset of catalog.listAssetsUnder('Big/')) {
          expect(asset).toEqual(assets.find((a) => a.id === asset.id));
          seen.push(asset.id);
          await catalog.updateAsset({ ...asset, version: asset.version + 1, trash: trashMark(3), modifiedAt: time(3) });
        }
        expect(seen.sort()).toEqual(assets.map((a) => a.id).sort());
        expect(await keysUnder('Big/')).toEqual([]);
        expect(await keysUnder('Big/', true)).toHaveLength(250);
      });
    });

    describe('assetsByStatus', () => {
      async function idsInStatus(status: AssetStatus, limit: number): Promise<{ pages: CatalogAsset[][]; ids: string[] }> {
        const pages: CatalogAsset[][] = [];
        let cursor: string | null = null;
        do {
          const page = await catalog.assetsByStatus(status, cursor, limit);
          pages.push(page.items);
          cursor = page.nextCursor;
          expect(pages.length, 'paging should end').toBeLessThan(1000);
        } while (cursor !== null);
        return { pages, ids: pages.flat().map((asset) => asset.id) };
      }

      it('pages through the assets in one status, trashed included, each once, as whole records', async () => {
        const processing = Array.from({ length: 7 }, (_, i) =>
          assetRecord(`Work/clip ${i}.mov`, { status: 'processing', ...(i === 3 ? { trash: trashMark(1) } : {}) }),
        );
        const others = [
          assetRecord('Work/done.mov'),
          assetRecord('Work/broken.mov', { status: 'failed', failureReason: 'no video stream' }),
          assetRecord('Work/arriving.mov', { status: 'uploading' }),
        ];
        await createAssets([...processing, ...others]);
        const { pages, ids } = await idsInStatus('processing', 3);
        expect(pages.every((page) => page.length <= 3)).toBe(true);
        expect([...ids].sort()).toEqual(processing.map((asset) => asset.id).sort());
        expect(new Set(ids).size).toBe(ids.length);
        expect(pages.flat().find((asset) => asset.id === processing[3]!.id)).toEqual(processing[3]);
        expect((await idsInStatus('uploading', 10)).ids).toEqual([others[2]!.id]);
        expect((await catalog.assetsByStatus('ready', null, 10)).items.map((asset) => asset.key)).toEqual(['Work/done.mov']);
      });

      it('follows an asset from status to status, and forgets it when it goes', async () => {
        const asset = assetRecord('Work/clip.mov', { status: 'processing' });
        await createAssets([asset]);
        await catalog.updateAsset({ ...asset, status: 'ready', version: 2, modifiedAt: time(2) });
        expect((await idsInStatus('processing', 10)).ids).toEqual([]);
        expect((await idsInStatus('ready', 10)).ids).toEqual([asset.id]);
        await catalog.removeAsset(asset.id);
        expect((await idsInStatus('ready', 10)).ids).toEqual([]);
      });

      it('refuses a cursor made for another status', async () => {
        await createAssets(Array.from({ length: 3 }, (_, i) => assetRecord(`Work/clip ${i}.mov`, { status: 'processing' })));
        const { nextCursor } = await catalog.assetsByStatus('processing', null, 1);
        expect(nextCursor).not.toBeNull();
        await expect(catalog.assetsByStatus('ready', nextCursor, 1)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      });
    });

    describe('assetsAfterKey', () => {
      it('reads records after a key in code point order, trashed included, at most limit', async () => {
        const keys = ['B/a.mov', 'A/z.mov', 'A/é.mov', 'A/😀.mov', 'A/\uFFFD.mov', 'C/x.mov'];
        await createAssets(keys.map((key, i) => assetRecord(key, i === 1 ? { trash: trashMark(1) } : {})));
        const sorted = [...keys].sort(compareText);
        expect((await catalog.assetsAfterKey('', 100)).map((asset) => asset.key)).toEqual(sorted);
        expect((await catalog.assetsAfterKey('', 2)).map((asset) => asset.key)).toEqual(sorted.slice(0, 2));
        expect((await catalog.assetsAfterKey(sorted[2]!, 2)).map((asset) => asset.key)).toEqual(sorted.slice(3, 5));
        expect(await catalog.assetsAfterKey(sorted.at(-1)!, 10)).toEqual([]);
      });
    });

    describe('searchAssets', () => {
      async function found(folder: string, ...words: string[]): Promise<string[]> {
        const keys: string[] = [];
        for await (const asset of catalog.searchAssets({ folder, words })) keys.push(asset.key);
        return keys.sort(compareText);
      }

      it('finds live assets holding every word prefix in name, folder path, technical details, tags or notes', async () => {
        await createFolders('Show/', 'Show/Day 1/', 'Other/');
        await createAssets([
          assetRecord('Show/Day 1/A001_C002_0301AB.mov', { technical: richAsset().technical }),
          assetRecord('Show/Day 1/Café scène.wav', { annotations: { tags: ['hero take'], notes: 'Lens flare at the end' } }),
          assetRecord('Show/Day 1/A001_C003.mov', { trash: trashMark(1) }),
          assetRecord('Other/A001_C004.mov'),
        ]);
        expect(await found('', 'a001')).toEqual(['Other/A001_C004.mov', 'Show/Day 1/A001_C002_0301AB.mov']);
        expect(await found('Show/', 'a0', 'c002')).toEqual(['Show/Day 1/A001_C002_0301AB.mov']);
        expect(await found('', 'day', 'cafe')).toEqual(['Show/Day 1/Café scène.wav']);
        expect(await found('', 'her', 'flare')).toEqual(['Show/Day 1/Café scène.wav']);
        expect(await found('', richAsset().technical!.videoCodec!.slice(0, 4).toLowerCase())).toEqual(['Show/Day 1/A001_C002_0301AB.mov']);
        expect(await found('', 'a001', 'nothing')).toEqual([]);
        expect(await found('Show/')).toEqual(['Show/Day 1/A001_C002_0301AB.mov', 'Show/Day 1/Café scène.wav']);
      });

      it('keeps only the kinds, statuses and picture widths asked for', async () => {
        const wide = { ...richAsset().technical!, width: 3840 };
        const narrow = { ...richAsset().technical!, width: 1280 };
        await createAssets([
          assetRecord('Day/A001 uhd.mov', { technical: wide }),
          assetRecord('Day/A002 hd.mov', { technical: narrow }),
          assetRecord('Day/A003 new.mov', { status: 'processing' }),
          assetRecord('Day/A004 sound.wav', { kind: 'audio' }),
        ]);
        const keys = async (scope: Omit<SearchScope, 'folder' | 'words'>) => {
          const found: string[] = [];
          for await (const asset of catalog.searchAssets({ folder: '', words: ['a0'], ...scope })) found.push(asset.key);
          return found.sort(compareText);
        };
        expect(await keys({ kinds: ['audio'] })).toEqual(['Day/A004 sound.wav']);
        expect(await keys({ statuses: ['processing', 'failed'] })).toEqual(['Day/A003 new.mov']);
        expect(await keys({ widths: [{ min: 3000, max: null }] })).toEqual(['Day/A001 uhd.mov']);
        expect(await keys({ widths: [{ min: 1, max: 1919 }], kinds: ['video'] })).toEqual(['Day/A002 hd.mov']);
        expect(await keys({ kinds: [], statuses: [], widths: [] })).toHaveLength(4);
      });

      it('follows renames, tag edits, folder moves and removals, and yields each of many matches once', async () => {
        await createFolders('Show/', 'Show/Day/');
        const clip = assetRecord('Show/Day/take.mov');
        const many = Array.from({ length: 450 }, (_, i) => assetRecord(`Show/Day/B${String(i).padStart(3, '0')}.mov`));
        await createAssets([clip, ...many]);
        expect(await found('', 'b')).toHaveLength(450);
        await catalog.updateAsset({ ...clip, key: 'Show/Day/sunset.mov', name: 'sunset.mov', version: 2, modifiedAt: time(2) });
        expect(await found('', 'take')).toEqual([]);
        expect(await found('', 'sun')).toEqual(['Show/Day/sunset.mov']);
        const renamed = (await catalog.getAsset(clip.id))!;
        await catalog.updateAsset({ ...renamed, annotations: { tags: ['circled'], notes: '' }, version: 3, modifiedAt: time(3) });
        expect(await found('', 'circ')).toEqual(['Show/Day/sunset.mov']);
        await catalog.moveFolder('Show/Day/', 'Show/Night/', time(4));
        expect(await found('', 'day', 'sun')).toEqual([]);
        expect(await found('Show/Night/', 'night', 'sun')).toEqual(['Show/Night/sunset.mov']);
        await catalog.removeAsset(clip.id);
        expect(await found('', 'sun')).toEqual([]);
      });

      it('keeps only assets whose camera and sound report fields answer scene:, take: and the rest', async () => {
        const clip = assetRecord('Day/A002C007.mov', {
          production: { reel: 'A002R2EC', camera: 'ALEXA Mini LF (A)', lens: 'Cooke S4/i 32mm', iso: '800', scene: '12A', take: '03' },
        });
        await createAssets([
          clip,
          assetRecord('Day/A002C008.mov', { production: { reel: 'A002R2EC', camera: 'ALEXA Mini LF (A)', scene: '12AB', take: '3' } }),
          assetRecord('Day/B001C001.mov', { production: { camera: 'ALEXA 35 (B)', scene: '12A', take: '4' } }),
          assetRecord('Day/12A_03.wav', { kind: 'audio', production: { scene: '12 A', take: '3', reel: '007' } }),
          assetRecord('Day/plain.mov'),
        ]);
        const keys = async (q: string) => {
          const parsed = parseSearch(q);
          if (!parsed.ok) throw new Error(parsed.message);
          const found: string[] = [];
          const { folder, words, kinds, production } = parsed.value;
          for await (const asset of catalog.searchAssets({ folder, words, kinds, production })) found.push(asset.key);
          return found.sort(compareText);
        };
        expect(await keys('scene:12A take:3')).toEqual(['Day/A002C007.mov']);
        expect(await keys('scene:12a')).toEqual(['Day/A002C007.mov', 'Day/B001C001.mov']);
        expect(await keys('scene:"12 a"')).toEqual(['Day/12A_03.wav']);
        expect(await keys('take:3')).toEqual(['Day/12A_03.wav', 'Day/A002C007.mov', 'Day/A002C008.mov']);
        expect(await keys('take:4 take:03 camera:b')).toEqual(['Day/B001C001.mov']);
        expect(await keys('reel:A002')).toEqual([]);
        expect(await keys('reel:a002*')).toEqual(['Day/A002C007.mov', 'Day/A002C008.mov']);
        expect(await keys('reel:7')).toEqual(['Day/12A_03.wav']);
        expect(await keys('reel:00*')).toEqual(['Day/12A_03.wav']);
        expect(await keys('camera:A')).toEqual(['Day/A002C007.mov', 'Day/A002C008.mov']);
        expect(await keys('camera:"alexa 35"')).toEqual(['Day/B001C001.mov']);
        expect(await keys('lens:32mm iso:800 a002')).toEqual(['Day/A002C007.mov']);
        expect(await keys('lens:32mm b001')).toEqual([]);
        expect(await keys('lens:coo* kind:audio')).toEqual([]);
        await catalog.updateAsset({ ...clip, production: { scene: '14', take: '1' }, version: 2, modifiedAt: time(2) });
        expect(await keys('scene:12A take:3')).toEqual([]);
        expect(await keys('scene:14 take:01')).toEqual(['Day/A002C007.mov']);
        await catalog.removeAsset(clip.id);
        expect(await keys('scene:14')).toEqual([]);
      });
    });

    // Change feed --------------------------------------------------------------------------

    describe('change feed', () => {
      it('starts empty at 0', async () => {
        expect(await catalog.latestChange()).toBe(0);
        expect(await catalog.changesSince(0, 10)).toEqual([]);
      });

      it('appends one change per mutation, naming the kind, the folder it is seen in, the target and the time', async () => {
        const asset = assetRecord('Show/Day/a.mov', { createdAt: time(3), modifiedAt: time(4) });
        await catalog.createFolder(folderRecord('Show/', { createdAt: time(1), modifiedAt: time(1) }));
        await catalog.createFolder(folderRecord('Show/Day/', { createdAt: time(2), modifiedAt: time(2) }));
        await catalog.updateFolder('Show/Day/', { aclGroups: ['admin'] }, time(3));
        await catalog.createAsset(asset);
        await catalog.updateAsset({ ...asset, key: 'Show/Day/b.mov', name: 'b.mov', version: 2, modifiedAt: time(5) });
        await catalog.updateAsset({ ...asset, key: 'Show/b.mov', name: 'b.mov', folderPath: 'Show/', version: 3, modifiedAt: time(6) });
        await catalog.removeAsset(asset.id);
        await catalog.removeFolderTree('Show/Day/');

        const changes = await catalog.changesSince(0, 100);
        const stamped = expect.stringMatching(ISO_UTC) as unknown as string;
        expect(changes.map(({ seq: _seq, ...change }) => change)).toEqual([
          { kind: 'folder.put', folderPath: '', target: 'Show/', at: time(1) },
          { kind: 'folder.put', folderPath: 'Show/', target: 'Show/Day/', at: time(2) },
          { kind: 'folder.put', folderPath: 'Show/', target: 'Show/Day/', at: time(3) },
          { kind: 'asset.put', folderPath: 'Show/Day/', target: asset.id, at: time(4) },
          { kind: 'asset.put', folderPath: 'Show/Day/', target: asset.id, at: time(5) },
          { kind: 'asset.removed', folderPath: 'Show/Day/', target: asset.id, at: time(6) },
          { kind: 'asset.put', folderPath: 'Show/', target: asset.id, at: time(6) },
          { kind: 'asset.removed', folderPath: 'Show/', target: asset.id, at: stamped },
          { kind: 'folder.removed', folderPath: 'Show/', target: 'Show/Day/', at: stamped },
        ]);
        expectStrictlyIncreasing(changes);
        expect(changes[0]!.seq).toBeGreaterThan(0);
        expect(await catalog.latestChange()).toBe(changes.at(-1)!.seq);
      });

      it('pages with since and limit, oldest first, without repeating or skipping', async () => {
        await createFolders('A/', 'B/', 'C/', 'D/', 'E/', 'F/', 'G/');
        const all = await catalog.changesSince(0, 100);
        expect(all.map((change) => change.target)).toEqual(['A/', 'B/', 'C/', 'D/', 'E/', 'F/', 'G/']);
        const pages: Change[][] = [];
        for (let since = 0; ;) {
          const page = await catalog.changesSince(since, 3);
          if (page.length === 0) break;
          pages.push(page);
          since = page.at(-1)!.seq;
        }
        expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
        expect(pages.flat()).toEqual(all);
        expect(await catalog.changesSince(all[3]!.seq, 100)).toEqual(all.slice(4));
        expect(await catalog.changesSince(all.at(-1)!.seq, 100)).toEqual([]);
      });

      it('gives a follower every change of concurrent writers once, numbered one after the other', async () => {
        await createFolders('Card/');
        const start = await catalog.latestChange();
        const writers = Array.from({ length: 6 }, () => writer());
        const shares = writers.map((_, w) => Array.from({ length: 12 }, (_, i) => assetRecord(`Card/w${w}_${i}.mov`)));
        let writing = true;
        const follower = (async () => {
          const seen: Change[] = [];
          let since = start;
          for (;;) {
            const done = !writing;
            const page = await catalog.changesSince(since, 5);
            for (const change of page) {
              expect(change.seq, `after ${since}`).toBe(since + 1);
              seen.push(change);
              since = change.seq;
            }
            if (page.length > 0) continue;
            if (done) return seen;
            // Let the writers' I/O run between reads, however fast a read answers.
            await new Promise((resolve) => setImmediate(resolve));
          }
        })();
        // Each writer lands its share one asset after another, as one ingest Lambda would.
        await Promise.all(
          writers.map(async (each, w) => {
            for (const asset of shares[w]!) await each.createAsset(asset);
          }),
        ).finally(() => (writing = false));
        const seen = await follower;

        const ids = shares.flat().map((asset) => asset.id);
        expect(seen.map((change) => change.target).sort()).toEqual([...ids].sort());
        expect(seen.every((change) => change.kind === 'asset.put')).toBe(true);
        expect(await changesAfter(start)).toEqual(seen);
        expect(await catalog.latestChange()).toBe(start + ids.length);
        // Each writer's changes are in the order it made them.
        for (const share of shares) {
          const order = share.map((asset) => seen.findIndex((change) => change.target === asset.id));
          expect(order).toEqual([...order].sort((a, b) => a - b));
        }
      });

      it('keeps the audit log out of the feed', async () => {
        await catalog.appendAudit(auditEvent(1));
        expect(await catalog.latestChange()).toBe(0);
      });
    });

    // Audit --------------------------------------------------------------------------------

    describe('audit', () => {
      // 24 events over 12 minutes, two per minute, so ties on `at` are broken by id.
      const events = Array.from({ length: 24 }, (_, i) => auditEvent(i));
      const newestFirst = [...events].sort((x, y) => compareText(y.at, x.at) || compareText(y.id, x.id));

      async function auditAll(query: Omit<AuditQuery, 'cursor'>): Promise<{ sizes: number[]; ids: string[] }> {
        const sizes: number[] = [];
        const ids: string[] = [];
        let cursor: string | null = null;
        do {
          const page = await catalog.listAudit({ ...query, cursor });
          sizes.push(page.items.length);
          ids.push(...page.items.map((event) => event.id));
          cursor = page.nextCursor;
          expect(sizes.length).toBeLessThan(100);
        } while (cursor !== null);
        return { sizes, ids };
      }

      it('lists events newest first, exactly as appended', async () => {
        for (const event of events) await catalog.appendAudit(event);
        const page = await catalog.listAudit({ limit: 100, cursor: null });
        expect(page).toEqual({ items: newestFirst, nextCursor: null });
      });

      it('pages 10 at a time: 10, 10, 4, then a null cursor', async () => {
        for (const event of events) await catalog.appendAudit(event);
        const { sizes, ids } = await auditAll({ limit: 10 });
        expect(sizes).toEqual([10, 10, 4]);
        expect(ids).toEqual(newestFirst.map((event) => event.id));
      });

      it('filters by actor, action, outcome, target and time (since inclusive, until exclusive), together', async () => {
        for (const event of events) await catalog.appendAudit(event);
        const expectIds = async (query: Omit<AuditQuery, 'cursor' | 'limit'>, keep: (e: AuditEvent) => boolean) => {
          const { ids } = await auditAll({ ...query, limit: 3 });
          expect(ids, JSON.stringify(query)).toEqual(newestFirst.filter(keep).map((event) => event.id));
        };
        await expectIds({ actor: 'ana@example.com' }, (e) => e.actor === 'ana@example.com');
        await expectIds({ action: 'asset.download' }, (e) => e.action === 'asset.download');
        await expectIds({ outcome: 'denied' }, (e) => e.outcome === 'denied');
        await expectIds({ since: time(3), until: time(7) }, (e) => e.at >= time(3) && e.at < time(7));
        await expectIds(
          { actor: 'bo@example.com', outcome: 'succeeded', since: time(2) },
          (e) => e.actor === 'bo@example.com' && e.outcome === 'succeeded' && e.at >= time(2),
        );
        await expectIds({ actor: 'nobody@example.com' }, () => false);
        await expectIds({ targetPrefix: 'Show/Day/clip 1' }, (e) => e.target.startsWith('Show/Day/clip 1'));
        await expectIds(
          { targetPrefix: 'Show/Day/clip 2', actor: 'system' },
          (e) => e.target.startsWith('Show/Day/clip 2') && e.actor === 'system',
        );
        await expectIds({ targetPrefix: 'Show/Night/' }, () => false);
        // The audit tab's three filters at once: who played which clip.
        const played = (e: AuditEvent) =>
          e.action === 'asset.play' && e.actor === 'bo@example.com' && e.target.startsWith('Show/Day/clip 1');
        expect(events.filter(played).length).toBeGreaterThan(0);
        await expectIds({ action: 'asset.play', actor: 'bo@example.com', targetPrefix: 'Show/Day/clip 1' }, played);
      });

      it('refuses an event id that is already in the log with CatalogConflict', async () => {
        await catalog.appendAudit(events[0]!);
        const error = await catalog.appendAudit({ ...events[1]!, id: events[0]!.id }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(CatalogConflict);
        expect((await catalog.listAudit({ limit: 10, cursor: null })).items).toEqual([events[0]]);
      });
    });

    describe('disabled users', () => {
      const mark = (minutes: number, email: string) => ({ email, disabledAt: time(minutes), disabledBy: 'admin@example.com' });

      it('knows nobody as disabled at first', async () => {
        expect(await catalog.userDisabled('user-1')).toBeNull();
        expect(await catalog.listDisabledUsers()).toEqual([]);
      });

      it('records a disabled user, replaces the mark when disabled again, and forgets it when enabled', async () => {
        await catalog.setUserDisabled('user-1', mark(1, 'ed@example.com'));
        await catalog.setUserDisabled('user-2', mark(2, 'ana@example.com'));
        expect(await catalog.userDisabled('user-1')).toEqual(mark(1, 'ed@example.com'));
        await catalog.setUserDisabled('user-1', mark(5, 'ed@example.com'));
        expect(await catalog.userDisabled('user-1')).toEqual(mark(5, 'ed@example.com'));
        expect(await catalog.listDisabledUsers()).toEqual([
          { userId: 'user-2', ...mark(2, 'ana@example.com') },
          { userId: 'user-1', ...mark(5, 'ed@example.com') },
        ]);
        await catalog.setUserDisabled('user-1', null);
        await catalog.setUserDisabled('user-9', null); // enabling someone not disabled changes nothing
        expect(await catalog.userDisabled('user-1')).toBeNull();
        expect((await catalog.listDisabledUsers()).map((user) => user.userId)).toEqual(['user-2']);
      });

      it('keeps the record out of the change feed and the audit log', async () => {
        const before = await catalog.latestChange();
        await catalog.setUserDisabled('user-1', mark(1, 'ed@example.com'));
        expect(await catalog.latestChange()).toBe(before);
        expect((await catalog.listAudit({ limit: 10, cursor: null })).items).toEqual([]);
      });
    });

    describe('workstations', () => {
      it('creates, reads, lists by name, replaces and removes workstations, outside the change feed', async () => {
        const before = await catalog.latestChange();
        const bay2 = workstationRecord('ws-bay2', 'Edit bay 2', {
          platform: 'windows',
          instanceId: 'i-0123456789abcdef0',
          shareRoot: 'D:\\Media',
        });
        const bay1 = workstationRecord('ws-bay1', 'Edit bay 1', { groups: ['show-a', 'show-b'] });
        expect(await catalog.createWorkstation(bay2)).toEqual(bay2);
        await catalog.createWorkstation(bay1);
        expect(await catalog.getWorkstation('ws-bay2')).toEqual(bay2);
        expect(await catalog.getWorkstation('ws-none')).toBeNull();
        expect(await catalog.listWorkstations()).toEqual([bay1, bay2]);
        const renamed = { ...bay2, name: 'Assist bay', groups: ['show-c'], modifiedAt: time(5) };
        expect(await catalog.updateWorkstation(renamed)).toEqual(renamed);
        expect(await catalog.listWorkstations()).toEqual([renamed, bay1]);
        await catalog.removeWorkstation('ws-bay1');
        expect(await catalog.listWorkstations()).toEqual([renamed]);
        expect(await catalog.latestChange()).toBe(before);
      });

      it('refuses a second workstation with an id, and updating or removing a missing one', async () => {
        const bay = workstationRecord('ws-bay1', 'Edit bay 1');
        await catalog.createWorkstation(bay);
        await expect(catalog.createWorkstation({ ...bay, name: 'Other' })).rejects.toBeInstanceOf(CatalogConflict);
        await expect(catalog.updateWorkstation(workstationRecord('ws-gone', 'Gone'))).rejects.toBeInstanceOf(CatalogNotFound);
        await expect(catalog.removeWorkstation('ws-gone')).rejects.toBeInstanceOf(CatalogNotFound);
        expect(await catalog.listWorkstations()).toEqual([bay]);
      });
    });

    describeCustodyContract(
      () => catalog,
      () => writer(),
    );

    describe('transfer jobs', () => {
      it('stores a job with its files exactly, and replaces it only from the version it was read at', async () => {
        const job = transferRecord('job-00000001', {
          files: [transferFile('Show/Day 1/A001 "take" $(x).mov'), transferFile('Show/Day 1/ünï `b`; c.mov')],
        });
        expect(await catalog.createTransfer(job)).toEqual(job);
        expect(await catalog.getTransfer(job.id)).toEqual(job);
        expect(await catalog.getTransfer('job-missing0')).toBeNull();
        await expect(catalog.createTransfer(job)).rejects.toBeInstanceOf(CatalogConflict);

        const finished: Transfer = {
          ...job,
          state: 'succeeded',
          finishedAt: time(3),
          files: job.files.map((file) => ({ ...file, state: 'copied', bytesDone: file.size })),
          version: 2,
        };
        expect(await catalog.updateTransfer(finished)).toEqual(finished);
        expect(await catalog.getTransfer(job.id)).toEqual(finished);
        // A second writer that read version 1 (a duplicate status event, a sweep) is refused.
        await expect(catalog.updateTransfer({ ...job, state: 'failed', reason: 'timed out', version: 2 })).rejects.toBeInstanceOf(
          CatalogConflict,
        );
        await expect(catalog.updateTransfer({ ...job, id: 'job-missing0', version: 2 })).rejects.toBeInstanceOf(CatalogNotFound);
        expect(await catalog.getTransfer(job.id)).toEqual(finished);
      });

      it('keeps a job of thousands of files with long names whole, through updates', async () => {
        const files = Array.from({ length: 2000 }, (_, i) =>
          transferFile(`Show/${'Day long name '.repeat(30)}/${'clip '.repeat(40)}${i}.mov`),
        );
        const job = transferRecord('job-big00001', { files });
        await catalog.createTransfer(job);
        expect(await catalog.getTransfer(job.id)).toEqual(job);
        const half: Transfer = {
          ...job,
          files: files.map((file, i) => (i % 2 ? { ...file, state: 'failed', reason: 'the share is full' } : file)),
          version: 2,
        };
        await catalog.updateTransfer(half);
        const read = await catalog.getTransfer(job.id);
        expect(read?.files).toHaveLength(2000);
        expect(read).toEqual(half);
      });

      it('lists jobs newest first, per requester or all, in pages that neither repeat nor skip', async () => {
        const jobs = Array.from({ length: 7 }, (_, i) =>
          transferRecord(`job-list000${i}`, { requestedById: i % 2 ? 'user-ed' : 'user-ana', createdAt: time(i < 2 ? 1 : i) }),
        );
        for (const job of jobs) await catalog.createTransfer(job);
        const newestFirst = (list: Transfer[]) =>
          [...list].sort((a, b) => compareText(b.createdAt, a.createdAt) || compareText(b.id, a.id)).map((job) => job.id);
        async function pages(requestedById?: string): Promise<string[]> {
          const ids: string[] = [];
          let cursor: string | null = null;
          do {
            const page: Page<Transfer> = await catalog.listTransfers({ limit: 2, cursor, ...(requestedById ? { requestedById } : {}) });
            expect(page.items.length).toBeLessThanOrEqual(2);
            ids.push(...page.items.map((job) => job.id));
            cursor = page.nextCursor;
          } while (cursor);
          return ids;
        }
        expect(await pages()).toEqual(newestFirst(jobs));
        expect(await pages('user-ed')).toEqual(newestFirst(jobs.filter((job) => job.requestedById === 'user-ed')));
        expect(await pages('user-nobody')).toEqual([]);
        const first = await catalog.listTransfers({ limit: 3, cursor: null });
        expect(first.items).toEqual(
          newestFirst(jobs)
            .slice(0, 3)
            .map((id) => jobs.find((job) => job.id === id)),
        );
        // A cursor from everyone's list is not one for a requester's.
        await expect(catalog.listTransfers({ limit: 3, cursor: first.nextCursor, requestedById: 'user-ed' })).rejects.toBeInstanceOf(
          DomainError,
        );
        await expect(catalog.listTransfers({ limit: 3, cursor: 'bogus' })).rejects.toBeInstanceOf(DomainError);
      });

      it('finds the unfinished jobs, soonest deadline first, and forgets them once they end', async () => {
        const late = transferRecord('job-late0001', { deadline: time(90) });
        const soon = transferRecord('job-soon0001', { state: 'queued', deadline: time(30) });
        const done = transferRecord('job-done0001', { state: 'succeeded', finishedAt: time(2) });
        for (const job of [late, soon, done]) await catalog.createTransfer(job);
        expect((await catalog.listUnfinishedTransfers()).map((job) => job.id)).toEqual(['job-soon0001', 'job-late0001']);
        await catalog.updateTransfer({ ...soon, state: 'failed', reason: 'timed out', finishedAt: time(31), version: 2 });
        await catalog.updateTransfer({ ...late, state: 'cancelled', finishedAt: time(4), version: 2 });
        expect(await catalog.listUnfinishedTransfers()).toEqual([]);
      });
    });

    describeReviewContract({ catalog: () => catalog, assetRecord, folderRecord, time, refused });
  });
}

function workstationRecord(id: string, name: string, extra: Partial<Workstation> = {}): Workstation {
  return {
    id,
    name,
    platform: 'local',
    instanceId: null,
    shareRoot: '/srv/share',
    groups: ['show-a'],
    createdAt: time(0),
    modifiedAt: time(0),
    ...extra,
  };
}

function transferFile(key: string): TransferFile {
  return {
    assetId: `asset-${key.length}-${key.slice(-8)}`,
    key,
    path: key,
    size: key.length * 1000,
    sha256: 'ab'.repeat(32),
    state: 'pending',
    bytesDone: 0,
    reason: null,
  };
}

function transferRecord(id: string, extra: Partial<Transfer> = {}): Transfer {
  return {
    id,
    operation: 'copy',
    workstation: { id: 'ws-bay1', name: 'Edit bay 1', platform: 'local', instanceId: null, shareRoot: '/srv/share' },
    requestedBy: 'ed@example.com',
    requestedById: 'user-ed',
    state: 'running',
    reason: null,
    commandId: null,
    manifest: { bucket: 'rushes-derived', key: `transfers/${id}/manifest.json` },
    files: [transferFile('Show/Day 1/A001.mov')],
    createdAt: time(1),
    startedAt: time(1),
    finishedAt: null,
    deadline: time(20),
    version: 1,
    ...extra,
  };
}

// Fixtures -------------------------------------------------------------------------------

const T0 = Date.parse('2025-01-31T09:30:00.000Z');
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Minutes after a fixed start, as an ISO string. */
function time(minutes: number): string {
  return new Date(T0 + minutes * 60_000).toISOString();
}

function trashMark(minutes: number): TrashMark {
  return { trashedAt: time(minutes), trashedBy: 'ana@example.com' };
}

function folderRecord(path: string, extra: Partial<Folder> = {}): Folder {
  return {
    path,
    name: basename(path),
    aclGroups: ['admin', 'editors'],
    createdBy: 'ana@example.com',
    createdAt: time(0),
    modifiedAt: time(0),
    ...extra,
  };
}

let serial = 0;

// Ids are scrambled so that id order is neither creation order nor name order.
function assetRecord(key: string, extra: Partial<CatalogAsset> = {}): CatalogAsset {
  serial += 1;
  const id = `${((serial * 2654435761) % 4294967296).toString(16).padStart(8, '0')}-${serial}`;
  return {
    id,
    key,
    folderPath: parentOf(key) ?? '',
    name: basename(key),
    size: 1000 + serial,
    checksum: { algorithm: 'xxh64', value: id.slice(0, 8).padEnd(16, '0') },
    kind: 'video',
    status: 'ready',
    failureReason: null,
    locations: {},
    technical: null,
    derived: { proxy: null, thumbnail: null, filmstrip: null, waveform: null, preview: null },
    createdBy: 'ana@example.com',
    createdAt: time(0),
    modifiedAt: time(0),
    version: 1,
    trash: null,
    ...extra,
  };
}

function richAsset(): CatalogAsset {
  const technical: TechnicalMetadata = {
    container: 'mov,mp4,m4a,3gp,3g2,mj2',
    videoCodec: 'prores',
    videoProfile: 'HQ',
    width: 3840,
    height: 2160,
    frameRate: { num: 24000, den: 1001 },
    durationSeconds: 12.512,
    startTimecode: '01:00:00;00',
    audioCodec: 'pcm_s24le',
    audioChannels: 8,
    audioSampleRate: 48000,
    bitDepth: 10,
    colourPrimaries: 'bt709',
    colourTransfer: null,
    colourMatrix: 'bt709',
    chromaSubsampling: '4:2:2',
    pixelAspectRatio: { num: 2, den: 1 },
    rotation: 0,
    videoTracks: 1,
    audioTracks: 8,
  };
  return assetRecord("Show/Day 1/Ünïcödé 😀 O'Brien 100% + take_1.mov", {
    size: 5_123_456_789_012,
    checksum: { algorithm: 'xxh128', value: '0123456789abcdef0123456789abcdef' },
    status: 'failed',
    failureReason: 'The file says "ProRes" but holds 100% + something else',
    locations: { 'ws-1': 'S3_FSX', 'édit bay 2': 'S3' },
    technical,
    derived: { proxy: 'proxies/x.mp4', thumbnail: 'thumbs/x.jpg', filmstrip: null, waveform: null, preview: 'p/x.jpg' },
    createdBy: 'zoë@example.com',
    createdAt: time(1),
    modifiedAt: time(2),
    trash: trashMark(3),
  });
}

/**
 * 22 live assets in Show/Day/ with ties on every sort field but name, plus trashed ones
 * among them and neighbours that must not be listed.
 */
function sortFixture() {
  const names = [
    'A001C003.MOV',
    'a001c002.mov',
    'B.mxf',
    'README',
    '.DS_Store',
    'take 10.mov',
    'take 9.mov',
    'Ünïcode.wav',
    'Écran.WAV',
    '😀 smile.jpg',
    'ＦＵＬＬ.mov',
    'zeta.JPG',
    'clip.tar.gz',
    "O'Brien 100% + more.mov",
    'x_y.mxf',
    'sound.wav',
    'Z.Mov',
    'Clip.v2.Mov',
    'b.MXF',
    '日本.mov',
    'Ab.mov',
    'aB.mov',
  ];
  const sizes = [0, 1000, 1000, 5_000_000_000_000, 42];
  const listed = names.map((name, i) =>
    assetRecord(`Show/Day/${name}`, {
      size: sizes[i % sizes.length]!,
      createdAt: time(i % 3),
      modifiedAt: time(10 + (i % 4)),
    }),
  );
  const trashed = ['A000.mov', 'm.wav', 'zz.mov'].map((name, i) => assetRecord(`Show/Day/${name}`, { size: 7 - i, trash: trashMark(i) }));
  const neighbours = [
    assetRecord('Show/Day/Sub/deeper.mov'),
    assetRecord('Show/up.mov'),
    assetRecord('Show/Day2/x.mov'),
    assetRecord('at-the-root.mov'),
  ];
  const all = [...listed, ...trashed, ...neighbours];
  return { listed, trashed, all, byId: new Map(all.map((asset) => [asset.id, asset])) };
}

function auditEvent(i: number): AuditEvent {
  const actors = ['ana@example.com', 'bo@example.com', 'system'];
  const actions = ['asset.upload', 'asset.download', 'folder.acl', 'asset.delete', 'asset.play'] as const;
  const addresses = ['127.0.0.1', '2001:db8::7', null] as const;
  const outcomes = ['succeeded', 'succeeded', 'denied', 'failed', 'succeeded'] as const;
  return {
    id: `evt-${((i * 7) % 24).toString().padStart(2, '0')}-${i}`,
    at: time(Math.floor(i / 2)),
    actor: actors[i % actors.length]!,
    action: actions[i % actions.length]!,
    outcome: outcomes[i % outcomes.length]!,
    target: `Show/Day/clip ${i}.mov`,
    details: { bytes: i * 1000, reason: i % 2 === 0 ? null : "n'importe quoi", admin: i % 3 === 0 },
    address: addresses[i % addresses.length]!,
  };
}

// Ordering --------------------------------------------------------------------------------

/** Code point order, as DynamoDB and SQLite's BINARY collation compare text. */
function compareText(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function sortTuple(asset: CatalogAsset, sort: AssetSortField): (string | number)[] {
  switch (sort) {
    case 'name':
      return [asset.name, asset.id];
    case 'created':
      return [asset.createdAt, asset.id];
    case 'modified':
      return [asset.modifiedAt, asset.id];
    case 'size':
      return [asset.size, asset.id];
    case 'type':
      return [extensionOf(asset.name), asset.name, asset.id];
  }
}

function orderOf(assets: readonly CatalogAsset[], sort: AssetSortField, direction: 'asc' | 'desc'): string[] {
  const sign = direction === 'asc' ? 1 : -1;
  const compare = (x: CatalogAsset, y: CatalogAsset) => {
    const a = sortTuple(x, sort);
    const b = sortTuple(y, sort);
    for (let i = 0; i < a.length; i++) {
      const p = a[i]!;
      const q = b[i]!;
      const order = typeof p === 'number' && typeof q === 'number' ? p - q : compareText(String(p), String(q));
      if (order !== 0) return sign * order;
    }
    return 0;
  };
  return [...assets].sort(compare).map((asset) => asset.id);
}

function expectStrictlyIncreasing(changes: readonly Change[]): void {
  for (let i = 1; i < changes.length; i++) expect(changes[i]!.seq).toBeGreaterThan(changes[i - 1]!.seq);
}
