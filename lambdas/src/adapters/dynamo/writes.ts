// The conditional writes the catalog is made of, as TransactWriteItems entries.
import type { CatalogAsset, CatalogFolder } from '../../ports';
import type { WriteItem } from './feed';
import { assetItem, folderItem, folderKey, keyLockKey, moveKey, assetKey } from './records';

export const putNewFolder = (table: string, folder: CatalogFolder): WriteItem => ({
  Put: { TableName: table, Item: folderItem(folder, 1), ConditionExpression: 'attribute_not_exists(pk)' },
});

/** Replaces a folder if nobody changed it since `revision` was read. */
export const replaceFolder = (table: string, folder: CatalogFolder, revision: number): WriteItem => ({
  Put: {
    TableName: table,
    Item: folderItem(folder, revision + 1),
    ConditionExpression: '#revision = :revision',
    ExpressionAttributeNames: { '#revision': 'revision' },
    ExpressionAttributeValues: { ':revision': revision },
  },
});

export const deleteFolder = (table: string, path: string): WriteItem => ({
  Delete: { TableName: table, Key: folderKey(path) },
});

export const folderExists = (table: string, path: string): WriteItem => ({
  ConditionCheck: { TableName: table, Key: folderKey(path), ConditionExpression: 'attribute_exists(pk)' },
});

export const putNewAsset = (table: string, asset: CatalogAsset): WriteItem => ({
  Put: { TableName: table, Item: assetItem(asset), ConditionExpression: 'attribute_not_exists(pk)' },
});

/** Replaces an asset if its stored version is still `version`. */
export const replaceAsset = (table: string, asset: CatalogAsset, version: number): WriteItem => ({
  Put: {
    TableName: table,
    Item: assetItem(asset),
    ConditionExpression: '#version = :version',
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: { ':version': version },
  },
});

export const deleteAsset = (table: string, id: string, version: number): WriteItem => ({
  Delete: {
    TableName: table,
    Key: assetKey(id),
    ConditionExpression: '#version = :version',
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: { ':version': version },
  },
});

/** Claims `key` for an asset: a key lock item makes keys unique across all assets. */
export const lockKey = (table: string, key: string, assetId: string): WriteItem => ({
  Put: { TableName: table, Item: { ...keyLockKey(key), entity: 'key', assetId }, ConditionExpression: 'attribute_not_exists(pk)' },
});

/** Frees `key` unless another asset holds it (a lock that is already gone is fine). */
export const unlockKey = (table: string, key: string, assetId: string): WriteItem => ({
  Delete: {
    TableName: table,
    Key: keyLockKey(key),
    ConditionExpression: 'attribute_not_exists(pk) OR assetId = :assetId',
    ExpressionAttributeValues: { ':assetId': assetId },
  },
});

export const deleteMoveMark = (table: string, fromPath: string): WriteItem => ({
  Delete: { TableName: table, Key: moveKey(fromPath) },
});
