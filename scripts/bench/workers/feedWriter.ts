// One writer of the `feed` benchmark, in a process of its own like one ingest Lambda: it
// commits its share of the card's assets one after another, either through the DynamoDB
// catalog (each a numbered change in the feed) or as a baseline: the same items the catalog
// writes (the key lock, then the asset item) as plain conditional PutItems (`baseline`), or
// the asset item alone (`assets`). It prints `ready`, waits for a line on stdin so every
// writer starts together, then prints its answer as one JSON line.
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoCatalog } from '../../../lambdas/src/adapters/dynamoCatalog';
import { assetItem, keyLockKey } from '../../../lambdas/src/adapters/dynamo/records';
import { feedAsset } from './feedAssets';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
};
const endpoint = env('FEED_ENDPOINT');
const tableName = env('FEED_TABLE');
const mode = env('FEED_MODE');
const first = Number(env('FEED_FIRST'));
const count = Number(env('FEED_COUNT'));
if (mode !== 'catalog' && mode !== 'baseline' && mode !== 'assets')
  throw new Error(`FEED_MODE is catalog, baseline or assets, not ${mode}`);

const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const catalog = new DynamoCatalog({ client, tableName });
const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

const put = (item: Record<string, unknown>) =>
  doc.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' })).then(() => undefined);
/** The key lock as the catalog's claim writes it (dynamo/keyClaims.ts). */
const lockOf = (index: number) => {
  const asset = feedAsset(index);
  return { ...keyLockKey(asset.key), entity: 'key', assetId: asset.id, claimedAt: Date.now() };
};

const commit =
  mode === 'catalog'
    ? (index: number) => catalog.createAsset(feedAsset(index)).then(() => undefined)
    : mode === 'baseline'
      ? (index: number) => put(lockOf(index)).then(() => put(assetItem(feedAsset(index))))
      : (index: number) => put(assetItem(feedAsset(index)));

process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => lines.once('line', () => resolve()));
lines.close();

const started = performance.now();
for (let index = first; index < first + count; index += 1) await commit(index);
const seconds = (performance.now() - started) / 1000;
client.destroy();
process.stdout.write(`${JSON.stringify({ committed: count, seconds })}\n`);
