import type Database from 'better-sqlite3';
import type { AssetStatus, IsoDateTime } from '@rushes/shared';
import { CatalogConflict, CatalogNotFound, type AssetQuery, type CatalogAsset, type Page } from '../../ports';
import type { Changed, Write } from './feed';
import {
  MAX_PAGE_SIZE,
  assetPageSql,
  checkLimit,
  decodeAssetCursor,
  decodeStatusCursor,
  encodeAssetCursor,
  encodeStatusCursor,
  pageOf,
  prefixBound,
} from './pages';
import { assetToRow, rowToAsset, type AssetRow } from './rows';
import { statementCache } from './statements';

// Asset records in SQLite: one row each, the version checked on every update so that an
// update based on an older copy is refused.

/** How many assets listAssetsUnder reads per query; the connection is free between batches. */
const UNDER_BATCH = 200;

const ASSET_COLUMNS = [
  'id',
  'key',
  'folder_path',
  'name',
  'type_sort',
  'size',
  'checksum',
  'kind',
  'status',
  'failure_reason',
  'locations',
  'technical',
  'derived',
  'created_by',
  'created_at',
  'modified_at',
  'version',
  'trashed_at',
  'trashed_by',
  'annotations',
  'review',
  'production',
  'graded',
  'custody',
] as const;

export class SqliteAssetTables {
  private readonly sql: ReturnType<typeof prepare>;
  private readonly pageStatement: (sql: string) => Database.Statement<unknown[], AssetRow>;

  constructor(
    private readonly write: Write,
    private readonly changed: Changed,
    db: Database.Database,
    /** Stamps the changes of removals, whose port methods take no time. */
    private readonly now: () => IsoDateTime,
  ) {
    this.sql = prepare(db);
    this.pageStatement = statementCache<AssetRow>(db);
  }

  getAsset(id: string): CatalogAsset | null {
    const row = this.sql.asset.get(id);
    return row ? rowToAsset(row) : null;
  }

  getAssets(ids: readonly string[]): CatalogAsset[] {
    return this.sql.assetsById.all(JSON.stringify(ids)).map(rowToAsset);
  }

  getAssetByKey(key: string): CatalogAsset | null {
    const row = this.sql.assetByKey.get(key);
    return row ? rowToAsset(row) : null;
  }

  createAsset(asset: CatalogAsset): CatalogAsset {
    if (asset.version !== 1) throw new Error(`A new asset has version 1, not ${asset.version} (${asset.key})`);
    this.write(() => {
      if (this.sql.asset.get(asset.id)) throw new CatalogConflict(`Asset ${asset.id} already exists`);
      if (this.sql.assetByKey.get(asset.key)) throw new CatalogConflict(`An asset already has the key ${asset.key}`);
      this.sql.insertAsset.run(assetToRow(asset));
      this.changed('asset.put', asset.folderPath, asset.id, asset.modifiedAt);
    });
    return asset;
  }

  updateAsset(asset: CatalogAsset): CatalogAsset {
    this.write(() => {
      const stored = this.sql.asset.get(asset.id);
      if (!stored) throw new CatalogNotFound(`Asset ${asset.id} does not exist`);
      if (stored.version !== asset.version - 1) {
        throw new CatalogConflict(
          `Asset ${asset.id} is at version ${stored.version}; an update to version ${asset.version} was based on an older copy`,
        );
      }
      const holder = this.sql.assetByKey.get(asset.key);
      if (holder && holder.id !== asset.id) throw new CatalogConflict(`An asset already has the key ${asset.key}`);
      this.sql.updateAsset.run(assetToRow(asset));
      if (stored.folder_path !== asset.folderPath) {
        this.changed('asset.removed', stored.folder_path, asset.id, asset.modifiedAt);
      }
      this.changed('asset.put', asset.folderPath, asset.id, asset.modifiedAt);
    });
    return asset;
  }

