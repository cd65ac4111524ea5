import type { Migration } from '../migrate';

/** The words search looks in, computed in SQL from a row: what `searchText` (shared) joins. */
const WORDS = (row: 'NEW' | 'a') => `
  ${row}.name,
  ${row}.folder_path,
  concat_ws(' ',
    json_extract(${row}.technical, '$.container'),
    json_extract(${row}.technical, '$.videoCodec'),
    json_extract(${row}.technical, '$.videoProfile'),
    json_extract(${row}.technical, '$.audioCodec'),
    json_extract(${row}.technical, '$.startTimecode'),
    json_extract(${row}.technical, '$.chromaSubsampling'),
    json_extract(${row}.technical, '$.colourPrimaries'),
    json_extract(${row}.technical, '$.colourTransfer'),
    (SELECT group_concat(value, ' ') FROM json_each(${row}.annotations, '$.tags')),
    json_extract(${row}.annotations, '$.notes'))`;

/** Extra tokens for the word index: SQL over the row, and the columns it reads. */
export interface WordIndexFacets {
  readonly sql: (row: 'NEW' | 'a') => string;
  readonly columns: readonly string[];
}

/**
 * The server's search index: a word index over each asset's name, folder path and details
 * (the same text the desktop cache indexes), so search reads the assets holding the typed
 * word prefixes instead of walking every asset in scope. Triggers keep it in step with
 * every write, folder moves included, so no write path can forget it. Contentless (the
 * words are derived from the row) with prefix indexes for the one- to three-letter prefixes
 * people type first; `detail = none` because search matches prefixes, never phrases.
 * Its rows are tied to the assets' implicit rowids, which a VACUUM may renumber: after one,
 * rebuild it (delete all, then the INSERT … SELECT below).
 *
 * This is the SQL that creates it with prefix indexes for the given prefix lengths
 * (`'1 2 3'` here; migration 012 rebuilds it with more), fills it from the assets there and
 * adds the triggers that keep it in step. With `facets` (migration 013) it has a fourth
 * column of tokens computed from other columns of the row, and the update trigger also
 * fires when those columns change.
 */
export function createWordIndexSql(prefix: string, facets?: WordIndexFacets): string {
  const columns = facets ? 'name, path, details, facets' : 'name, path, details';
  const values = (row: 'NEW' | 'a') => (facets ? `${WORDS(row)},\n  ${facets.sql(row)}` : WORDS(row));
  const watched = ['name', 'folder_path', 'technical', 'annotations', ...(facets?.columns ?? [])];
  return `
      CREATE VIRTUAL TABLE asset_words USING fts5(
        ${columns},
        content = '', contentless_delete = 1, detail = none,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '${prefix}'
      );
      INSERT INTO asset_words (rowid, ${columns}) SELECT a.rowid, ${values('a')} FROM assets a;

      CREATE TRIGGER asset_words_insert AFTER INSERT ON assets BEGIN
        INSERT INTO asset_words (rowid, ${columns}) VALUES (NEW.rowid, ${values('NEW')});
      END;
      CREATE TRIGGER asset_words_update AFTER UPDATE OF ${watched.join(', ')} ON assets
      WHEN ${watched.map((column) => `OLD.${column} IS NOT NEW.${column}`).join(' OR ')} BEGIN
        DELETE FROM asset_words WHERE rowid = OLD.rowid;
        INSERT INTO asset_words (rowid, ${columns}) VALUES (NEW.rowid, ${values('NEW')});
      END;
      CREATE TRIGGER asset_words_delete AFTER DELETE ON assets BEGIN
        DELETE FROM asset_words WHERE rowid = OLD.rowid;
      END;
    `;
}

export const migration010: Migration = {
  version: 10,
  name: 'asset search index',
  up(db) {
    db.exec(createWordIndexSql('1 2 3'));
  },
};
