import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoLocalClient, dynamoLocalOrSkip, startDynamoLocal, type DynamoLocal } from '../../scripts/testing/dynamoLocal';
import { CONNECTION_KEYS, PushConnections, type PushConnection } from '../src/adapters/dynamo/connections';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// The push channel's connection table on DynamoDB Local (as the catalog's contract runs):
// skipped with a notice where it cannot run; CI sets RUSHES_REQUIRE_DYNAMO=1.
const unavailable = dynamoLocalOrSkip('the push connection table');

const NOW_MS = Date.parse('2026-12-01T10:00:00.000Z');
const NOW = NOW_MS / 1000;
let dynamo: DynamoLocal;
let client: DynamoDBClient;
let tables = 0;

async function freshConnections(): Promise<PushConnections> {
  tables += 1;
  const tableName = `connections_${tables}`;
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: CONNECTION_KEYS.partitionKey, KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: CONNECTION_KEYS.partitionKey, AttributeType: 'S' }],
    }),
  );
  return new PushConnections(DynamoDBDocumentClient.from(client), tableName, () => NOW_MS);
}

const connection = (id: string, groups: string[], expiresAt = NOW + 3600): PushConnection => ({
  connectionId: id,
  principal: { userId: `u-${id}`, email: `${id}@example.com`, groups },
  expiresAt,
});

async function all(connections: PushConnections): Promise<PushConnection[]> {
  const found: PushConnection[] = [];
  for await (const live of connections.live()) found.push(live);
  return found.sort((a, b) => a.connectionId.localeCompare(b.connectionId));
}

beforeAll(async () => {
  if (unavailable) return;
  dynamo = await startDynamoLocal();
  client = dynamoLocalClient(dynamo);
}, heavyTimeout(120_000));

afterAll(async () => {
  client?.destroy();
  await dynamo?.stop();
});

describe.skipIf(unavailable !== null)('PushConnections (DynamoDB Local)', { timeout: heavyTimeout(60_000) }, () => {
  it('records a connection with its user and groups, lists it until its token expires, and forgets it on disconnect', async () => {
    const connections = await freshConnections();
    await connections.put(connection('abc=', ['editors', 'show-a']));
    await connections.put(connection('old=', ['admin'], NOW));
    await connections.put(connection('def=', []));
    expect(await all(connections)).toEqual([connection('abc=', ['editors', 'show-a']), connection('def=', [])]);
    await connections.remove('abc=');
    await connections.remove('never-was=');
    expect(await all(connections)).toEqual([connection('def=', [])]);
  });

  it('pages through more connections than one scan returns', async () => {
    const connections = await freshConnections();
    const ids = Array.from({ length: 1_203 }, (_, i) => `c${String(i).padStart(5, '0')}=`);
    for (let i = 0; i < ids.length; i += 50)
      await Promise.all(ids.slice(i, i + 50).map((id) => connections.put(connection(id, ['editors']))));
    const listed = await all(connections);
    expect(listed.map((c) => c.connectionId)).toEqual(ids);
  });
});
