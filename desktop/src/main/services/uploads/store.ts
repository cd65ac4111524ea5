import Database from 'better-sqlite3';
import { migrate, type Migration } from '@rushes/lambdas/sqlite-migrate';
import type { ConflictChoice, TransferState } from '@rushes/shared';

/**
 * The upload queue on disk (`uploads.sqlite` in the app's data folder), so a quit or a crash
 * resumes where it stopped: each finished part's ETag is kept here, because s3rver has no
 * ListParts to ask for them again (and on S3 asking would cost a request per thousand parts).
 */
export interface UploadRecord {
  id: string;
  seq: number;
  localPath: string;
  /** The library folder the user chose. */
  folderPath: string;
  relativePath: string;
  onConflict: ConflictChoice | null;
  /** Given by the upload session; null until then (or after a cancel). */
  key: string | null;
  assetId: string | null;
  size: number;
  mtimeMs: number;
  state: TransferState;
  error: string | null;
  /** Of the bytes as last read; null until hashed, and again when the file changed. */
  sha256: string | null;
  /** For the ASC MHL generation, read in the same pass as sha256. */
  xxh64: string | null;
  md5: string | null;
  /** What recording the card's MHL generation found for this file; null until recorded. */
  custodyState: UploadCustodyState | null;
  custodyMessage: string | null;
  partSize: number | null;
  uploadId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export type UploadCustodyState = 'recorded' | 'mismatch' | 'invalid' | 'failed';

/** Every hash a file's record holds, unset: after the file changed, or before it was read. */
export const NO_HASHES = { sha256: null, xxh64: null, md5: null } as const;

export interface PartRecord {
  partNumber: number;
  etag: string;
  size: number;
}

const migration001: Migration = {
  version: 1,
  name: 'uploads and parts',
  up(db) {
    db.exec(`
      CREATE TABLE uploads (
        id            TEXT PRIMARY KEY,
        seq           INTEGER NOT NULL UNIQUE,
        local_path    TEXT NOT NULL,
        folder_path   TEXT NOT NULL,
        relative_path TEXT NOT NULL,
        on_conflict   TEXT CHECK (on_conflict IN ('keepBoth', 'replace', 'skip')),
        key           TEXT,
        asset_id      TEXT,
        size          INTEGER NOT NULL,
        mtime_ms      INTEGER NOT NULL,
        state         TEXT NOT NULL CHECK (state IN ('queued', 'running', 'paused', 'succeeded', 'failed', 'cancelled')),
        error         TEXT,
        sha256        TEXT,
        part_size     INTEGER,
        upload_id     TEXT,
        created_at    TEXT NOT NULL,
        started_at    TEXT,
        finished_at   TEXT
      ) STRICT;
      CREATE TABLE upload_parts (
        upload_id   TEXT NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,
        part_number INTEGER NOT NULL,
        etag        TEXT NOT NULL,
        size        INTEGER NOT NULL,
        PRIMARY KEY (upload_id, part_number)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};

const migration002: Migration = {
  version: 2,
  name: 'mhl hashes and custody',
  up(db) {
    db.exec(`
      ALTER TABLE uploads ADD COLUMN xxh64 TEXT;
      ALTER TABLE uploads ADD COLUMN md5 TEXT;
      ALTER TABLE uploads ADD COLUMN custody_state TEXT CHECK (custody_state IN ('recorded', 'mismatch', 'invalid', 'failed'));
      ALTER TABLE uploads ADD COLUMN custody_message TEXT;
    `);
  },
};

export const UPLOAD_MIGRATIONS: readonly Migration[] = [migration001, migration002];

const COLUMNS: Record<keyof UploadRecord, string> = {
  id: 'id',
  seq: 'seq',
  localPath: 'local_path',
  folderPath: 'folder_path',
  relativePath: 'relative_path',
  onConflict: 'on_conflict',
  key: 'key',
  assetId: 'asset_id',
  size: 'size',
  mtimeMs: 'mtime_ms',
  state: 'state',
  error: 'error',
  sha256: 'sha256',
  xxh64: 'xxh64',
  md5: 'md5',
  custodyState: 'custody_state',
  custodyMessage: 'custody_message',
  partSize: 'part_size',
  uploadId: 'upload_id',
  createdAt: 'created_at',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
};
const SELECT = `SELECT ${Object.entries(COLUMNS)
  .map(([field, column]) => `${column} AS "${field}"`)
  .join(', ')} FROM uploads`;

export class UploadStore {
  private readonly db: Database.Database;

  /** `file` is a path, or `:memory:` for a queue that does not outlive the process. */
  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    migrate(this.db, UPLOAD_MIGRATIONS);
  }

  all(): UploadRecord[] {
    return this.db.prepare(`${SELECT} ORDER BY seq`).all() as UploadRecord[];
  }

  insert(records: readonly Omit<UploadRecord, 'seq'>[]): UploadRecord[] {
    const next = this.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM uploads');
    const fields = Object.keys(COLUMNS) as (keyof UploadRecord)[];
    const insert = this.db.prepare(
      `INSERT INTO uploads (${fields.map((f) => COLUMNS[f]).join(', ')}) VALUES (${fields.map((f) => `@${f}`).join(', ')})`,
    );
    return this.db.transaction(() =>
      records.map((record) => {
        const row = { ...record, seq: (next.get() as { seq: number }).seq };
        insert.run(row);
        return row;
      }),
    )();
  }

  update(id: string, patch: Partial<Omit<UploadRecord, 'id' | 'seq'>>): void {
    const fields = Object.keys(patch) as (keyof UploadRecord)[];
    if (fields.length === 0) return;
    this.db.prepare(`UPDATE uploads SET ${fields.map((f) => `${COLUMNS[f]} = @${f}`).join(', ')} WHERE id = @id`).run({ ...patch, id });
  }

  remove(ids: readonly string[]): void {
    const remove = this.db.prepare('DELETE FROM uploads WHERE id = ?');
    this.db.transaction(() => ids.forEach((id) => remove.run(id)))();
  }

  parts(id: string): PartRecord[] {
    return this.db
      .prepare('SELECT part_number AS partNumber, etag, size FROM upload_parts WHERE upload_id = ? ORDER BY part_number')
      .all(id) as PartRecord[];
  }

  addPart(id: string, part: PartRecord): void {
    this.db
      .prepare('INSERT OR REPLACE INTO upload_parts (upload_id, part_number, etag, size) VALUES (?, ?, ?, ?)')
      .run(id, part.partNumber, part.etag, part.size);
  }

  /** Forgets the multipart upload: after the file changed, or when S3 no longer knows it. */
  resetMultipart(id: string, patch: Partial<Omit<UploadRecord, 'id' | 'seq'>> = {}): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM upload_parts WHERE upload_id = ?').run(id);
      this.update(id, { uploadId: null, ...patch });
    })();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
