import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { padNumber, pendingItem, type NewChange } from './records';
import { FeedSequencer } from './sequencer';

export type WriteItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Some writes and the changes they make, committed together or not at all. */
export interface Mutation {
  /** Writes to domain records, each with the condition that makes it safe. */
  readonly writes: readonly WriteItem[];
  /** In the order they happen: a move's `removed` before its `put`. */
  readonly changes: readonly NewChange[];
  /**
   * +1 for each asset record created, −1 for each removed: `countAssets` reads the sum. The
   * first change carries it to the counter, so a mutation that sets it has a change.
   */
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

interface Queued {
  readonly mutation: Mutation;
  readonly size: number;
  readonly keys: readonly string[];
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Appends to the change feed: each change is committed in the same transaction as the writes
 * it describes, as a pending change, then numbered (sequencer.ts); `commit` resolves once it
 * is. Writers never wait on each other to commit their writes, and one numbering
 * transaction numbers the pending changes of every writer at once, so a card landing as a
 * thousand concurrent ingest Lambdas does not queue them all on the counter item. A process
 * that dies between the two steps leaves its changes pending; once they are orphaned (a few
 * seconds old) the next writer numbers them, and until then later changes wait behind them,
 * which keeps the order.
 *
 * Within a process, commits are queued, and mutations waiting in the queue are committed
 * together, up to 100 items per transaction (group commit): a folder move of a thousand
 * assets costs a few transactions, not a race of hundreds. A mutation whose condition fails
 * is taken out and the rest retried, so each still succeeds or fails on its own. Pending
 * changes sort by the time they were committed, then in queue order, and are numbered
 * oldest first, so one process's changes keep the order it committed them in.
 */
export class ChangeFeedWriter {
  private readonly queue: Queued[] = [];
  private readonly sequencer: FeedSequencer;
  /** Tells this writer's pending changes apart from other processes'. */
  private readonly writerId = randomUUID();
  private lastMs = 0;
  private serial = 0;
  private draining = false;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {
    this.sequencer = new FeedSequencer(doc, tableName, now);
  }

  readCounter(): Promise<{ seq: number; assets: number }> {
    return this.sequencer.readCounter();
  }

  commit(mutation: Mutation): Promise<void> {
    const size = mutation.writes.length + mutation.changes.length;
    if (size > MAX_TRANSACTION_ITEMS) {
      return Promise.reject(new Error(`a mutation of ${size} items does not fit in one transaction`));
    }
    if ((mutation.assetDelta ?? 0) !== 0 && mutation.changes.length === 0) {
      return Promise.reject(new Error('a mutation that changes the asset count needs a change to carry it'));
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
  private takeGroup(): Queued[] {
    const group: Queued[] = [];
    const keys = new Set<string>();
    let size = 0;
    for (const queued of this.queue) {
      if (size + queued.size > MAX_TRANSACTION_ITEMS || queued.keys.some((key) => keys.has(key))) break;
      group.push(queued);
      size += queued.size;
      for (const key of queued.keys) keys.add(key);
    }
    this.queue.splice(0, group.length);
    return group;
  }

  /** Commits the group's writes and pending changes; each member resolves once its changes are numbered. */
  private async commitGroup(group: Queued[]): Promise<void> {
    let members = group;
    for (let attempt = 1; members.length > 0; attempt += 1) {
      try {
        const { items, owners, pendingKeys } = this.transaction(members);
        const outcome = await this.send(items);
        if (outcome.kind === 'done') {
          for (const member of members) {
            this.sequencer.numbered(pendingKeys.get(member) ?? []).then(member.resolve, member.reject);
          }
          return;
        }
        if (outcome.kind === 'refused') {
          const refused = new Map<Queued, number>();
          for (const index of outcome.indexes) {
            const owner = owners[index];
            if (owner && !refused.has(owner.member)) refused.set(owner.member, owner.write);
          }
          for (const [member, write] of refused) member.reject(new WriteRefused(write));
          members = members.filter((member) => !refused.has(member));
          continue;
        }
        if (attempt >= MAX_ATTEMPTS) throw new Error(`the catalog stayed busy for ${MAX_ATTEMPTS} attempts`);
        // DynamoDB saw overlapping transactions on one item: try again after a short random
        // pause, so writers spread out.
        await sleep(Math.random() * Math.min(250, 4 * 2 ** Math.min(attempt, 6)));
      } catch (error) {
        for (const member of members) member.reject(error);
        return;
      }
    }
  }

  /** Each member's writes then its changes as pending items, oldest first. */
  private transaction(members: readonly Queued[]) {
    const items: WriteItem[] = [];
    const owners: ({ member: Queued; write: number } | null)[] = [];
    const pendingKeys = new Map<Queued, string[]>();
    for (const member of members) {
      member.mutation.writes.forEach((write, index) => {
        items.push(write);
        owners.push({ member, write: index });
      });
      const keys: string[] = [];
      member.mutation.changes.forEach((change, index) => {
        const sk = this.nextPendingKey();
        keys.push(sk);
        // The asset count moves with the mutation's first change, so it is counted once.
        items.push({
          Put: { TableName: this.tableName, Item: pendingItem(change, sk, index === 0 ? (member.mutation.assetDelta ?? 0) : 0) },
        });
        owners.push(null);
      });
      pendingKeys.set(member, keys);
    }
    return { items, owners, pendingKeys };
  }

  /** Milliseconds (never going back within this writer), the writer, then a serial number. */
  private nextPendingKey(): string {
    this.lastMs = Math.max(this.lastMs, this.now());
    this.serial += 1;
    return `${padNumber(this.lastMs)}#${this.writerId}#${padNumber(this.serial)}`;
  }

  private async send(items: WriteItem[]): Promise<{ kind: 'done' | 'busy' } | { kind: 'refused'; indexes: number[] }> {
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
      // Pending changes carry no condition: a refusal is always a domain write's.
      const refused = codes.flatMap((code, i) => (code === 'ConditionalCheckFailed' ? [i] : []));
      if (refused.length > 0) return { kind: 'refused', indexes: refused };
      if (codes.some((code) => code === 'TransactionConflict' || code === 'ThrottlingError' || code === 'ProvisionedThroughputExceeded')) {
        return { kind: 'busy' };
      }
      throw error;
    }
  }
}

function itemKeyOf(write: WriteItem): string {
  const key = write.Put?.Item ?? write.Update?.Key ?? write.Delete?.Key ?? write.ConditionCheck?.Key ?? {};
  return `${String(key['pk'])}\u0000${String(key['sk'])}`;
}
