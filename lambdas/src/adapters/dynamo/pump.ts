import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
  type _Record as StreamRecord,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { convertToNative, type NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import type { Change } from '../../ports';
import type { WriteItem } from './feed';
import { COUNTER_KEY, FEED_ATTRIBUTE, changeRunItem, type FeedPayload, type Item } from './records';

/** Changes numbered in one run item: well inside DynamoDB's 400 KB an item. */
export const MAX_RUN = 400;
/** Stream records read a call (GetRecords' own limit). */
const RECORDS_PER_READ = 1000;
/**
 * Records that carry no change (audit, transfers, the pump's own writes) move the checkpoint
 * once this many have gathered, so a pass never re-reads more than this of them.
 */
const SKIPPED_BEFORE_CHECKPOINT = 1000;
const MAX_ATTEMPTS = 20;
/** How long a list of the stream's shards is kept before it is asked again. */
const SHARD_LIST_MS = 60_000;

/** Where the pump stands in one shard of the stream. */
interface ShardMark {
  /** The last record read, or null before the shard's first. */
  readonly after: string | null;
  /** Read to its end: the shard is closed and its children may be read. */
  readonly closed: boolean;
}

/** The counter item: the last number given, the asset count, and where each shard was read to. */
interface FeedState {
  readonly seq: number;
  readonly assets: number;
  /** Moves with every numbering; a pump commits only if nobody numbered since it read. */
  readonly revision: number | null;
  readonly shards: Readonly<Record<string, ShardMark>>;
}

interface Pass {
  readonly changes: Change[];
  readonly assetDelta: number;
  readonly shards: Record<string, ShardMark>;
  /** Records read that carried nothing. */
  readonly skipped: number;
  /** The run is full: more records wait after it. */
  readonly full: boolean;
}

/**
 * Numbers the change feed from the table's stream. Every commit carries its changes on an
 * item it writes (feed.ts); the stream holds those writes in the order they happened, item by
 * item. A pass reads each shard from where the counter says the feed stands, turns the
 * records that carry changes into changes numbered from `seq + 1`, and writes them as one run
 * item in the same transaction as the counter's new number, asset count and shard marks, on
 * condition that nobody numbered since the counter was read. So a number is given once, a
 * run is visible together with the numbers before it, and a reader never sees change N+1
 * without N; a pass that loses the race reads again from the winner's marks, and a pass
 * that dies numbers nothing. Shards are read parents first, as the stream's lineage asks, so
 * every item's changes keep their order.
 *
 * Anyone may pump: the catalog does before it answers a read (read-your-writes), and in the
 * cloud the stream's Lambda does as writes land. Within a process one pass runs at a time;
 * a call while one runs waits for the next, which starts after it, so it sees every commit
 * that finished before the call.
 */
export class FeedPump {
  private readonly streams: DynamoDBStreamsClient;
  private streamArn: Promise<string> | null;
  private shardList: Shard[] | null = null;
  private listedAt = 0;
  /** Shards the counter marked that the last listing no longer held. */
  private absentAtListing = new Set<string>();
  /** Iterators the last read of each shard gave back, with the mark they continue from. */
  private readonly iterators = new Map<string, { after: string | null; iterator: string }>();
  private running: Promise<number> | null = null;
  private queued: Promise<number> | null = null;
  /** The counter as this process last committed or read it; null when it may be stale. */
  private known: FeedState | null = null;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    streamArn?: string,
    /** The stream's client; by default one with the table client's region, credentials and endpoint. */
    streams?: DynamoDBStreamsClient,
    /** Milliseconds, for how long a shard list is kept. */
    private readonly now: () => number = Date.now,
  ) {
    this.streams =
      streams ??
      new DynamoDBStreamsClient({
        region: client.config.region,
        credentials: client.config.credentials,
        endpoint: client.config.endpoint,
      });
    this.streamArn = streamArn ? Promise.resolve(streamArn) : null;
  }

  async readCounter(): Promise<{ seq: number; assets: number }> {
    const state = await this.readState();
    this.known = state;
    return { seq: state.seq, assets: state.assets };
  }

  /** Numbers every change committed before the call; resolves with how many this call numbered. */
  pump(): Promise<number> {
    if (this.queued) return this.queued;
    if (!this.running) return this.start();
    this.queued = this.running
      .catch(() => 0)
      .then(() => {
        this.queued = null;
        return this.start();
      });
    return this.queued;
  }

  close(): void {
    this.streams.destroy();
  }

  private start(): Promise<number> {
    const running = this.drain().finally(() => {
      if (this.running === running) this.running = null;
    });
    this.running = running;
    return running;
  }

  /** Passes until the stream holds nothing more to number. */
  private async drain(): Promise<number> {
    let numbered = 0;
    for (let attempt = 1; ;) {
      // The counter as this process last wrote or read it: if another numbered since, the
      // commit's condition refuses, and the pass reads the counter again.
      const state = this.known ?? (await this.readState());
      this.known = state;
      const pass = await this.read(state);
      const marksMoved = Object.keys(pass.shards).some((id) => !sameMark(pass.shards[id], state.shards[id]));
      const worthWriting = pass.changes.length > 0 || pass.skipped >= SKIPPED_BEFORE_CHECKPOINT || closedNow(pass, state);
      if (!worthWriting || !marksMoved) return numbered;
      this.known = null;
      if (await this.commit(state, pass)) {
        this.known = {
          seq: state.seq + pass.changes.length,
          assets: state.assets + pass.assetDelta,
          revision: (state.revision ?? 0) + 1,
          shards: pass.shards,
        };
        numbered += pass.changes.length;
        attempt = 1;
        // What was committed before this call is numbered unless the run filled up.
        if (!pass.full) return numbered;
        continue;
      }
      // Another pass numbered first: read again from its marks.
      if (attempt >= MAX_ATTEMPTS) throw new Error(`the change feed stayed busy for ${MAX_ATTEMPTS} attempts`);
      attempt += 1;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));
    }
  }

  private async readState(): Promise<FeedState> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: COUNTER_KEY, ConsistentRead: true }));
    return {
      seq: (Item?.['seq'] as number | undefined) ?? 0,
      assets: (Item?.['assets'] as number | undefined) ?? 0,
      revision: (Item?.['revision'] as number | undefined) ?? null,
      shards: (Item?.['shards'] as Record<string, ShardMark> | undefined) ?? {},
    };
  }

  /** Reads the shards from the counter's marks, up to a run's worth of changes. */
  private async read(state: FeedState): Promise<Pass> {
    const shards = await this.listShards(state);
    const marks: Record<string, ShardMark> = {};
    const changes: Change[] = [];
    let assetDelta = 0;
    let skipped = 0;
    let full = false;
    const listed = new Set(shards.map((shard) => shard.ShardId!));
    for (const shard of shards) {
      const id = shard.ShardId!;
      const mark: ShardMark = state.shards[id] ?? { after: null, closed: false };
      marks[id] = mark;
      if (mark.closed || full) continue;
      // A child waits until its parent is read to its end, unless the parent is trimmed away.
      const parent = shard.ParentShardId;
      if (parent && listed.has(parent) && !marks[parent]?.closed) continue;
      let after = mark.after;
      let closed = false;
      for (;;) {
        const { records, next } = await this.readShard(id, after);
        let taken = 0;
        for (const record of records) {
          const payload = carriedPayload(record);
          if (payload && changes.length > 0 && changes.length + payload.changes.length > MAX_RUN) {
            full = true;
            break;
          }
          taken += 1;
          after = record.dynamodb!.SequenceNumber!;
          if (!payload) {
            skipped += 1;
            continue;
          }
          for (const change of payload.changes) changes.push({ seq: state.seq + changes.length + 1, ...change });
          assetDelta += payload.assetDelta;
        }
        if (full) {
          this.iterators.delete(id);
          break;
        }
        if (next) this.iterators.set(id, { after, iterator: next });
        else this.iterators.delete(id);
        if (!next) {
          // Read to its end: its children are readable now, so the list is asked again.
          closed = true;
          this.shardList = null;
          break;
        }
        if (taken === 0) break;
      }
      marks[id] = { after, closed };
    }
    // Marks of shards the stream no longer lists (trimmed after a day) are dropped.
    return { changes, assetDelta, shards: marks, skipped, full };
  }

  /** Records after `after` in one shard, and the iterator to read on from. */
  private async readShard(id: string, after: string | null): Promise<{ records: StreamRecord[]; next: string | undefined }> {
    const cached = this.iterators.get(id);
    this.iterators.delete(id);
    let fresh = !(cached && cached.after === after);
    let iterator = fresh ? await this.iteratorAfter(id, after) : cached!.iterator;
    for (;;) {
      try {
        const answer = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: RECORDS_PER_READ }));
        return { records: answer.Records ?? [], next: answer.NextShardIterator };
      } catch (error) {
        // A kept iterator may have expired (they last fifteen minutes), and DynamoDB Local
        // refuses one taken at an empty shard once records came: a fresh one starts at the
        // same mark.
        const stale = error instanceof ExpiredIteratorException || error instanceof TrimmedDataAccessException;
        if (!stale || fresh) throw error;
        fresh = true;
        iterator = await this.iteratorAfter(id, after);
      }
    }
  }

  private async iteratorAfter(id: string, after: string | null): Promise<string> {
    const StreamArn = await this.arn();
    try {
      const { ShardIterator } = await this.streams.send(
        new GetShardIteratorCommand(
          after === null
            ? { StreamArn, ShardId: id, ShardIteratorType: 'TRIM_HORIZON' }
            : { StreamArn, ShardId: id, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after },
        ),
      );
      return ShardIterator!;
    } catch (error) {
      if (error instanceof TrimmedDataAccessException) {
        throw new Error(`the change feed's stream no longer holds records after ${after ?? 'the start'} of ${id}: a day passed unnumbered`);
      }
      throw error;
    }
  }

  /**
   * The stream's shards, parents before children. The list is kept, and asked again (a
   * DescribeStream, which DynamoDB allows ten times a second an account) only when this
   * process read a shard to its end (its children are new), when the counter marks a shard
   * the list lacks (another process listed later), or after a minute.
   */
  private async listShards(state: FeedState): Promise<Shard[]> {
    const known = new Set(this.shardList?.map((shard) => shard.ShardId!) ?? []);
    const stale =
      this.shardList === null ||
      this.now() - this.listedAt >= SHARD_LIST_MS ||
      Object.keys(state.shards).some((id) => !known.has(id) && !this.absentAtListing.has(id));
    if (!stale) return this.shardList!;
    const StreamArn = await this.arn();
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await this.streams.send(new DescribeStreamCommand({ StreamArn, ExclusiveStartShardId: start }));
      shards.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    this.shardList = parentsFirst(shards);
    this.listedAt = this.now();
    const listed = new Set(shards.map((shard) => shard.ShardId!));
    // Shards trimmed away: their marks go with the next numbering.
    this.absentAtListing = new Set(Object.keys(state.shards).filter((id) => !listed.has(id)));
    return this.shardList;
  }

  private arn(): Promise<string> {
    this.streamArn ??= this.client
      .send(new DescribeTableCommand({ TableName: this.tableName }))
      .then(({ Table }) => {
        if (!Table?.LatestStreamArn) throw new Error(`table ${this.tableName} has no stream: the change feed needs one`);
        return Table.LatestStreamArn;
      })
      .catch((error: unknown) => {
        this.streamArn = null;
        throw error;
      });
    return this.streamArn;
  }

  /** The run and the counter, if the counter still holds what the pass read. */
  private async commit(state: FeedState, pass: Pass): Promise<boolean> {
    const items: WriteItem[] = [];
    if (pass.changes.length > 0) {
      items.push({
        Put: { TableName: this.tableName, Item: changeRunItem(pass.changes), ConditionExpression: 'attribute_not_exists(pk)' },
      });
    }
    items.push({
      Update: {
        TableName: this.tableName,
        Key: COUNTER_KEY,
        UpdateExpression: 'SET #seq = :seq, #revision = :next, #shards = :shards ADD #assets :delta',
        // Before the first numbering the counter may hold a count and no revision.
        ConditionExpression: state.revision === null ? 'attribute_not_exists(#revision)' : '#revision = :revision',
        ExpressionAttributeNames: { '#seq': 'seq', '#revision': 'revision', '#shards': 'shards', '#assets': 'assets' },
        ExpressionAttributeValues: {
          ':seq': state.seq + pass.changes.length,
          ':next': (state.revision ?? 0) + 1,
          ':shards': pass.shards,
          ':delta': pass.assetDelta,
          ...(state.revision === null ? {} : { ':revision': state.revision }),
        },
      },
    });
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      if (name === 'TransactionCanceledException' || name === 'TransactionConflictException' || name === 'TransactionInProgressException') {
        return false;
      }
      throw error;
    }
  }
}

