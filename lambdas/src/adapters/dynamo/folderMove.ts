// Moving or renaming a folder tree, which may touch more items than one transaction holds.
//
// A move runs in steps, each a series of transactions of at most 100 items:
//   0. a move mark (`move` / `<from>` → `<to>`) is written; while it exists, no other move of
//      that folder starts;
//   1. each folder is moved, parents first: its old record deleted and the new one written
//      in one mutation, with `folder.removed` at the old parent and `folder.put` at the new;
//   2. each asset is rewritten: key, folder path, version + 1, its key lock moved, with
//      `asset.removed` at the old folder and `asset.put` at the new one;
//      steps 1 and 2 run twice, so assets that arrived under the old path meanwhile follow;
//   3. the mark is deleted.
// Mutations are grouped into transactions by the change feed writer (feed.ts); each one is
// atomic, so each folder and each asset is always in exactly one place, its key lock matches
// it and the feed has its changes. A crash between two transactions leaves a half-moved
// tree: some folders and assets at the new path, the others at the old one, and the mark.
// Calling moveFolder again with the same paths, or `resumeFolderMoves` (which reads every
// mark), carries on from there: each step only finds what is still at the old path.
// Only the tree index (eventually consistent) says which assets are under a folder; an asset
// it has not caught up with yet is left under the old path and is found by the next rescan,
// like any object whose catalog record disagrees with storage.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { basename, parentOf } from '@rushes/shared';
import { CatalogConflict, CatalogNotFound, type CatalogAsset, type CatalogFolder } from '../../ports';
import { WriteRefused, type Mutation } from './feed';
import { MOVE_PK, moveKey, toAsset, type Item } from './records';
import type { CatalogTable } from './table';
import { deleteFolder, deleteMoveMark, lockKey, putNewFolder, replaceAsset, unlockKey } from './writes';

export interface MoveMark {
  readonly fromPath: string;
  readonly toPath: string;
  readonly at: string;
}

const ASSETS_PER_BATCH = 100;
const ATTEMPTS = 5;

