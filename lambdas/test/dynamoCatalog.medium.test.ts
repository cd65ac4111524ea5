import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoLocalClient, dynamoLocalOrSkip, startDynamoLocal, type DynamoLocal } from '../../scripts/testing/dynamoLocal';
import { DynamoCatalog, createCatalogTables } from '../src/adapters/dynamoCatalog';
import type { CatalogAsset, Change } from '../src/ports';
import { describeCatalogContract } from './catalogContract';

// DynamoDB Local in a private network namespace (needs root, Java 17, unshare and ip), one
// fresh table per test. Each table is created while the test before it runs. Where it cannot
// run (no root, no Java) the suite is skipped with a notice; CI sets RUSHES_REQUIRE_DYNAMO=1.
const unavailable = dynamoLocalOrSkip('the DynamoDB catalog contract');

let dynamo: DynamoLocal;
let client: DynamoDBClient;
let tables = 0;
let nextTable: Promise<string>;
const drops: Promise<unknown>[] = [];

beforeAll(async () => {
  if (unavailable) return;
  dynamo = await startDynamoLocal();
  client = dynamoLocalClient(dynamo);
  nextTable = createTable();
  await nextTable;
});

afterAll(async () => {
  await nextTable?.catch(() => undefined);
  await Promise.allSettled(drops);
  client?.destroy();
  await dynamo?.stop();
});

async function createTable(): Promise<string> {
  tables += 1;
  const tableName = `catalog_${tables}`;
  await createCatalogTables(client, tableName);
  return tableName;
}

async function freshTable(): Promise<{ tableName: string; drop(): Promise<void> }> {
  const tableName = await nextTable;
  nextTable = createTable();
  // Dropped in the background: DynamoDB Local takes a while to delete a table with its indexes.
  const drop = async () => void drops.push(client.send(new DeleteTableCommand({ TableName: tableName })));
  return { tableName, drop };
}

describe.skipIf(unavailable !== null)('DynamoDB catalog (DynamoDB Local)', () => {
  describeCatalogContract('dynamodb', async () => {
    const { tableName, drop } = await freshTable();
    const catalog = new DynamoCatalog({ client, tableName });
    return {
      catalog,
      writer: () => new DynamoCatalog({ client, tableName }),
      async cleanup() {
        await catalog.close();
        await drop();
      },
    };
  });

  describe('DynamoCatalog folder moves', () => {
    const at = '2025-02-01T10:00:00.000Z';

    it('finishes a move that stopped half-way, with every change in the feed once', async () => {
      const { tableName, drop } = await freshTable();
      try {
        const catalog = new DynamoCatalog({ client, tableName });
        await catalog.createFolder(folder('Show/'));
        await catalog.createFolder(folder('Show/Day1/'));
        const assets = Array.from({ length: 60 }, (_, i) => asset(`a${i}`, `Show/Day1/clip ${i}.mov`));
        await Promise.all(assets.map((each) => catalog.createAsset(each)));
        const before = await catalog.latestChange();

        // A client that loses its connection after three transactions, as a Lambda that times out.
        const failing = dynamoLocalClient(dynamo);
        let transactions = 0;
        failing.middlewareStack.add(
          (next, context) => async (args) => {
            if (context.commandName === 'TransactWriteItemsCommand' && ++transactions > 3) throw new Error('connection lost');
            return next(args);
          },
          { step: 'initialize' },
        );
        await expect(new DynamoCatalog({ client: failing, tableName }).moveFolder('Show/Day1/', 'Show/Day2/', at)).rejects.toThrow(
          'connection lost',
        );
        failing.destroy();
        const moved = await keysUnder(catalog, 'Show/Day2/');
        expect(moved.length).toBeGreaterThan(0);
        expect(moved.length).toBeLessThan(60);
        await expect(catalog.moveFolder('Show/Day1/', 'Elsewhere/', at)).rejects.toThrow('already being moved');

        expect(await catalog.resumeFolderMoves()).toBe(1);
        expect(await catalog.resumeFolderMoves()).toBe(0);
        expect(await keysUnder(catalog, 'Show/Day1/')).toEqual([]);
        expect(await keysUnder(catalog, 'Show/Day2/')).toHaveLength(60);
        expect(await catalog.getFolder('Show/Day1/')).toBeNull();
        expect((await catalog.getFolder('Show/Day2/'))?.name).toBe('Day2');
        for (const each of assets) expect((await catalog.getAsset(each.id))?.version).toBe(2);

        const changes = await catalog.changesSince(before, 1000);
        const kinds = (kind: Change['kind']) => changes.filter((change) => change.kind === kind).map((change) => change.target);
        expect(kinds('folder.removed')).toEqual(['Show/Day1/']);
        expect(kinds('folder.put')).toEqual(['Show/Day2/']);
        expect(new Set(kinds('asset.removed')).size).toBe(60);
        expect(kinds('asset.put').sort()).toEqual(assets.map((each) => each.id).sort());
      } finally {
        await drop();
      }
    });
  });

  async function keysUnder(catalog: DynamoCatalog, prefix: string): Promise<string[]> {
    const keys: string[] = [];
    for await (const each of catalog.listAssetsUnder(prefix)) keys.push(each.key);
    return keys;
  }

  function folder(path: string) {
    const name = path.slice(0, -1).split('/').at(-1) ?? '';
    return { path, name, aclGroups: ['admin'], createdBy: 'ana@example.com', createdAt: at0, modifiedAt: at0 };
  }

  const at0 = '2025-01-31T09:30:00.000Z';

  function asset(id: string, key: string): CatalogAsset {
    const slash = key.lastIndexOf('/');
    return {
      id,
      key,
      folderPath: key.slice(0, slash + 1),
      name: key.slice(slash + 1),
      size: 1,
      checksum: null,
      kind: 'video',
      status: 'ready',
      failureReason: null,
      locations: {},
      technical: null,
      derived: { proxy: null, thumbnail: null, filmstrip: null, waveform: null, preview: null },
      createdBy: 'ana@example.com',
      createdAt: at0,
      modifiedAt: at0,
      version: 1,
      trash: null,
    };
  }
});