  removeAsset(id: string): void {
    this.write(() => {
      const stored = this.sql.asset.get(id);
      if (!stored) throw new CatalogNotFound(`Asset ${id} does not exist`);
      this.sql.removeAsset.run(id);
      this.changed('asset.removed', stored.folder_path, id, this.now());
    });
  }

  listAssets(query: AssetQuery): Page<CatalogAsset> {
    checkLimit(query.limit, MAX_PAGE_SIZE);
    const after = query.cursor === null ? [] : decodeAssetCursor(query, query.cursor);
    const statement = this.pageStatement(assetPageSql(query.sort, query.direction, after.length > 0));
    const rows = statement.all(query.folderPath, query.trashed === true ? 1 : 0, ...after, query.limit + 1);
    return pageOf(rows, query.limit, rowToAsset, (last) => encodeAssetCursor(query, last));
  }

  /** Reads in batches by key, so callers may change the catalog while they iterate. */
  *listAssetsUnder(prefix: string, options: { includeTrashed?: boolean }): Iterable<CatalogAsset> {
    const bound = prefixBound(prefix);
    const includeTrashed = options.includeTrashed === true ? 1 : 0;
    let after = prefix;
    for (;;) {
      const rows =
        bound === null
          ? this.sql.assetsAfter.all(after, includeTrashed, UNDER_BATCH)
          : this.sql.assetsUnderAfter.all(after, bound, includeTrashed, UNDER_BATCH);
      for (const row of rows) yield rowToAsset(row);
      const last = rows.at(-1);
      if (!last || rows.length < UNDER_BATCH) return;
      after = last.key;
    }
  }

  assetsAfterKey(after: string, limit: number): CatalogAsset[] {
    return this.sql.assetsAfter.all(after, 1, limit).map(rowToAsset);
  }

  assetsByStatus(status: AssetStatus, cursor: string | null, limit: number): Page<CatalogAsset> {
    checkLimit(limit, MAX_PAGE_SIZE);
    const after = cursor === null ? '' : decodeStatusCursor(status, cursor);
    const rows = this.sql.assetsByStatus.all(status, after, limit + 1);
    return pageOf(rows, limit, rowToAsset, (last) => encodeStatusCursor(status, last.id));
  }

  countAssets(): number {
    return this.sql.countAssets.get() as number;
  }
}

function prepare(db: Database.Database) {
  const assetValues = ASSET_COLUMNS.map((column) => `@${column}`).join(', ');
  const assetSet = ASSET_COLUMNS.filter((column) => column !== 'id')
    .map((column) => `${column} = @${column}`)
    .join(', ');
  return {
    asset: db.prepare<unknown[], AssetRow>('SELECT * FROM assets WHERE id = ?'),
    assetByKey: db.prepare<unknown[], AssetRow>('SELECT * FROM assets WHERE key = ?'),
    // One statement for any number of ids: the list travels as a JSON array.
    assetsById: db.prepare<unknown[], AssetRow>('SELECT * FROM assets WHERE id IN (SELECT value FROM json_each(?))'),
    insertAsset: db.prepare(`INSERT INTO assets (${ASSET_COLUMNS.join(', ')}) VALUES (${assetValues})`),
    updateAsset: db.prepare(`UPDATE assets SET ${assetSet} WHERE id = @id`),
    removeAsset: db.prepare('DELETE FROM assets WHERE id = ?'),
    assetsUnderAfter: db.prepare<unknown[], AssetRow>(
      `SELECT * FROM assets WHERE key > ? AND key < ? AND (? OR in_trash = 0) ORDER BY key LIMIT ?`,
    ),
    assetsAfter: db.prepare<unknown[], AssetRow>('SELECT * FROM assets WHERE key > ? AND (? OR in_trash = 0) ORDER BY key LIMIT ?'),
    assetsByStatus: db.prepare<unknown[], AssetRow>('SELECT * FROM assets WHERE status = ? AND id > ? ORDER BY id LIMIT ?'),
    countAssets: db.prepare('SELECT count(*) FROM assets').pluck(),
  };
}
