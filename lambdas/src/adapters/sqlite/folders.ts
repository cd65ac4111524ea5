import type Database from 'better-sqlite3';
import { basename, parentOf, type Folder, type IsoDateTime } from '@rushes/shared';
import { CatalogConflict, CatalogNotFound, type CatalogFolder, type FolderPatch } from '../../ports';
import type { Changed, Write } from './feed';
import { prefixBound } from './pages';
import { folderToRow, parentOfRow, rowToFolder, type FolderRow } from './rows';

// Folders and their ACLs in SQLite. A move or a removal rewrites the whole tree below the
// folder, assets included, in one statement each, with the change rows of every record touched.

export class SqliteFolderTables {
  private readonly sql: ReturnType<typeof prepare>;

  constructor(
    private readonly write: Write,
    private readonly changed: Changed,
    db: Database.Database,
    /** Stamps the changes of removals, whose port methods take no time. */
    private readonly now: () => IsoDateTime,
  ) {
    this.sql = prepare(db);
  }

  getFolder(path: string): CatalogFolder | null {
    const row = this.sql.folder.get(path);
    return row ? rowToFolder(row) : null;
  }

  createFolder(folder: Folder): CatalogFolder {
    const created: CatalogFolder = { ...folder, trash: null };
    const parent = parentOrThrow(folder.path);
    this.write(() => {
      if (parent !== '' && !this.sql.folder.get(parent)) {
        throw new CatalogNotFound(`Cannot create ${folder.path}: its parent folder ${parent} does not exist`);
      }
      if (this.sql.folder.get(folder.path)) throw new CatalogConflict(`Folder ${folder.path} already exists`);
      this.sql.insertFolder.run(folderToRow(created, parent));
      this.changed('folder.put', parent, folder.path, folder.modifiedAt);
    });
    return created;
  }

  updateFolder(path: string, patch: FolderPatch, at: IsoDateTime): CatalogFolder {
    return this.write(() => {
      const row = this.sql.folder.get(path);
      if (!row) throw new CatalogNotFound(`Folder ${path} does not exist`);
      const current = rowToFolder(row);
      const { look: before, ...rest } = current;
      const look = patch.look === undefined ? before : patch.look;
      const updated: CatalogFolder = {
        ...rest,
        aclGroups: patch.aclGroups ?? current.aclGroups,
        trash: patch.trash === undefined ? current.trash : patch.trash,
        ...(look ? { look } : {}),
        modifiedAt: at,
      };
      this.sql.updateFolder.run(folderToRow(updated, parentOfRow(row)));
      this.changed('folder.put', parentOfRow(row), path, at);
      return updated;
    });
  }

  listFolders(parentPath: string, options: { includeTrashed?: boolean }): CatalogFolder[] {
    const rows = parentPath === '' ? this.sql.topFolders.all() : this.sql.childFolders.all(parentPath);
    return rows.filter((row) => options.includeTrashed === true || row.trashed_at === null).map(rowToFolder);
  }

  moveFolder(fromPath: string, toPath: string, at: IsoDateTime): void {
    const fromBound = prefixBound(fromPath);
    const toBound = prefixBound(toPath);
    const toParent = parentOrThrow(toPath);
    if (fromBound === null || toBound === null) throw new Error('The root folder cannot be moved, nor replaced');
    this.write(() => {
      if (!this.sql.folder.get(fromPath)) throw new CatalogNotFound(`Folder ${fromPath} does not exist`);
      if (toPath.startsWith(fromPath)) {
        throw new Error(`Cannot move ${fromPath} to ${toPath}: a folder cannot move into itself`);
      }
      if (this.sql.folder.get(toPath) || this.sql.firstAssetUnder.get(toPath, toBound)) {
        throw new CatalogConflict(`Cannot move ${fromPath} to ${toPath}: ${toPath} already exists`);
      }
      if (toParent !== '' && !this.sql.folder.get(toParent)) {
        throw new CatalogNotFound(`Cannot move ${fromPath} to ${toPath}: folder ${toParent} does not exist`);
      }
      const range = { from: fromPath, bound: fromBound, at };
      this.sql.folderRemovedChanges.run(range);
      this.sql.assetRemovedChanges.run(range);
      this.sql.moveFolders.run({ ...range, to: toPath, toParent: toParent === '' ? null : toParent, toName: basename(toPath) });
      this.sql.moveAssets.run({ ...range, to: toPath });
      const moved = { from: toPath, bound: toBound, at };
      this.sql.folderPutChanges.run(moved);
      this.sql.assetPutChanges.run(moved);
    });
  }

