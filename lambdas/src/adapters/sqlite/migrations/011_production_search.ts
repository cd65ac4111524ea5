import type { Migration } from '../migrate';

/**
 * A whole value's text for the index: as written and without its leading zeros (`03` also
 * as `3`, `000` also as `0`), so `take:3` finds take `03` (shared productionKeys). Extra
 * words only widen what the index yields; search checks each asset exactly afterwards.
 */
const whole = (row: 'NEW' | 'a', field: string) => {
  const value = `trim(json_extract(${row}.production, '$.${field}'))`;
  return `${value} || ' ' || ltrim(${value}, '0') || CASE WHEN ${value} GLOB '0*' THEN ' 0' ELSE '' END`;
};
const words = (row: 'NEW' | 'a', field: string) => `json_extract(${row}.production, '$.${field}')`;

const VALUES = (row: 'NEW' | 'a') =>
  [whole(row, 'scene'), whole(row, 'take'), whole(row, 'reel'), words(row, 'camera'), words(row, 'lens'), whole(row, 'iso')].join(
    ',\n    ',
  );

/**
 * The index of what crews say (`scene:12A take:3 reel:A002* camera:A lens:32mm iso:800`):
 * one column per field of each asset's camera and sound report (Asset.production), so a
 * search by scene and take reads the assets holding those words instead of walking the
 * scope. Kept apart from the word index (010), whose bare words never look here, and
 * `detail = column` because the terms name their column. Contentless, kept in step by
 * triggers like 010's, and tied to the assets' rowids the same way: after a VACUUM, rebuild
 * it with the INSERT … SELECT below.
 */
export const migration011: Migration = {
  version: 11,
  name: 'production search index',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE asset_production USING fts5(
        scene, take, reel, camera, lens, iso,
        content = '', contentless_delete = 1, detail = column,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
      );
      INSERT INTO asset_production (rowid, scene, take, reel, camera, lens, iso)
        SELECT a.rowid, ${VALUES('a')} FROM assets a WHERE a.production IS NOT NULL;

      CREATE TRIGGER asset_production_insert AFTER INSERT ON assets WHEN NEW.production IS NOT NULL BEGIN
        INSERT INTO asset_production (rowid, scene, take, reel, camera, lens, iso) VALUES (NEW.rowid, ${VALUES('NEW')});
      END;
      CREATE TRIGGER asset_production_update AFTER UPDATE OF production ON assets
      WHEN OLD.production IS NOT NEW.production BEGIN
        DELETE FROM asset_production WHERE rowid = OLD.rowid;
        INSERT INTO asset_production (rowid, scene, take, reel, camera, lens, iso)
          SELECT NEW.rowid, ${VALUES('NEW')} WHERE NEW.production IS NOT NULL;
      END;
      CREATE TRIGGER asset_production_delete AFTER DELETE ON assets WHEN OLD.production IS NOT NULL BEGIN
        DELETE FROM asset_production WHERE rowid = OLD.rowid;
      END;
    `);
  },
};
