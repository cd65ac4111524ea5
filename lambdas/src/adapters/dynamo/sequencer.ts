import { setTimeout as sleep } from 'node:timers/promises';
import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { WriteItem } from './feed';
import { COUNTER_KEY, PENDING_PK, changeItem, pendingToChange, type Item } from './records';

/** A change item and the pending item it replaces for each, and the counter: 2 × 49 + 1. */
const BATCH = 49;
const MAX_ATTEMPTS = 50;
/** A pending change this old has lost its writer (a Lambda that died): anyone numbers it. */
const ORPHAN_MS = 2_000;
/** How long a waiting writer pauses before it looks again whether its changes are numbered. */
const POLL_MS = 40;

interface Waiter {
  /** The pending changes of one commit that are not known to be numbered yet. */
  readonly remaining: Set<string>;
  /** The sequencer's generation when the waiter's pending items were already committed. */
  readonly generation: number;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Numbers pending changes: moves the oldest up to 49 of them, in one transaction, to change
 * items numbered from the counter's `seq + 1`, and advances the counter, on condition that it
 * still holds what was read. Every numbered range starts right after the last one, in a
 * transaction that also makes it visible, so a reader never sees change N+1 without N.
 *
 * The process that wrote the oldest pending change numbers it together with the ones after
 * it, everyone's: when a card lands as many concurrent writers, one transaction numbers the
 * changes of all of them, while the others look again every few milliseconds (cheap reads)
 * and find theirs done, instead of each racing for the counter with a transaction that
 * mostly fails. A change whose writer died is numbered by whoever sees it orphaned. One loop
 * runs per process.
 */
export class FeedSequencer {
  private readonly waiters = new Set<Waiter>();
  private generation = 0;
  private running = false;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number,
  ) {}

  async readCounter(): Promise<{ seq: number; assets: number }> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: COUNTER_KEY, ConsistentRead: true }));
    return { seq: (Item?.['seq'] as number | undefined) ?? 0, assets: (Item?.['assets'] as number | undefined) ?? 0 };
  }

  /** Resolves once every one of `pendingKeys` (committed already) is a numbered change. */
  numbered(pendingKeys: readonly string[]): Promise<void> {
    if (pendingKeys.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.add({ remaining: new Set(pendingKeys), generation: this.generation, resolve, reject });
      void this.run();
    });
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let attempt = 1; this.waiters.size > 0; attempt += 1) {
        // Waiters that come in from here on may have committed after the reads below.
        const generation = (this.generation += 1);
        const pending = await this.oldestPending();
        this.settleUnlisted(pending, generation);
        if (this.waiters.size === 0) return;
        if (pending.length === 0) continue;
        if (!this.leads(pending[0]!)) {
          // The oldest change's own writer numbers it, with every other listed: one
          // numbering transaction at a time instead of every writer's losing race for it.
          await sleep(POLL_MS * (0.5 + Math.random()));
          attempt = 0;
          continue;
        }
        // Read after the pending list: a change numbered in between is still in `pending`, and
        // the condition on its deletion refuses the numbering.
        const { seq } = await this.readCounter();
        const outcome = await this.send(this.numbering(pending, seq));
        if (outcome === 'done') {
          this.settleNumbered(pending.map((item) => item['sk'] as string));
          attempt = 0;
          continue;
        }
        if (attempt >= MAX_ATTEMPTS) throw new Error(`the change feed stayed busy for ${MAX_ATTEMPTS} attempts`);
        // Another process numbered first (its changes may include ours: the next read tells),
        // or DynamoDB saw overlapping transactions: after a short random pause once it keeps
        // happening, so the processes spread out.
        if (outcome === 'busy' || attempt > 2) await sleep(Math.random() * Math.min(250, 4 * 2 ** Math.min(attempt, 6)));
      }
    } catch (error) {
      for (const waiter of this.waiters) waiter.reject(error);
      this.waiters.clear();
    } finally {
      this.running = false;
    }
  }

  /** This process numbers if it wrote the oldest pending change, or that change is orphaned. */
  private leads(oldest: Item): boolean {
    const key = oldest['sk'] as string;
    for (const waiter of this.waiters) if (waiter.remaining.has(key)) return true;
    return this.now() - pendingKeyTime(key) >= ORPHAN_MS;
  }

  /** The oldest pending changes, strongly consistent. */
  private async oldestPending(): Promise<Item[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': PENDING_PK },
        ConsistentRead: true,
        Limit: BATCH,
      }),
    );
    return Items ?? [];
  }

  /**
   * A waiter's pending key that was committed before the read and is not among the oldest
   * pending items, though it sorts before the last of them (or they are all there are), was
   * numbered by someone.
   */
  private settleUnlisted(pending: readonly Item[], generation: number): void {
    const listed = new Set(pending.map((item) => item['sk'] as string));
    const last = pending.length < BATCH ? null : (pending.at(-1)?.['sk'] as string);
    for (const waiter of this.waiters) {
      if (waiter.generation >= generation) continue;
      for (const key of waiter.remaining) if (!listed.has(key) && (last === null || key < last)) waiter.remaining.delete(key);
      this.resolveIfDone(waiter);
    }
  }

  private settleNumbered(keys: readonly string[]): void {
    for (const waiter of this.waiters) {
      for (const key of keys) waiter.remaining.delete(key);
      this.resolveIfDone(waiter);
    }
  }

  private resolveIfDone(waiter: Waiter): void {
    if (waiter.remaining.size > 0) return;
    this.waiters.delete(waiter);
    waiter.resolve();
  }

  /** Each pending item becomes change `seq + 1`, `seq + 2`, … in order; then the counter. */
  private numbering(pending: readonly Item[], seq: number): WriteItem[] {
    const items: WriteItem[] = [];
    let assetDelta = 0;
    pending.forEach((item, index) => {
      items.push(
        {
          Put: {
            TableName: this.tableName,
            Item: changeItem(pendingToChange(item), seq + index + 1),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        { Delete: { TableName: this.tableName, Key: { pk: PENDING_PK, sk: item['sk'] }, ConditionExpression: 'attribute_exists(pk)' } },
      );
      assetDelta += (item['assetDelta'] as number | undefined) ?? 0;
    });
    items.push({
      Update: {
        TableName: this.tableName,
        Key: COUNTER_KEY,
        UpdateExpression: 'SET #seq = :next ADD #assets :delta',
        ConditionExpression: 'attribute_not_exists(#seq) OR #seq = :seq',
        ExpressionAttributeNames: { '#seq': 'seq', '#assets': 'assets' },
        ExpressionAttributeValues: { ':next': seq + pending.length, ':delta': assetDelta, ':seq': seq },
      },
    });
    return items;
  }

  private async send(items: WriteItem[]): Promise<'done' | 'taken' | 'busy'> {
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return 'done';
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      if (name === 'TransactionConflictException' || name === 'TransactionInProgressException' || name === 'ThrottlingException') {
        return 'busy';
      }
      if (name !== 'TransactionCanceledException') throw error;
      const codes = ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code);
      // The counter moved, or a pending change is gone: another process numbered first.
      if (codes.includes('ConditionalCheckFailed')) return 'taken';
      if (codes.some((code) => code === 'TransactionConflict' || code === 'ThrottlingError' || code === 'ProvisionedThroughputExceeded')) {
        return 'busy';
      }
      throw error;
    }
  }
}

/** Pending keys start with the time they were committed (feed.ts). */
function pendingKeyTime(key: string): number {
  return Number(key.slice(0, key.indexOf('#')));
}