export async function moveFolderTree(table: CatalogTable, fromPath: string, toPath: string, at: string): Promise<void> {
  if (!isFolderPath(fromPath) || !isFolderPath(toPath)) throw new Error('The root folder cannot be moved, nor replaced');
  const mark = await table.get(moveKey(fromPath));
  if (mark) {
    if (mark['toPath'] !== toPath) throw new CatalogConflict(`${fromPath} is already being moved to ${String(mark['toPath'])}`);
    return continueMove(table, toMoveMark(mark));
  }
  if (!(await table.getFolder(fromPath))) throw new CatalogNotFound(`Folder ${fromPath} does not exist`);
  if (toPath.startsWith(fromPath)) throw new Error(`Cannot move ${fromPath} to ${toPath}: a folder cannot move into itself`);
  if (await table.getFolder(toPath)) throw new CatalogConflict(`Cannot move ${fromPath} to ${toPath}: ${toPath} already exists`);
  // Assets whose folder records were purged can still hold keys under the target.
  for await (const asset of table.assetsUnder(toPath)) {
    throw new CatalogConflict(`Cannot move ${fromPath} to ${toPath}: ${asset.key} already exists`);
  }
  const toParent = parentOf(toPath) ?? '';
  if (toParent !== '' && !(await table.getFolder(toParent))) {
    throw new CatalogNotFound(`Cannot move ${fromPath} to ${toPath}: folder ${toParent} does not exist`);
  }
  const started: MoveMark = { fromPath, toPath, at };
  try {
    await table.doc.send(
      new PutCommand({
        TableName: table.name,
        Item: { ...moveKey(fromPath), entity: 'move', ...started },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') {
      throw new CatalogConflict(`${fromPath} is already being moved.`);
    }
    throw error;
  }
  await continueMove(table, started);
}

/** Finishes every move a crash interrupted; returns how many there were. */
export async function resumeFolderMoves(table: CatalogTable): Promise<number> {
  const marks: MoveMark[] = [];
  const items = table.query({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': MOVE_PK },
    ConsistentRead: true,
  });
  for await (const item of items) marks.push(toMoveMark(item));
  for (const mark of marks) await continueMove(table, mark);
  return marks.length;
}

async function continueMove(table: CatalogTable, mark: MoveMark): Promise<void> {
  for (let pass = 0; pass < 2; pass += 1) {
    await moveFolders(table, mark);
    await moveAssets(table, mark);
  }
  await table.feed.commit({ writes: [deleteMoveMark(table.name, mark.fromPath)], changes: [] });
}

async function moveFolders(table: CatalogTable, mark: MoveMark): Promise<void> {
  const sources = await table.folderTree(mark.fromPath);
  const moves = table.feed.commitAll(
    sources.map((folder): Mutation => {
      const moved: CatalogFolder = {
        ...folder,
        path: renamed(mark, folder.path),
        name: folder.path === mark.fromPath ? basename(mark.toPath) : folder.name,
        modifiedAt: mark.at,
      };
      return {
        writes: [deleteFolder(table.name, folder.path), putNewFolder(table.name, moved)],
        changes: [
          { kind: 'folder.removed', folderPath: parentOf(folder.path) ?? '', target: folder.path, at: mark.at },
          { kind: 'folder.put', folderPath: parentOf(moved.path) ?? '', target: moved.path, at: mark.at },
        ],
      };
    }),
  );
  try {
    await moves;
  } catch (error) {
    if (!(error instanceof WriteRefused)) throw error;
    throw new CatalogConflict(`Moving ${mark.fromPath} to ${mark.toPath} stopped: a folder was created at the target meanwhile.`);
  }
}

async function moveAssets(table: CatalogTable, mark: MoveMark): Promise<void> {
  let batch: CatalogAsset[] = [];
  for await (const asset of table.assetsUnder(mark.fromPath)) {
    batch.push(asset);
    if (batch.length === ASSETS_PER_BATCH) {
      await moveBatch(table, mark, batch);
      batch = [];
    }
  }
  if (batch.length > 0) await moveBatch(table, mark, batch);
}

async function moveBatch(table: CatalogTable, mark: MoveMark, assets: CatalogAsset[]): Promise<void> {
  let pending = assets;
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const mutations = pending.map((asset): Mutation => {
      const moved: CatalogAsset = {
        ...asset,
        key: renamed(mark, asset.key),
        folderPath: renamed(mark, asset.folderPath),
        version: asset.version + 1,
        modifiedAt: mark.at,
      };
      return {
        writes: [
          replaceAsset(table.name, moved, asset.version),
          unlockKey(table.name, asset.key, asset.id),
          lockKey(table.name, moved.key, asset.id),
        ],
        changes: [
          { kind: 'asset.removed', folderPath: asset.folderPath, target: asset.id, at: mark.at },
          { kind: 'asset.put', folderPath: moved.folderPath, target: asset.id, at: mark.at },
        ],
      };
    });
    try {
      await table.feed.commitAll(mutations);
      return;
    } catch (error) {
      if (!(error instanceof WriteRefused)) throw error;
      if (attempt >= ATTEMPTS) {
        throw new CatalogConflict(
          `Moving ${mark.fromPath} to ${mark.toPath} stopped: assets kept changing or a key is taken. Run the move again to finish it.`,
        );
      }
      // Someone changed an asset meanwhile, or the index was behind: read them again, keep
      // those still under the source.
      const fresh = await Promise.all(pending.map((asset) => table.getAssetItem(asset.id)));
      pending = fresh
        .filter((item): item is Item => item !== undefined)
        .map(toAsset)
        .filter((asset) => asset.key.startsWith(mark.fromPath));
    }
  }
}

function renamed(mark: MoveMark, path: string): string {
  return mark.toPath + path.slice(mark.fromPath.length);
}

function isFolderPath(path: string): boolean {
  return path !== '' && path.endsWith('/');
}

function toMoveMark(item: Item): MoveMark {
  return { fromPath: item['fromPath'] as string, toPath: item['toPath'] as string, at: item['at'] as string };
}
