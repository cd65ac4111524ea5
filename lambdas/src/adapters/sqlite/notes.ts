import type Database from 'better-sqlite3';
import { NO_REVIEW, withTakeMarks, type IsoDateTime, type Note } from '@rushes/shared';
import { CatalogConflict, CatalogNotFound, type CatalogAsset, type TakeUpdate } from '../../ports';
import type { Changed, Write } from './feed';
import { assetToRow, rowToAsset, type AssetRow } from './rows';

// Notes and take marks in SQLite (migration 007). The catalog runs every write here inside
// its own immediate transaction; each one rewrites the asset's counts from the notes table
// itself, so they cannot drift from what is stored.

interface NoteRow {
  id: string;
  asset_id: string;
  parent_id: string | null;
  author: string;
  text: string;
  frame: number;
  out_frame: number | null;
  drawing: string;
  resolved: number;
  resolved_by: string | null;
  resolved_at: string | null;
  created_at: string;
  edited_at: string | null;
  version: number;
}

export class SqliteNoteTables {
  private readonly sql: ReturnType<typeof prepare>;

  constructor(
    private readonly write: Write,
    db: Database.Database,
    private readonly changed: Changed,
  ) {
    this.sql = prepare(db);
  }

  listNotes(assetId: string): Note[] {
    return this.sql.notesOfAsset.all(assetId).map(rowToNote);
  }

  notesOf(assetIds: readonly string[]): Note[] {
    return this.sql.notesOfAssets.all(JSON.stringify(assetIds)).map(rowToNote);
  }

  getNote(id: string): Note | null {
    const row = this.sql.note.get(id);
    return row ? rowToNote(row) : null;
  }

  addNote(note: Note): CatalogAsset {
    if (note.version !== 1) throw new Error(`A new note has version 1, not ${note.version}`);
    return this.write(() => {
      if (!this.sql.asset.get(note.assetId)) throw new CatalogNotFound(`Asset ${note.assetId} does not exist`);
      if (note.parentId !== null) {
        const parent = this.sql.note.get(note.parentId);
        if (!parent || parent.asset_id !== note.assetId || parent.parent_id !== null) {
          throw new CatalogNotFound(`Note ${note.parentId} is not a top-level note of asset ${note.assetId}`);
        }
      }
      if (this.sql.note.get(note.id)) throw new CatalogConflict(`Note ${note.id} already exists`);
      this.sql.insertNote.run(noteToRow(note));
      return this.recount(note.assetId, note.createdAt);
    });
  }

  updateNote(note: Note, at: IsoDateTime): CatalogAsset {
    return this.write(() => {
      const stored = this.sql.note.get(note.id);
      if (!stored) throw new CatalogNotFound(`Note ${note.id} does not exist`);
      if (stored.version !== note.version - 1) {
        throw new CatalogConflict(
          `Note ${note.id} is at version ${stored.version}; an update to version ${note.version} was based on an older copy`,
        );
      }
      this.sql.updateNote.run(noteToRow(note));
      return this.recount(stored.asset_id, at);
    });
  }

  removeNote(id: string, version: number, at: IsoDateTime): { removed: Note[]; asset: CatalogAsset } {
    return this.write(() => {
      const stored = this.sql.note.get(id);
      if (!stored) throw new CatalogNotFound(`Note ${id} does not exist`);
      if (stored.version !== version) throw new CatalogConflict(`Note ${id} is at version ${stored.version}, not ${version}`);
      const removed = [rowToNote(stored), ...this.sql.replies.all(id).map(rowToNote)];
      // Replies go by cascade.
      this.sql.removeNote.run(id);
      return { removed, asset: this.recount(stored.asset_id, at) };
    });
  }

  setTakes(changes: readonly TakeUpdate[], by: string, at: IsoDateTime): { before: CatalogAsset; after: CatalogAsset }[] {
    return this.write(() =>
      changes.map((change) => {
        const row = this.sql.asset.get(change.id);
        if (!row) throw new CatalogNotFound(`Asset ${change.id} does not exist`);
        const before = rowToAsset(row);
        const after: CatalogAsset = {
          ...before,
          review: withTakeMarks(before.review, change, by, at),
          version: before.version + 1,
          modifiedAt: at,
        };
        this.sql.setReview.run({ id: after.id, review: assetToRow(after).review, modified_at: at });
        this.changed('asset.put', after.folderPath, after.id, at);
        return { before, after };
      }),
    );
  }

