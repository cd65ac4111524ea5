import { setTimeout as sleep } from 'node:timers/promises';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { COUNTER_KEY, changeItem, type NewChange } from './records';

export type WriteItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Some writes and the changes they make, committed together or not at all. */
export interface Mutation {
  /** Writes to domain records, each with the condition that makes it safe. */
  readonly writes: readonly WriteItem[];
  /** In the order they happen: a move's `removed` before its `put`. */
  readonly changes: readonly NewChange[];
  /** +1 for each asset record created, −1 for each removed: `countAssets` reads the sum. */
  readonly assetDelta?: number;
}

/** The condition of `writes[index]` did not hold: the caller decides what that means. */
export class WriteRefused extends Error {
  override name = 'WriteRefused';
  constructor(readonly index: number) {
    super(`write ${index} of the transaction was refused by its condition`);
  }
}

export const MAX_TRANSACTION_ITEMS = 100;
const MAX_ATTEMPTS = 50;

interface Pending {
  readonly mutation: Mutation;
  readonly size: number;
  readonly keys: readonly string[];
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Appends to the change feed in the same transaction as the change itself.
 *
 * The counter item holds the newest sequence number. A commit reads it (strongly
 * consistent), then writes the domain records, one change item per change with the next
 * numbers, and the counter, on condition that the counter still holds what was read. Two
 * writers that read the same number cannot both commit, so change N+1 is only ever written
 * by a transaction that started after N was committed, and a reader never sees N+1 without
 * N. The loser reads again and retries.
 *
 * Every write of the catalog goes through that one item, so within a process commits are
 * queued, and mutations waiting in the queue are committed together, up to 100 items per
 * transaction (group commit): a burst of uploads costs a few transactions, not a race of
 * hundreds. A mutation whose condition fails is taken out and the rest retried, so each
 * still succeeds or fails on its own. Between processes (Lambda instances), the condition on
 * the counter settles who goes first; expect a few hundred commits a second in all.
 */
export class ChangeFeedWriter {
  private readonly queue: Pending[] = [];
  private draining = false;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async readCounter(): Promise<{ seq: number; assets: number }> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: COUNTER_KEY, ConsistentRead: true }));
    return { seq: (Item?.['seq'] as number | undefined) ?? 0, assets: (Item?.['assets'] as number | undefined) ?? 0 };
  }

  commit(mutation: Mutation): Promise<void> {
    const size = mutation.writes.length + mutation.changes.length;
    if (size + 1 > MAX_TRANSACTION_ITEMS) {
      return Promise.reject(new Error(`a mutation of ${size} items does not fit in one transaction`));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ mutation, size, keys: mutation.writes.map(itemKeyOf), resolve, reject });
      void this.drain();
    });
  }

  /**
   * Commits every mutation, in order, as few transactions as they fit in. Each mutation is
   * atomic; the whole is not (see folderMove.ts). Throws the first refusal after all settled.
   */
  async commitAll(mutations: readonly Mutation[]): Promise<void> {
    const results = await Promise.allSettled(mutations.map((mutation) => this.commit(mutation)));
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) await this.commitGroup(this.takeGroup());
    } finally {
      this.draining = false;
    }
  }

  // The longest run from the head of the queue that fits in one transaction and writes no
  // item twice (DynamoDB refuses two operations on one item in a transaction).
  private takeGroup(): Pending[] {
    const group: Pending[] = [];
    const keys = new Set<string>();
    let size = 1; // the counter
    for (const pending of this.queue) {
      if (size + pending.size > MAX_TRANSACTION_ITEMS || pending.keys.some((key) => keys.has(key))) break;
      group.push(pending);
      size += pending.size;
      for (const key of pending.keys) keys.add(key);
    }
    this.queue.splice(0, group.length);
    return group;
  }

  private async commitGroup(group: Pending[]): Promise<void> {
    let members = group;
    for (let attempt = 1; members.length > 0; attempt += 1) {
      try {
        const { seq } = await this.readCounter();
        const { items, owners } = this.transaction(members, seq);
        const outcome = await this.send(items);
        if (outcome.kind === 'done') {
          for (const member of members) member.resolve();
          return;
        }
        if (outcome.kind === 'refused') {
          const refused = new Map<Pending, number>();
          for (const index of outcome.indexes) {
            const owner = owners[index];
            if (owner && !refused.has(owner.member)) refused.set(owner.member, owner.write);
          }
          for (const [member, write] of refused) member.reject(new WriteRefused(write));
          members = members.filter((member) => !refused.has(member));
          continue;
        }
        if (attempt >= MAX_ATTEMPTS) throw new Error(`the change feed stayed busy for ${MAX_ATTEMPTS} attempts`);
        // Another process took the counter, or DynamoDB saw overlapping transactions: try
        // again, after a short random pause once it keeps happening, so writers spread out.
        if (outcome.kind === 'busy' || attempt > 2) await sleep(Math.random() * Math.min(250, 4 * 2 ** Math.min(attempt, 6)));
      } catch (error) {
        for (const member of members) member.reject(error);
        return;
      }
    }
  }

  /** Each member's writes then its changes, numbered from `seq + 1`, then the counter. */
  private transaction(members: readonly Pending[], seq: number) {
    const items: WriteItem[] = [];
    const owners: ({ member: Pending; write: number } | null)[] = [];
    let next = seq;
    let assetDelta = 0;
    for (const member of members) {
      member.mutation.writes.forEach((write, index) => {
        items.push(write);
        owners.push({ member, write: index });
      });
      for (const change of member.mutation.changes) {
        next += 1;
        items.push({ Put: { TableName: this.tableName, Item: changeItem(change, next), ConditionExpression: 'attribute_not_exists(pk)' } });
        owners.push(null);
      }
      assetDelta += member.mutation.assetDelta ?? 0;
    }
    items.push(this.counterUpdate(seq, next, assetDelta));
    owners.push(null);
    return { items, owners };
  }

  private async send(items: WriteItem[]): Promise<{ kind: 'done' | 'counter' | 'busy' } | { kind: 'refused'; indexes: number[] }> {
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return { kind: 'done' };
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      if (name === 'TransactionConflictException' || name === 'TransactionInProgressException' || name === 'ThrottlingException') {
        return { kind: 'busy' };
      }
      if (name !== 'TransactionCanceledException') throw error;
      const codes = ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code);
      // A change item or the counter refused means another process wrote first.
      const domainWrites = items.length - 1;
      const refused = codes.flatMap((code, i) =>
        code === 'ConditionalCheckFailed' && i < domainWrites && !isChangePut(items[i]) ? [i] : [],
      );
      if (refused.length > 0) return { kind: 'refused', indexes: refused };
      if (codes.includes('ConditionalCheckFailed')) return { kind: 'counter' };
      if (codes.some((code) => code === 'TransactionConflict' || code === 'ThrottlingError' || code === 'ProvisionedThroughputExceeded')) {
        return { kind: 'busy' };
      }
      throw error;
    }
  }

  private counterUpdate(seq: number, next: number, assetDelta: number): WriteItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: COUNTER_KEY,
        UpdateExpression: 'SET #seq = :next ADD #assets :delta',
        ConditionExpression: 'attribute_not_exists(#seq) OR #seq = :seq',
        ExpressionAttributeNames: { '#seq': 'seq', '#assets': 'assets' },
        ExpressionAttributeValues: { ':next': next, ':delta': assetDelta, ':seq': seq },
      },
    };
  }
}

function itemKeyOf(write: WriteItem): string {
  const key = write.Put?.Item ?? write.Update?.Key ?? write.Delete?.Key ?? write.ConditionCheck?.Key ?? {};
  return `${String(key['pk'])}\u0000${String(key['sk'])}`;
}

function isChangePut(item: WriteItem | undefined): boolean {
  return item?.Put?.Item?.['entity'] === 'change';
}
