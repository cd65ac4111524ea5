import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, type _Record } from '@aws-sdk/client-dynamodb-streams';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dynamoLocalClient, dynamoLocalOrSkip, startDynamoLocal, type DynamoLocal } from '../../scripts/testing/dynamoLocal';
import { makeAsset } from '../../scripts/testing/assets';
import { ORPHAN_CLAIM_MS } from '../src/adapters/dynamo/keyClaims';
import { FeedPump } from '../src/adapters/dynamo/pump';
import { COUNTER_KEY, assetKey, changeKey, keyLockKey } from '../src/adapters/dynamo/records';
import { DynamoCatalog, createCatalogTables } from '../src/adapters/dynamoCatalog';
import { CatalogConflict, type Change } from '../src/ports';

// Against DynamoDB Local and its own stream: the change feed numbered from the stream
// (adapters/dynamo/pump.ts) with racing pumps, a pump that dies before it commits, records
// that carry nothing and change items written before runs; and the key claims of new assets
// (keyClaims.ts): a race for one key, a claim on its way, an orphaned claim.
const unavailable = dynamoLocalOrSkip('the change feed pump and key claims');

let dynamo: DynamoLocal;
let client: DynamoDBClient;
let doc: DynamoDBDocumentClient;
let tables = 0;
let tableName: string;
const opened: DynamoCatalog[] = [];

beforeAll(async () => {
  if (unavailable) return;
  dynamo = await startDynamoLocal();
  client = dynamoLocalClient(dynamo);
  doc = DynamoDBDocumentClient.from(client);
});

afterAll(async () => {
  for (const catalog of opened) await catalog.close();
  client?.destroy();
  await dynamo?.stop();
});

beforeEach(async () => {
  if (unavailable) return;
  tables += 1;
  tableName = `pump_${tables}`;
  await createCatalogTables(client, tableName);
  return () => void client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
});

/** A catalog on the test's table; `pumpOnRead: false` reads the feed as numbered so far. */
function catalogOf(options: { pumpOnRead?: boolean; client?: DynamoDBClient; nowMs?: () => number } = {}): DynamoCatalog {
  const clock = options.nowMs ? { now: () => new Date(options.nowMs!()) } : undefined;
  const catalog = new DynamoCatalog({ client: options.client ?? client, tableName, pumpOnRead: options.pumpOnRead ?? true, clock });
  opened.push(catalog);
  return catalog;
}

async function allChanges(catalog: DynamoCatalog): Promise<Change[]> {
  const changes: Change[] = [];
  for (;;) {
    const page = await catalog.changesSince(changes.at(-1)?.seq ?? 0, 37);
    if (page.length === 0) return changes;
    changes.push(...page);
  }
}

async function counter(): Promise<Record<string, unknown>> {
  const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: COUNTER_KEY, ConsistentRead: true }));
  return Item ?? {};
}

