// One writer of the `feed` benchmark, in a process of its own like one ingest Lambda: it
// commits its share of the card's assets one after another, either through the DynamoDB
// catalog (each a numbered change in the feed) or as the baseline, one plain conditional
// PutItem of the same asset item each. It prints `ready`, waits for a line on stdin so every
// writer starts together, then prints its answer as one JSON line.
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoCatalog } from '../../../lambdas/src/adapters/dynamoCatalog';
import { assetItem } from '../../../lambdas/src/adapters/dynamo/records';
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
if (mode !== 'catalog' && mode !== 'baseline') throw new Error(`FEED_MODE is catalog or baseline, not ${mode}`);

const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const catalog = new DynamoCatalog({ client, tableName });
const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

const commit =
  mode === 'catalog'
    ? (index: number) => catalog.createAsset(feedAsset(index)).then(() => undefined)
    : (index: number) =>
        doc
          .send(
            new PutCommand({ TableName: tableName, Item: assetItem(feedAsset(index)), ConditionExpression: 'attribute_not_exists(pk)' }),
          )
          .then(() => undefined);

process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => lines.once('line', () => resolve()));
lines.close();

const started = performance.now();
for (let index = first; index < first + count; index += 1) await commit(index);
const seconds = (performance.now() - started) / 1000;
client.destroy();
process.stdout.write(`${JSON.stringify({ committed: count, seconds })}\n`);
