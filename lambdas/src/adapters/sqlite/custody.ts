import type Database from 'better-sqlite3';
import type { CustodyEntry } from '@rushes/shared';
import { CatalogConflict, type CustodyGeneration } from '../../ports';
import type { Write } from './feed';

// Chain-of-custody records in SQLite (migration 009). The catalog runs every write here
// inside its own immediate transaction, so a taken generation number rolls back the whole call.

interface GenerationRow {
  root_path: string;
  sequence: number;
  manifest_name: string;
  c4: string;
  hop: CustodyGeneration['hop'];
  by: string;
  created_at: string;
  transfer_id: string | null;
}

interface EntryRow {
  asset_id: string;
  root_path: string;
  sequence: number;
  path: string;
  manifest_name: string;
  hop: CustodyEntry['hop'];
  state: CustodyEntry['state'];
  hashes: string;
  expected: string | null;
  by: string;
  detail: string | null;
  at: string;
}

export class SqliteCustodyTables {
  private readonly sql: ReturnType<typeof prepare>;

  constructor(
    private readonly write: Write,
    db: Database.Database,
  ) {
    this.sql = prepare(db);
  }

  addGenerations(generations: readonly CustodyGeneration[], entries: readonly CustodyEntry[]): void {
    this.write(() => {
      for (const generation of generations) {
        if (this.sql.generation.get(generation.rootPath, generation.sequence)) {
          throw new CatalogConflict(`Generation ${generation.sequence} of ${generation.rootPath} is already recorded`);
        }
        this.sql.insertGeneration.run({
          root_path: generation.rootPath,
          sequence: generation.sequence,
          manifest_name: generation.manifestName,
          c4: generation.c4,
          hop: generation.hop,
          by: generation.by,
          created_at: generation.createdAt,
          transfer_id: generation.transferId,
        });
      }
      for (const entry of entries) {
        this.sql.insertEntry.run({
          asset_id: entry.assetId,
          root_path: entry.rootPath,
          sequence: entry.sequence,
          path: entry.path,
          manifest_name: entry.manifestName,
          hop: entry.hop,
          state: entry.state,
          hashes: JSON.stringify(entry.hashes),
          expected: entry.expected ? JSON.stringify(entry.expected) : null,
          by: entry.by,
          detail: entry.detail,
          at: entry.at,
        });
      }
    });
  }

  listGenerations(rootPath: string): CustodyGeneration[] {
    return this.sql.generations.all(rootPath).map((row) => ({
      rootPath: row.root_path,
      sequence: row.sequence,
      manifestName: row.manifest_name,
      c4: row.c4,
      hop: row.hop,
      by: row.by,
      createdAt: row.created_at,
      transferId: row.transfer_id,
    }));
  }

  listAssetEntries(assetId: string): CustodyEntry[] {
    return this.sql.entries.all(assetId).map((row) => ({
      assetId: row.asset_id,
      rootPath: row.root_path,
      path: row.path,
      sequence: row.sequence,
      manifestName: row.manifest_name,
      hop: row.hop,
      state: row.state,
      hashes: JSON.parse(row.hashes) as CustodyEntry['hashes'],
      expected: row.expected ? (JSON.parse(row.expected) as CustodyEntry['expected']) : null,
      by: row.by,
      detail: row.detail,
      at: row.at,
    }));
  }
}

function prepare(db: Database.Database) {
  return {
    generation: db.prepare<[string, number], { sequence: number }>(
      'SELECT sequence FROM custody_generations WHERE root_path = ? AND sequence = ?',
    ),
    insertGeneration: db.prepare<GenerationRow>(
      `INSERT INTO custody_generations (root_path, sequence, manifest_name, c4, hop, by, created_at, transfer_id)
       VALUES (@root_path, @sequence, @manifest_name, @c4, @hop, @by, @created_at, @transfer_id)`,
    ),
    generations: db.prepare<[string], GenerationRow>('SELECT * FROM custody_generations WHERE root_path = ? ORDER BY sequence'),
    // A hop recorded again for the same generation (a retried call) replaces its entry.
    insertEntry: db.prepare<EntryRow>(
      `INSERT OR REPLACE INTO custody_entries (asset_id, root_path, sequence, path, manifest_name, hop, state, hashes, expected, by, detail, at)
       VALUES (@asset_id, @root_path, @sequence, @path, @manifest_name, @hop, @state, @hashes, @expected, @by, @detail, @at)`,
    ),
    entries: db.prepare<[string], EntryRow>('SELECT * FROM custody_entries WHERE asset_id = ? ORDER BY at, sequence, hop'),
  };
}