describe.skipIf(unavailable !== null)('change feed pump (DynamoDB Local)', () => {
  it('numbers every change once, one after the other, while writers commit and pumps race', async () => {
    const writers = [catalogOf({ pumpOnRead: false }), catalogOf({ pumpOnRead: false }), catalogOf({ pumpOnRead: false })];
    const pumps = [catalogOf(), catalogOf(), catalogOf()];
    const shares = writers.map((_, w) => Array.from({ length: 40 }, (_, i) => makeAsset('Card/', `w${w}_${i}.mov`)));
    let writing = true;
    const pumping = pumps.map(async (pump) => {
      let numbered = 0;
      while (writing) numbered += await pump.pumpFeed();
      return numbered + (await pump.pumpFeed());
    });
    await Promise.all(
      writers.map(async (writer, w) => {
        for (const asset of shares[w]!) await writer.createAsset(asset);
      }),
    ).finally(() => (writing = false));
    const numbered = (await Promise.all(pumping)).reduce((sum, n) => sum + n, 0);

    const changes = await allChanges(catalogOf({ pumpOnRead: false }));
    const ids = shares.flat().map((asset) => asset.id);
    expect(numbered).toBe(ids.length);
    expect(changes.map((change) => change.seq)).toEqual(ids.map((_, i) => i + 1));
    expect(changes.map((change) => change.target).sort()).toEqual([...ids].sort());
    expect(await catalogOf().countAssets()).toBe(ids.length);
    // Each writer's changes keep the order it committed them in.
    for (const share of shares) {
      const order = share.map((asset) => changes.findIndex((change) => change.target === asset.id));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });

  it('numbers nothing when a pump dies before it commits, and the next pump numbers it all', async () => {
    const writer = catalogOf({ pumpOnRead: false });
    const assets = Array.from({ length: 5 }, (_, i) => makeAsset('Card/', `c${i}.mov`));
    for (const asset of assets) await writer.createAsset(asset);

    const failing = dynamoLocalClient(dynamo);
    failing.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand') throw new Error('the process died here');
        return next(args);
      },
      { step: 'initialize', name: 'dieBeforeCommit' },
    );
    await expect(catalogOf({ client: failing }).pumpFeed()).rejects.toThrow('the process died here');
    failing.destroy();
    expect(await catalogOf({ pumpOnRead: false }).latestChange()).toBe(0);

    expect(await catalogOf().pumpFeed()).toBe(5);
    expect((await allChanges(catalogOf({ pumpOnRead: false }))).map((change) => change.target)).toEqual(assets.map((asset) => asset.id));
    expect(await catalogOf().pumpFeed()).toBe(0);
  });

  it('moves past records that carry nothing once a thousand have gathered, and still numbers what follows', async () => {
    const catalog = catalogOf();
    for (let i = 0; i < 1001; i += 1) {
      await doc.send(new PutCommand({ TableName: tableName, Item: { pk: `other#${i}`, sk: 'other', note: 'carries no change' } }));
    }
    expect(await catalog.pumpFeed()).toBe(0);
    const marks = Object.values((await counter())['shards'] as Record<string, { after: string | null }>);
    expect(marks.length).toBeGreaterThan(0);
    expect(marks.every((mark) => mark.after !== null)).toBe(true);
    expect(await catalog.latestChange()).toBe(0);

    const asset = makeAsset('Card/', 'after.mov');
    await catalog.createAsset(asset);
    expect((await allChanges(catalog)).map((change) => [change.seq, change.target])).toEqual([[1, asset.id]]);
  });

  it('brings no change for a later write that keeps an item’s payload', async () => {
    const catalog = catalogOf();
    const asset = makeAsset('Card/', 'kept.mov');
    await catalog.createAsset(asset);
    expect(await catalog.latestChange()).toBe(1);
    await doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: assetKey(asset.id),
        UpdateExpression: 'SET #n = :n',
        ExpressionAttributeNames: { '#n': 'unrelated' },
        ExpressionAttributeValues: { ':n': 1 },
      }),
    );
    expect(await catalog.latestChange()).toBe(1);
    await catalog.updateAsset({ ...asset, status: 'ready', version: 2 });
    expect((await allChanges(catalog)).map((change) => change.seq)).toEqual([1, 2]);
  });

  it('reads change items written before runs, and numbers on after them', async () => {
    const old: Change[] = [1, 2, 3].map((seq) => ({
      seq,
      kind: 'folder.put',
      folderPath: '',
      target: `Old ${seq}/`,
      at: '2026-01-01T00:00:00.000Z',
    }));
    for (const change of old) {
      await doc.send(new PutCommand({ TableName: tableName, Item: { ...changeKey(change.seq), entity: 'change', ...change } }));
    }
    await doc.send(new PutCommand({ TableName: tableName, Item: { ...COUNTER_KEY, seq: 3, assets: 0 } }));
    const catalog = catalogOf();
    const asset = makeAsset('Card/', 'new.mov');
    await catalog.createAsset(asset);

    const changes = await allChanges(catalog);
    expect(changes.slice(0, 3)).toEqual(old);
    expect(changes.slice(3).map((change) => [change.seq, change.target])).toEqual([[4, asset.id]]);
    expect(await catalog.changesSince(2, 10)).toEqual([old[2], changes[3]]);
    expect(await catalog.countAssets()).toBe(1);
  });
});

describe.skipIf(unavailable !== null)('key claims of new assets (DynamoDB Local)', () => {
  it('gives a key to exactly one of several concurrent creates', async () => {
    const racers = Array.from({ length: 6 }, () => catalogOf());
    const assets = racers.map(() => makeAsset('Card/', 'A001_C001.mov'));
    const results = await Promise.allSettled(racers.map((racer, i) => racer.createAsset(assets[i]!)));
    const winners = results.flatMap((result, i) => (result.status === 'fulfilled' ? [assets[i]!] : []));
    expect(winners).toHaveLength(1);
    for (const result of results) if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(CatalogConflict);
    const catalog = catalogOf();
    expect(await catalog.getAssetByKey('Card/A001_C001.mov')).toEqual(winners[0]);
    expect(await catalog.countAssets()).toBe(1);
    expect((await allChanges(catalog)).map((change) => change.target)).toEqual([winners[0]!.id]);
  });

  it('refuses a key whose claim is on its way, and takes over one whose writer died before putting its asset', async () => {
    const claimedAt = Date.parse('2026-12-07T08:00:00.000Z');
    await doc.send(
      new PutCommand({ TableName: tableName, Item: { ...keyLockKey('Card/A002.mov'), entity: 'key', assetId: 'never-put', claimedAt } }),
    );
    let nowMs = claimedAt + 60_000;
    const catalog = catalogOf({ nowMs: () => nowMs });
    const asset = makeAsset('Card/', 'A002.mov');
    await expect(catalog.createAsset(asset)).rejects.toThrow('Card/A002.mov is being added by another upload');
    expect(await catalog.getAsset(asset.id)).toBeNull();

    nowMs = claimedAt + ORPHAN_CLAIM_MS;
    expect(await catalog.createAsset(asset)).toEqual(asset);
    expect(await catalog.getAssetByKey('Card/A002.mov')).toEqual(asset);
    expect(await lockHolderOf('Card/A002.mov')).toEqual(asset.id);
  });

  it('gives the key back when the asset id is taken, so the key stays free', async () => {
    const catalog = catalogOf();
    const first = makeAsset('Card/', 'A003.mov');
    await catalog.createAsset(first);
    await expect(catalog.createAsset({ ...makeAsset('Card/', 'A004.mov'), id: first.id })).rejects.toBeInstanceOf(CatalogConflict);
    expect(await lockHolderOf('Card/A004.mov')).toBeUndefined();
    const later = makeAsset('Card/', 'A004.mov');
    expect(await catalog.createAsset(later)).toEqual(later);
  });
});