/**
 * The changes a stream record brings: an item put with a feed payload whose token is new
 * (a later write of the same item that keeps the old payload brings nothing).
 */
export function carriedPayload(record: StreamRecord): FeedPayload | null {
  if (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') return null;
  const image = record.dynamodb?.NewImage;
  if (!image || !image[FEED_ATTRIBUTE]) return null;
  const payload = native(image[FEED_ATTRIBUTE]) as FeedPayload;
  const before = record.dynamodb?.OldImage?.[FEED_ATTRIBUTE];
  if (before && (native(before) as Item)['token'] === payload.token) return null;
  return payload;
}

// The stream's attribute values are DynamoDB's, declared by another package.
function native(value: unknown): NativeAttributeValue {
  return convertToNative(value as Parameters<typeof convertToNative>[0]);
}

function sameMark(a: ShardMark | undefined, b: ShardMark | undefined): boolean {
  return (a?.after ?? null) === (b?.after ?? null) && (a?.closed ?? false) === (b?.closed ?? false);
}

function closedNow(pass: Pass, state: FeedState): boolean {
  return Object.entries(pass.shards).some(([id, mark]) => mark.closed && !state.shards[id]?.closed);
}

function parentsFirst(shards: readonly Shard[]): Shard[] {
  const byId = new Map(shards.map((shard) => [shard.ShardId!, shard]));
  const ordered: Shard[] = [];
  const placed = new Set<string>();
  const place = (shard: Shard): void => {
    if (placed.has(shard.ShardId!)) return;
    placed.add(shard.ShardId!);
    const parent = shard.ParentShardId ? byId.get(shard.ParentShardId) : undefined;
    if (parent) place(parent);
    ordered.push(shard);
  };
  for (const shard of shards) place(shard);
  return ordered;
}
