import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecuritySettingsStore } from '../src/ports';
import { DynamoSecuritySettings, JsonFileSecuritySettings } from '../src/adapters/securitySettingsStores';
import { createCatalogTables } from '../src/adapters/dynamoCatalog';
import { dynamoLocalClient, dynamoLocalOrSkip, startDynamoLocal, type DynamoLocal } from '../../scripts/testing/dynamoLocal';
import { tempDataDir } from '../../scripts/testing/localStack';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// Both stores of the sign-in security settings pass the same checks: the JSON file of local
// mode, and the item in the catalog's DynamoDB table (DynamoDB Local) of the cloud.
function describeStore(name: string, open: () => Promise<{ store: SecuritySettingsStore; corrupt(): Promise<void> }>) {
  describe(`security settings store: ${name}`, () => {
    it('answers null until saved, then what was saved last', async () => {
      const { store } = await open();
      expect(await store.read()).toBeNull();
      await store.write({ mfaRequiredGroups: ['admin'], idleMinutes: 45 });
      await store.write({ mfaRequiredGroups: ['admin', 'editors'], idleMinutes: 15 });
      expect(await store.read()).toEqual({ mfaRequiredGroups: ['admin', 'editors'], idleMinutes: 15 });
    });

    it('refuses settings it did not write, naming the bad field, rather than guess', async () => {
      const { store, corrupt } = await open();
      await corrupt();
      await expect(store.read()).rejects.toThrow(/idleMinutes/);
    });
  });
}

const data = await tempDataDir('rushes-settings-');
let files = 0;
afterAll(() => data.remove());
describeStore('JSON file', async () => {
  const file = path.join(data.dir, `security-${++files}.json`);
  return {
    store: new JsonFileSecuritySettings(file),
    corrupt: () => writeFile(file, JSON.stringify({ mfaRequiredGroups: [], idleMinutes: 'soon' })),
  };
});

const unavailable = dynamoLocalOrSkip('the DynamoDB settings store');

describe.skipIf(unavailable !== null)('DynamoDB Local', () => {
  let dynamo: DynamoLocal;
  let client: DynamoDBClient;
  let tables = 0;
  beforeAll(async () => {
    dynamo = await startDynamoLocal();
    client = dynamoLocalClient(dynamo);
  }, heavyTimeout(120_000));
  afterAll(async () => {
    client?.destroy();
    await dynamo?.stop();
  });
  describeStore('DynamoDB item', async () => {
    const tableName = `settings_${++tables}`;
    await createCatalogTables(client, tableName);
    return {
      store: new DynamoSecuritySettings(client, tableName),
      corrupt: async () => {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: { pk: { S: 'settings' }, sk: { S: 'security' }, settings: { S: '{"mfaRequiredGroups":[],"idleMinutes":0}' } },
          }),
        );
      },
    };
  });
});