async function lockHolderOf(key: string): Promise<unknown> {
  const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keyLockKey(key), ConsistentRead: true }));
  return Item?.['assetId'];
}

/**
 * A stream of two shards, the first closed and the second its child, served from memory:
 * DynamoDB Local's stream never splits a shard, so the lineage is tested against this.
 */
class TwoShardStream {
  readonly shards: { id: string; parent?: string; closed: boolean; records: _Record[] }[] = [
    { id: 'shard-child', parent: 'shard-parent', closed: false, records: [] },
    { id: 'shard-parent', closed: true, records: [] },
  ];
  describeCalls = 0;

  add(shardId: string, target: string): void {
    const shard = this.shards.find((each) => each.id === shardId)!;
    const token = `${shardId}-${shard.records.length}`;
    const feed = { token, changes: [{ kind: 'asset.put', folderPath: 'Card/', target, at: '2026-12-07T09:00:00.000Z' }], assetDelta: 1 };
    const SequenceNumber = String(100 + shard.records.length).padStart(21, '0');
    shard.records.push({
      eventName: 'INSERT',
      dynamodb: { SequenceNumber, NewImage: marshall({ pk: `asset#${target}`, sk: 'asset', feed }) as never },
    });
  }

  send(command: unknown): Promise<unknown> {
    if (command instanceof DescribeStreamCommand) {
      this.describeCalls += 1;
      return Promise.resolve({ StreamDescription: { Shards: this.shards.map((s) => ({ ShardId: s.id, ParentShardId: s.parent })) } });
    }
    if (command instanceof GetShardIteratorCommand) {
      const { ShardId, ShardIteratorType, SequenceNumber } = command.input;
      const shard = this.shards.find((each) => each.id === ShardId)!;
      const index =
        ShardIteratorType === 'TRIM_HORIZON' ? 0 : shard.records.findIndex((r) => r.dynamodb!.SequenceNumber === SequenceNumber) + 1;
      return Promise.resolve({ ShardIterator: `${ShardId}|${index}` });
    }
    if (command instanceof GetRecordsCommand) {
      const [id, from] = command.input.ShardIterator!.split('|') as [string, string];
      const shard = this.shards.find((each) => each.id === id)!;
      const records = shard.records.slice(Number(from));
      const end = Number(from) + records.length;
      return Promise.resolve({ Records: records, NextShardIterator: shard.closed ? undefined : `${id}|${end}` });
    }
    return Promise.reject(new Error(`the fake stream does not answer ${String(command)}`));
  }

  destroy(): void {}
}

describe.skipIf(unavailable !== null)('change feed pump over a split stream (DynamoDB Local for the counter and runs)', () => {
  it('reads a parent shard to its end before its child, keeps its marks, and lists the shards again only when one closed', async () => {
    const stream = new TwoShardStream();
    stream.add('shard-parent', 'p1');
    stream.add('shard-parent', 'p2');
    stream.add('shard-child', 'c1');
    // A clock that stands still: the list is kept for a minute, however slow the machine.
    const nowMs = Date.parse('2026-12-07T09:00:00.000Z');
    const pumpOf = () =>
      new FeedPump(doc, client, tableName, 'arn:aws:dynamodb:eu-west-1:123456789012:table/t/stream/s', stream as never, () => nowMs);
    const pump = pumpOf();

    expect(await pump.pump()).toBe(3);
    const reader = catalogOf({ pumpOnRead: false });
    expect((await allChanges(reader)).map((change) => [change.seq, change.target])).toEqual([
      [1, 'p1'],
      [2, 'p2'],
      [3, 'c1'],
    ]);
    expect((await counter())['shards']).toEqual({
      'shard-parent': { after: '000000000000000000101', closed: true },
      'shard-child': { after: '000000000000000000100', closed: false },
    });
    // The parent closed during the first pass, so the second lists again; the third does not.
    expect(await pump.pump()).toBe(0);
    expect(await pump.pump()).toBe(0);
    expect(stream.describeCalls).toBe(2);

    stream.add('shard-child', 'c2');
    expect(await pumpOf().pump()).toBe(1);
    expect((await allChanges(reader)).map((change) => change.target)).toEqual(['p1', 'p2', 'c1', 'c2']);
    expect(await reader.countAssets()).toBe(4);
  });
});
