import {
  CreateTableCommand,
  waitUntilTableExists,
  type AttributeDefinition,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import type { AssetSortField } from '../../ports';

/**
 * The catalog's single DynamoDB table. Every key attribute is a string.
 *
 * | record      | pk                     | sk                 | indexed in                           |
 * |-------------|------------------------|--------------------|--------------------------------------|
 * | folder      | `folder#<parent path>` | `<name>`           |                                      |
 * | asset       | `asset#<id>`           | `asset`            | the five listing indexes, tree, byStatus |
 * | note        | `asset#<asset id>`     | `note#<id>`        | (beside its asset: notes.ts)         |
 * | note pointer| `note#<id>`            | `note`             | (holds the asset id)                 |
 * | key lock    | `key#<key>`            | `key`              | (holds the asset id: keys are unique)|
 * | change      | `change`               | seq, 16 digits     |                                      |
 * | pending     | `pending`              | time#writer#n      | (a change not numbered yet, feed.ts) |
 * | counter     | `counter`              | `changes`          | (newest seq, number of assets)       |
 * | audit event | `audit#<id>`           | `audit`            | audit, auditByActor                  |
 * | folder move | `move`                 | `<from path>`      | (a move in progress, folderMove.ts)  |
 * | workstation | `workstation`          | `<id>`             |                                      |
 * | transfer job| `transfer#<id>`        | `job`              | transfers, transfersByRequester, unfinishedTransfers |
 * | job's files | `transfer#<id>`        | `files#<token>#<n>`| (chunks of the file list, transfers.ts) |
 * | MHL generation | `custody#<root path>` | sequence, 8 digits | (custody.ts)                        |
 * | custody entry  | `custodyAsset#<id>`   | root␁sequence␁hop  | (custody.ts)                        |
 *
 * A folder lives in its parent's partition, so `getFolder` is one GetItem and the children
 * of a folder are one strongly consistent Query, by name. The listing indexes partition
 * assets by `live#<folder>` or `trash#<folder>` and sort them by one field each; the tree
 * index holds every asset by key in one partition, so the assets under a folder, at any
 * depth, are one Query with `begins_with`. The status index partitions assets by status,
 * by id, so ingest finds its work without reading every asset. The audit indexes sort events by time, then id,
 * all of them or one actor's. Index sort keys join their fields with U+0001, below any
 * character a name or a time holds, so string order is field-by-field order; numbers are
 * zero-padded. Index reads are eventually consistent.
 */
export const CATALOG_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;

/** Sort field → the index that lists a folder's assets in that order. */
export const LISTING_INDEXES = {
  name: { indexName: 'byName', partitionKey: 'listPk', sortKey: 'sortName' },
  created: { indexName: 'byCreated', partitionKey: 'listPk', sortKey: 'sortCreated' },
  modified: { indexName: 'byModified', partitionKey: 'listPk', sortKey: 'sortModified' },
  size: { indexName: 'bySize', partitionKey: 'listPk', sortKey: 'sortSize' },
  type: { indexName: 'byType', partitionKey: 'listPk', sortKey: 'sortType' },
} as const satisfies Record<AssetSortField, CatalogIndex>;

export const TREE_INDEX = { indexName: 'tree', partitionKey: 'treePk', sortKey: 'treeSk' } as const;
export const STATUS_INDEX = { indexName: 'byStatus', partitionKey: 'statusPk', sortKey: 'statusSk' } as const;
export const AUDIT_INDEX = { indexName: 'audit', partitionKey: 'auditPk', sortKey: 'auditSk' } as const;
export const AUDIT_BY_ACTOR_INDEX = { indexName: 'auditByActor', partitionKey: 'actorPk', sortKey: 'auditSk' } as const;

/** Transfer jobs newest first (createdAt, then id), everyone's or one requester's. */
export const TRANSFERS_INDEX = { indexName: 'transfers', partitionKey: 'transfersPk', sortKey: 'transferSk' } as const;
export const TRANSFERS_BY_REQUESTER_INDEX = {
  indexName: 'transfersByRequester',
  partitionKey: 'requesterPk',
  sortKey: 'transferSk',
} as const;
/** Sparse: only jobs still queued or running carry its key, by deadline, for the timeout sweep. */
export const UNFINISHED_TRANSFERS_INDEX = {
  indexName: 'unfinishedTransfers',
  partitionKey: 'unfinishedPk',
  sortKey: 'deadlineSk',
} as const;

export interface CatalogIndex {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

/** Every global secondary index, for the CDK stack; each projects all attributes. */
export const CATALOG_INDEXES: readonly CatalogIndex[] = [
  ...Object.values(LISTING_INDEXES),
  TREE_INDEX,
  STATUS_INDEX,
  AUDIT_INDEX,
  AUDIT_BY_ACTOR_INDEX,
  TRANSFERS_INDEX,
  TRANSFERS_BY_REQUESTER_INDEX,
  UNFINISHED_TRANSFERS_INDEX,
];

/** Creates the catalog table (on-demand billing) and waits until it is active. */
export async function createCatalogTables(client: DynamoDBClient, tableName: string): Promise<void> {
  const keyNames = new Set<string>([CATALOG_KEYS.partitionKey, CATALOG_KEYS.sortKey]);
  for (const index of CATALOG_INDEXES) keyNames.add(index.partitionKey).add(index.sortKey);
  const attributes: AttributeDefinition[] = [...keyNames].map((name) => ({ AttributeName: name, AttributeType: 'S' }));
  const indexes: GlobalSecondaryIndex[] = CATALOG_INDEXES.map((index) => ({
    IndexName: index.indexName,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' },
      { AttributeName: index.sortKey, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: 'ALL' },
  }));
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: attributes,
      KeySchema: [
        { AttributeName: CATALOG_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: CATALOG_KEYS.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: indexes,
      // The change feed is numbered from the stream (pump.ts).
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 120, minDelay: 1 }, { TableName: tableName });
}
