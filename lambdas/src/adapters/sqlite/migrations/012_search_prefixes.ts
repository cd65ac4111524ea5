import type { Migration } from '../migrate';
import { createWordIndexSql } from './010_asset_search';

/**
 * The word index again, with prefix indexes up to six letters (010 had one to three). FTS5
 * answers a prefix it has no index for by merging every matching word's list of rows before
 * the first row comes back, so at a million assets a common four-letter word (`show`, every
 * asset's folder) took half a second or more; with the prefix index it reads lazily and a
 * page of 50 comes back in about a millisecond (docs/benchmarks.md, `scale`). About 50 %
 * more index (112 MB against 76 MB at a million assets); rebuilt from the assets here, which
 * takes a minute or two at a million.
 */
export const migration012: Migration = {
  version: 12,
  name: 'search index prefixes up to six letters',
  up(db) {
    db.exec(`
      DROP TRIGGER asset_words_insert;
      DROP TRIGGER asset_words_update;
      DROP TRIGGER asset_words_delete;
      DROP TABLE asset_words;
    `);
    db.exec(createWordIndexSql('1 2 3 4 5 6'));
  },
};
