import { describe, expect, it } from 'vitest';
import { DomainError, type Note } from '@rushes/shared';
import { SqliteCatalog } from '../src/adapters/sqliteCatalog';
import { AuditLog } from '../src/core/audit';
import { Review } from '../src/core/review';
import type { Principal } from '../src/ports';
import { cameraTechnical, makeAsset, makeFolder } from '../../scripts/testing/assets';

// The review use cases over a real SQLite catalog with a clock that moves only when told:
// every time they write (note, resolution, take, audit event) is the clock's.
const editor: Principal = { email: 'ed@example.com', groups: ['editors', 'show-a'], userId: 'u-ed', address: '10.0.0.7' };
const manager: Principal = { email: 'dit@example.com', groups: ['media-managers', 'show-a'], userId: 'u-dit', address: '10.0.0.8' };

async function world() {
  let now = Date.parse('2026-03-01T09:00:00.000Z');
  const clock = { now: () => new Date(now) };
  const catalog = new SqliteCatalog(':memory:', { clock });
  const audit = new AuditLog({ catalog, clock });
  const review = new Review({ catalog, clock, audit });
  await catalog.createFolder(makeFolder('Show A/', ['show-a']));
  // 10 s at 24000/1001: 240 frames.
  const clip = await catalog.createAsset(
    makeAsset('Show A/', 'A001C003.mov', { technical: cameraTechnical({ frameRate: { num: 24000, den: 1001 }, durationSeconds: 10.01 }) }),
  );
  return { catalog, review, clip, tick: (minutes: number) => (now += minutes * 60_000) };
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('review use cases', () => {
  it('stamps notes, resolutions, takes and audit events with the injected clock', async () => {
    const { catalog, review, clip, tick } = await world();
    const note: Note = await review.notes.add(editor, {
      assetId: clip.id,
      parentId: null,
      text: 'Soft',
      frame: 10,
      outFrame: null,
      drawing: [],
    });
    expect(note.createdAt).toBe('2026-03-01T09:00:00.000Z');
    tick(5);
    const resolved = await review.notes.edit(manager, { id: note.id, version: 1, resolved: true });
    expect([resolved.resolvedAt, resolved.resolvedBy, resolved.editedAt]).toEqual(['2026-03-01T09:05:00.000Z', manager.email, null]);
    // Resolving again changes nothing: same version, no event.
    expect(await review.notes.edit(editor, { id: note.id, version: 2, resolved: true, text: 'Soft' })).toEqual(resolved);
    tick(5);
    const [marked] = await review.takes.set(manager, [{ id: clip.id, circled: true }]);
    expect(marked!.review).toMatchObject({ circled: true, setBy: manager.email, setAt: '2026-03-01T09:10:00.000Z' });
    expect(marked!.modifiedAt).toBe('2026-03-01T09:10:00.000Z');
    const events = (await catalog.listAudit({ limit: 10, cursor: null })).items;
    expect(events.map((event) => [event.action, event.at, event.address])).toEqual([
      ['take.set', '2026-03-01T09:10:00.000Z', manager.address],
      ['note.resolve', '2026-03-01T09:05:00.000Z', manager.address],
      ['note.add', '2026-03-01T09:00:00.000Z', editor.address],
    ]);
  });

  it('refuses a frame past the end of the clip, naming the field, and keeps nothing', async () => {
    const { catalog, review, clip } = await world();
    const base = { assetId: clip.id, parentId: null, text: 'Late', outFrame: null, drawing: [] };
    expect((await refusal(review.notes.add(editor, { ...base, frame: 241 }))).field).toBe('frame');
    expect((await refusal(review.notes.add(editor, { ...base, frame: 200, outFrame: 300 }))).field).toBe('outFrame');
    expect(await catalog.listNotes(clip.id)).toEqual([]);
    expect((await review.notes.add(editor, { ...base, frame: 240 })).frame).toBe(240);
  });

  it('follows the trash: notes of a trashed asset, or of one in a trashed folder, are not found until restored', async () => {
    const { catalog, review, clip } = await world();
    const note = await review.notes.add(editor, { assetId: clip.id, parentId: null, text: 'Soft', frame: 1, outFrame: null, drawing: [] });
    const trash = { trashedAt: '2026-03-01T09:30:00.000Z', trashedBy: manager.email };
    const trashed = await catalog.updateAsset({ ...(await catalog.getAsset(clip.id))!, trash, version: 3 });
    for (const attempt of [
      review.notes.list(editor, clip.id),
      review.notes.add(editor, { assetId: clip.id, parentId: null, text: 'x', frame: 1, outFrame: null, drawing: [] }),
      review.notes.edit(editor, { id: note.id, version: 1, resolved: true }),
      review.notes.batch(editor, [clip.id]),
      review.takes.set(manager, [{ id: clip.id, circled: true }]),
    ]) {
      expect((await refusal(attempt)).code).toBe('NOT_FOUND');
    }
    await catalog.updateAsset({ ...trashed, trash: null, version: 4 });
    expect((await review.notes.list(editor, clip.id)).map((found) => found.id)).toEqual([note.id]);
    await catalog.updateFolder('Show A/', { trash }, trash.trashedAt);
    expect((await refusal(review.notes.list(editor, clip.id))).code).toBe('NOT_FOUND');
  });

  it('keeps a take request whole: one asset the caller may not change refuses every one', async () => {
    const { catalog, review, clip } = await world();
    await catalog.createFolder(makeFolder('Show B/', ['show-b']));
    const elsewhere = await catalog.createAsset(makeAsset('Show B/', 'B001.mov'));
    const bManager: Principal = { ...manager, groups: ['media-managers', 'show-a', 'show-b'] };
    expect((await refusal(review.takes.set(editor, [{ id: clip.id, rating: 3 }]))).code).toBe('FORBIDDEN');
    expect(
      (
        await refusal(
          review.takes.set(manager, [
            { id: clip.id, rating: 3 },
            { id: elsewhere.id, rating: 3 },
          ]),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect((await catalog.getAsset(clip.id))!.review).toBeUndefined();
    expect(
      (
        await review.takes.set(bManager, [
          { id: clip.id, rating: 3 },
          { id: elsewhere.id, rating: 3 },
        ])
      ).map((a) => a.review.rating),
    ).toEqual([3, 3]);
  });
});