  /** Counts the asset's notes into its review, bumps its version and tells the feed. */
  private recount(assetId: string, at: IsoDateTime): CatalogAsset {
    const row = this.sql.asset.get(assetId);
    if (!row) throw new CatalogNotFound(`Asset ${assetId} does not exist`);
    const counts = this.sql.counts.get(assetId) ?? { notes: 0, open: 0 };
    const current = rowToAsset(row);
    const asset: CatalogAsset = {
      ...current,
      review: { ...(current.review ?? NO_REVIEW), noteCount: counts.notes, openNoteCount: counts.open },
      version: current.version + 1,
      modifiedAt: at,
    };
    this.sql.setReview.run({ id: assetId, review: assetToRow(asset).review, modified_at: at });
    this.changed('asset.put', asset.folderPath, assetId, at);
    return asset;
  }
}

function noteToRow(note: Note): NoteRow {
  return {
    id: note.id,
    asset_id: note.assetId,
    parent_id: note.parentId,
    author: note.author,
    text: note.text,
    frame: note.frame,
    out_frame: note.outFrame,
    drawing: JSON.stringify(note.drawing),
    resolved: note.resolved ? 1 : 0,
    resolved_by: note.resolvedBy,
    resolved_at: note.resolvedAt,
    created_at: note.createdAt,
    edited_at: note.editedAt,
    version: note.version,
  };
}

function rowToNote(row: NoteRow): Note {
  return {
    id: row.id,
    assetId: row.asset_id,
    parentId: row.parent_id,
    author: row.author,
    text: row.text,
    frame: row.frame,
    outFrame: row.out_frame,
    drawing: JSON.parse(row.drawing) as Note['drawing'],
    resolved: row.resolved === 1,
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    version: row.version,
  };
}

function prepare(db: Database.Database) {
  const order = 'ORDER BY frame, created_at, id';
  return {
    note: db.prepare<unknown[], NoteRow>('SELECT * FROM notes WHERE id = ?'),
    notesOfAsset: db.prepare<unknown[], NoteRow>(`SELECT * FROM notes WHERE asset_id = ? ${order}`),
    notesOfAssets: db.prepare<unknown[], NoteRow>(
      `SELECT * FROM notes WHERE asset_id IN (SELECT value FROM json_each(?)) ORDER BY asset_id, frame, created_at, id`,
    ),
    replies: db.prepare<unknown[], NoteRow>(`SELECT * FROM notes WHERE parent_id = ? ${order}`),
    insertNote: db.prepare(
      `INSERT INTO notes (id, asset_id, parent_id, author, text, frame, out_frame, drawing, resolved, resolved_by, resolved_at, created_at, edited_at, version)
       VALUES (@id, @asset_id, @parent_id, @author, @text, @frame, @out_frame, @drawing, @resolved, @resolved_by, @resolved_at, @created_at, @edited_at, @version)`,
    ),
    // Asset, thread, frame and creation stay what they were.
    updateNote: db.prepare(
      `UPDATE notes SET text = @text, drawing = @drawing, resolved = @resolved, resolved_by = @resolved_by,
         resolved_at = @resolved_at, edited_at = @edited_at, version = @version
       WHERE id = @id`,
    ),
    removeNote: db.prepare('DELETE FROM notes WHERE id = ?'),
    counts: db.prepare<unknown[], { notes: number; open: number }>(
      `SELECT count(*) AS notes, count(*) FILTER (WHERE parent_id IS NULL AND resolved = 0) AS open FROM notes WHERE asset_id = ?`,
    ),
    asset: db.prepare<unknown[], AssetRow>('SELECT * FROM assets WHERE id = ?'),
    setReview: db.prepare('UPDATE assets SET review = @review, version = version + 1, modified_at = @modified_at WHERE id = @id'),
  };
}
