import { describe, expect, it } from 'vitest';
import { NO_REVIEW, type Folder, type Note } from '@rushes/shared';
import { CatalogConflict, CatalogNotFound, type Catalog, type CatalogAsset } from '../src/ports';

/**
 * Notes and takes, the part of the catalog contract the review loop needs (run inside
 * describeCatalogContract, on every adapter). Every note write moves the asset's counts
 * (open = unresolved top-level notes) and its version in the same transaction, with one
 * `asset.put` change; a refused write leaves no change behind.
 */
export interface ReviewContractFixtures {
  catalog(): Catalog;
  assetRecord(key: string, extra?: Partial<CatalogAsset>): CatalogAsset;
  folderRecord(path: string, extra?: Partial<Folder>): Folder;
  time(minutes: number): string;
  refused(mutation: () => Promise<unknown>): Promise<unknown>;
}

export function describeReviewContract(fixtures: ReviewContractFixtures): void {
  const { assetRecord, folderRecord, time, refused } = fixtures;
  let serial = 0;

  function noteRecord(asset: CatalogAsset, extra: Partial<Note> = {}): Note {
    serial += 1;
    return {
      id: `note-contract${String(serial).padStart(4, '0')}`,
      assetId: asset.id,
      parentId: null,
      author: 'ana@example.com',
      text: `Soft focus ${serial}`,
      frame: 100,
      outFrame: null,
      drawing: [],
      resolved: false,
      resolvedBy: null,
      resolvedAt: null,
      createdAt: time(10 + serial),
      editedAt: null,
      version: 1,
      ...extra,
    };
  }

  const counts = (asset: CatalogAsset | null) => ({
    notes: asset?.review?.noteCount ?? 0,
    open: asset?.review?.openNoteCount ?? 0,
    version: asset?.version,
  });

  describe('notes and takes', () => {
    it('adds notes and replies, counting them on the asset, one version and one change each', async () => {
      const catalog = fixtures.catalog();
      const asset = await catalog.createAsset(assetRecord('Show/Day/A001.mov'));
      const before = await catalog.latestChange();
      const drawn = noteRecord(asset, {
        frame: 48,
        outFrame: 72,
        drawing: [
          {
            kind: 'pen',
            colour: '#ff3b30',
            points: [
              [0.1, 0.2],
              [0.3, 0.4],
              [0.5, 0.25],
            ],
          },
          { kind: 'arrow', colour: '#FFCC00', from: [0, 0], to: [1, 1] },
          { kind: 'rect', colour: '#00ff00', from: [0.25, 0.25], to: [0.75, 0.5] },
        ],
      });
      const first = await catalog.addNote(drawn);
      expect(counts(first)).toEqual({ notes: 1, open: 1, version: 2 });
      expect(first.modifiedAt).toBe(drawn.createdAt);
      const reply = noteRecord(asset, { parentId: drawn.id, frame: 48, outFrame: 72 });
      expect(counts(await catalog.addNote(reply))).toEqual({ notes: 2, open: 1, version: 3 });
      const early = noteRecord(asset, { frame: 3 });
      const after = await catalog.addNote(early);
      expect(counts(after)).toEqual({ notes: 3, open: 2, version: 4 });
      expect(await catalog.getAsset(asset.id)).toEqual(after);
      expect(after.review).toEqual({ ...NO_REVIEW, noteCount: 3, openNoteCount: 2 });

      expect(await catalog.getNote(drawn.id)).toEqual(drawn);
      expect(await catalog.getNote('note-nosuchnote')).toBeNull();
      expect((await catalog.listNotes(asset.id)).map((note) => note.id)).toEqual([early.id, drawn.id, reply.id]);
      const changes = await catalog.changesSince(before, 100);
      expect(changes.map((change) => [change.kind, change.target, change.folderPath])).toEqual(
        Array.from({ length: 3 }, () => ['asset.put', asset.id, 'Show/Day/']),
      );
      // The feed's reader holds the asset as it was: its stale copy can no longer be written.
      await refused(() => catalog.updateAsset({ ...asset, name: 'renamed.mov', key: 'Show/Day/renamed.mov', version: 2 }));
    });

    it('refuses a reply to a reply, to another asset’s note or to none, a note on a missing asset, and a taken id', async () => {
      const catalog = fixtures.catalog();
      const asset = await catalog.createAsset(assetRecord('Show/Day/A002.mov'));
      const other = await catalog.createAsset(assetRecord('Show/Day/A003.mov'));
      const top = noteRecord(asset);
      await catalog.addNote(top);
      const reply = noteRecord(asset, { parentId: top.id });
      await catalog.addNote(reply);
      expect(await refused(() => catalog.addNote(noteRecord(asset, { parentId: reply.id })))).toBeInstanceOf(CatalogNotFound);
      expect(await refused(() => catalog.addNote(noteRecord(other, { parentId: top.id })))).toBeInstanceOf(CatalogNotFound);
      expect(await refused(() => catalog.addNote(noteRecord(asset, { parentId: 'note-nosuchnote' })))).toBeInstanceOf(CatalogNotFound);
      expect(await refused(() => catalog.addNote(noteRecord(assetRecord('Show/Day/gone.mov'))))).toBeInstanceOf(CatalogNotFound);
      expect(await refused(() => catalog.addNote({ ...top, text: 'again' }))).toBeInstanceOf(CatalogConflict);
      expect(counts(await catalog.getAsset(asset.id))).toEqual({ notes: 2, open: 1, version: 3 });
      expect(counts(await catalog.getAsset(other.id))).toEqual({ notes: 0, open: 0, version: 1 });
    });

    it('updates a note at its version: resolving and reopening move the open count, a stale version is refused', async () => {
      const catalog = fixtures.catalog();
      const asset = await catalog.createAsset(assetRecord('Show/Day/A004.mov'));
      const top = noteRecord(asset);
      await catalog.addNote(top);
      const reply = noteRecord(asset, { parentId: top.id });
      await catalog.addNote(reply);
      const resolved: Note = { ...top, resolved: true, resolvedBy: 'bo@example.com', resolvedAt: time(50), version: 2 };
      const afterResolve = await catalog.updateNote(resolved, time(50));
      expect(counts(afterResolve)).toEqual({ notes: 2, open: 0, version: 4 });
      expect(afterResolve.modifiedAt).toBe(time(50));
      expect(await catalog.getNote(top.id)).toEqual(resolved);

      expect(await refused(() => catalog.updateNote({ ...top, text: 'stale', version: 2 }, time(51)))).toBeInstanceOf(CatalogConflict);
      expect(await refused(() => catalog.updateNote({ ...top, id: 'note-nosuchnote', version: 2 }, time(51)))).toBeInstanceOf(
        CatalogNotFound,
      );

      // Where a note is, what it answers and when it was made never change.
      const edited: Note = {
        ...resolved,
        text: 'Focus is fine',
        editedAt: time(52),
        resolved: false,
        resolvedBy: null,
        resolvedAt: null,
        version: 3,
      };
      expect(
        counts(await catalog.updateNote({ ...edited, assetId: 'elsewhere', parentId: reply.id, createdAt: time(99) }, time(52))),
      ).toEqual({
        notes: 2,
        open: 1,
        version: 5,
      });
      expect(await catalog.getNote(top.id)).toEqual(edited);
    });

    it('removes a thread with its replies, or one reply, at its version, and counts what is left', async () => {
      const catalog = fixtures.catalog();
      const asset = await catalog.createAsset(assetRecord('Show/Day/A005.mov'));
      const top = noteRecord(asset);
      await catalog.addNote(top);
      const replies = [noteRecord(asset, { parentId: top.id }), noteRecord(asset, { parentId: top.id })];
      for (const reply of replies) await catalog.addNote(reply);
      const kept = noteRecord(asset, { frame: 500 });
      await catalog.addNote(kept);
      const keptReply = noteRecord(asset, { parentId: kept.id, frame: 500 });
      await catalog.addNote(keptReply);
      expect(counts(await catalog.getAsset(asset.id))).toEqual({ notes: 5, open: 2, version: 6 });

      expect(await refused(() => catalog.removeNote(top.id, 2, time(60)))).toBeInstanceOf(CatalogConflict);
      expect(await refused(() => catalog.removeNote('note-nosuchnote', 1, time(60)))).toBeInstanceOf(CatalogNotFound);
      const before = await catalog.latestChange();
      const { removed, asset: after } = await catalog.removeNote(top.id, 1, time(60));
      expect(removed.map((note) => note.id).sort()).toEqual([top.id, ...replies.map((reply) => reply.id)].sort());
      expect(counts(after)).toEqual({ notes: 2, open: 1, version: 7 });
      expect(await catalog.getAsset(asset.id)).toEqual(after);
      expect((await catalog.changesSince(before, 10)).map((change) => change.kind)).toEqual(['asset.put']);
      expect(await catalog.getNote(top.id)).toBeNull();
      expect(await catalog.getNote(replies[0]!.id)).toBeNull();
      expect((await catalog.listNotes(asset.id)).map((note) => note.id)).toEqual([kept.id, keptReply.id]);

      expect(counts((await catalog.removeNote(keptReply.id, 1, time(61))).asset)).toEqual({ notes: 1, open: 1, version: 8 });
    });

    it('removes a thread with more replies than one store transaction holds', async () => {
      const catalog = fixtures.catalog();
      const asset = await catalog.createAsset(assetRecord('Show/Day/A007.mov'));
      const top = noteRecord(asset);
      await catalog.addNote(top);
      for (let i = 0; i < 60; i += 1) await catalog.addNote(noteRecord(asset, { parentId: top.id }));
      const { removed, asset: after } = await catalog.removeNote(top.id, 1, time(65));
      expect(removed).toHaveLength(61);
      expect(counts(after)).toEqual({ notes: 0, open: 0, version: 63 });
      expect(await catalog.listNotes(asset.id)).toEqual([]);
      expect(await catalog.getNote(removed.at(-1)!.id)).toBeNull();
    });

    it('reads the notes of many assets at once, and only theirs', async () => {
      const catalog = fixtures.catalog();
      const assets: CatalogAsset[] = [];
      for (let i = 0; i < 12; i += 1) assets.push(await catalog.createAsset(assetRecord(`Show/Batch/n${i}.mov`)));
      const notes: Note[] = [];
      for (const [i, asset] of assets.entries()) {
        for (let n = 0; n < i % 3; n += 1) {
          const note = noteRecord(asset, { frame: 10 - n });
          await catalog.addNote(note);
          notes.push(note);
        }
      }
      const asked = assets.slice(0, 9).map((asset) => asset.id);
      const found = await catalog.notesOf([...asked, 'no-such-asset']);
      const expected = notes.filter((note) => asked.includes(note.assetId));
      const byId = (a: Note, b: Note) => (a.id < b.id ? -1 : 1);
      expect([...found].sort(byId)).toEqual([...expected].sort(byId));
      // Each asset's notes come in listNotes order.
      for (const id of asked) {
        expect(found.filter((note) => note.assetId === id)).toEqual(await catalog.listNotes(id));
      }
      expect(await catalog.notesOf(['no-such-asset'])).toEqual([]);
    });

    it('keeps notes through a folder move, and removes them with their asset', async () => {
      const catalog = fixtures.catalog();
      await catalog.createFolder(folderRecord('Reel/'));
      await catalog.createFolder(folderRecord('Reel/Day/'));
      const asset = await catalog.createAsset(assetRecord('Reel/Day/A006.mov'));
      const note = noteRecord(asset);
      await catalog.addNote(note);
      await catalog.moveFolder('Reel/Day/', 'Reel/Day 2/', time(70));
      expect(await catalog.listNotes(asset.id)).toEqual([note]);
      expect(counts(await catalog.getAsset(asset.id))).toEqual({ notes: 1, open: 1, version: 3 });
      await catalog.removeAsset(asset.id);
      expect(await catalog.getNote(note.id)).toBeNull();
      expect(await catalog.listNotes(asset.id)).toEqual([]);
    });

    it('sets take marks on many assets, leaving out fields as they were, or on none when one is missing', async () => {
      const catalog = fixtures.catalog();
      const a = await catalog.createAsset(assetRecord('Show/Takes/A.mov'));
      const b = await catalog.createAsset(assetRecord('Show/Takes/B.mov'));
      await catalog.addNote(noteRecord(b));
      const before = await catalog.latestChange();
      const set = await catalog.setTakes(
        [
          { id: a.id, circled: true, rating: 4 },
          { id: b.id, status: 'approved' },
        ],
        'dir@example.com',
        time(80),
      );
      const after = new Map(set.map(({ before: old, after: now }) => [now.id, { old, now }]));
      expect(after.get(a.id)!.old).toEqual(a);
      expect(after.get(a.id)!.now.review).toEqual({ ...NO_REVIEW, circled: true, rating: 4, setBy: 'dir@example.com', setAt: time(80) });
      expect(after.get(b.id)!.now.review).toEqual({
        ...NO_REVIEW,
        status: 'approved',
        setBy: 'dir@example.com',
        setAt: time(80),
        noteCount: 1,
        openNoteCount: 1,
      });
      expect(await catalog.getAsset(a.id)).toEqual(after.get(a.id)!.now);
      expect((await catalog.getAsset(b.id))!.version).toBe(3);
      expect((await catalog.changesSince(before, 10)).map((change) => change.target).sort()).toEqual([a.id, b.id].sort());

      await catalog.setTakes([{ id: a.id, rating: 0 }], 'ed@example.com', time(81));
      expect((await catalog.getAsset(a.id))!.review).toEqual({ ...NO_REVIEW, circled: true, setBy: 'ed@example.com', setAt: time(81) });

      const missing = assetRecord('Show/Takes/missing.mov');
      expect(
        await refused(() =>
          catalog.setTakes(
            [
              { id: a.id, circled: false },
              { id: missing.id, rating: 1 },
            ],
            'x',
            time(82),
          ),
        ),
      ).toBeInstanceOf(CatalogNotFound);
      expect((await catalog.getAsset(a.id))!.review!.circled).toBe(true);
    });
  });
}