  removeFolderTree(path: string): void {
    const bound = prefixBound(path);
    if (bound === null) throw new Error('The root folder has no record to remove');
    this.write(() => {
      if (!this.sql.folder.get(path)) throw new CatalogNotFound(`Folder ${path} does not exist`);
      const range = { from: path, bound, at: this.now() };
      this.sql.folderRemovedChanges.run(range);
      this.sql.removeFolders.run(range);
    });
  }
}

function parentOrThrow(path: string): string {
  const parent = path.endsWith('/') ? parentOf(path) : null;
  if (parent === null) throw new Error(`"${path}" is not a folder path (like "Show/Day/")`);
  return parent;
}

function prepare(db: Database.Database) {
  // Rewrites a path under @from to the same path under @to. substr counts characters, as length does.
  const moved = (column: string) => `@to || substr(${column}, length(@from) + 1)`;
  // The change rows of every folder or asset in the range [@from, @bound), in path order.
  const folderChanges = (kind: string) =>
    `INSERT INTO changes (kind, folder_path, target, at)
     SELECT '${kind}', coalesce(parent_path, ''), path, @at FROM folders
     WHERE path >= @from AND path < @bound ORDER BY path`;
  const assetChanges = (kind: string) =>
    `INSERT INTO changes (kind, folder_path, target, at)
     SELECT '${kind}', folder_path, id, @at FROM assets WHERE key >= @from AND key < @bound ORDER BY key`;
  return {
    folder: db.prepare<unknown[], FolderRow>('SELECT * FROM folders WHERE path = ?'),
    topFolders: db.prepare<unknown[], FolderRow>('SELECT * FROM folders WHERE parent_path IS NULL ORDER BY name'),
    childFolders: db.prepare<unknown[], FolderRow>('SELECT * FROM folders WHERE parent_path = ? ORDER BY name'),
    firstAssetUnder: db.prepare('SELECT 1 FROM assets WHERE key >= ? AND key < ? LIMIT 1'),
    insertFolder: db.prepare(
      `INSERT INTO folders (path, parent_path, name, acl_groups, created_by, created_at, modified_at, trashed_at, trashed_by, look)
       VALUES (@path, @parent_path, @name, @acl_groups, @created_by, @created_at, @modified_at, @trashed_at, @trashed_by, @look)`,
    ),
    updateFolder: db.prepare(
      `UPDATE folders SET acl_groups = @acl_groups, modified_at = @modified_at, trashed_at = @trashed_at, trashed_by = @trashed_by,
       look = @look WHERE path = @path`,
    ),
    // The moved folder takes its new parent and name; folders below keep their names, and
    // their parents move with them. Foreign keys are checked when the statement ends.
    moveFolders: db.prepare(
      `UPDATE folders SET
         path = ${moved('path')},
         parent_path = CASE WHEN path = @from THEN @toParent ELSE ${moved('parent_path')} END,
         name = CASE WHEN path = @from THEN @toName ELSE name END,
         modified_at = @at
       WHERE path >= @from AND path < @bound`,
    ),
    // A move changes every asset record below, so each gets a new version: an update based
    // on a copy read before the move is refused instead of silently undoing it.
    moveAssets: db.prepare(
      `UPDATE assets SET key = ${moved('key')}, folder_path = ${moved('folder_path')}, version = version + 1, modified_at = @at
       WHERE key >= @from AND key < @bound`,
    ),
    removeFolders: db.prepare('DELETE FROM folders WHERE path >= @from AND path < @bound'),
    folderRemovedChanges: db.prepare(folderChanges('folder.removed')),
    folderPutChanges: db.prepare(folderChanges('folder.put')),
    assetRemovedChanges: db.prepare(assetChanges('asset.removed')),
    assetPutChanges: db.prepare(assetChanges('asset.put')),
  };
}
