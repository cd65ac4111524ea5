import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { PutCommand, TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { FEED_ATTRIBUTE, feedNoteItem, type FeedPayload, type NewChange } from './records';

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
 * Commits mutations together with the changes they make. A change is not numbered here: it
 * rides on an item the mutation writes (the first it puts, as that item's `feed` attribute,
 * or else a feed note of its own), in the same transaction, so it exists exactly when the
 * writes do. The table's stream then holds every commit in order, and the pump (pump.ts)
 * numbers what it finds there. Writers never touch a shared item, so a card landing as a
 * thousand concurrent ingest Lambdas costs each of them its own writes and nothing more, and
 * a process that dies after committing loses nothing: its changes are in the stream.
 *
 * Within a process, commits are queued, and mutations waiting in the queue are committed
 * together, up to 100 items per transaction (group commit): a folder move of a thousand
 * assets costs a few transactions, not a race of hundreds. A mutation whose condition fails
 * is taken out and the rest retried, so each still succeeds or fails on its own.
 */
export class ChangeFeedWriter {
  private readonly queue: Queued[] = [];
  private draining = false;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  commit(mutation: Mutation): Promise<void> {
    const size = mutation.writes.length + (carrierIndex(mutation) === -1 && mutation.changes.length > 0 ? 1 : 0);
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

  /** Commits the group's writes with the changes they carry; each member resolves once committed. */
  private async commitGroup(group: Queued[]): Promise<void> {
    let members = group;
    for (let attempt = 1; members.length > 0; attempt += 1) {
      try {
        const { items, owners } = this.transaction(members);
        const outcome = await this.send(items);
        if (outcome.kind === 'done') {
          for (const member of members) member.resolve();
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

  /**
   * Each member's writes, its changes on the first item it puts (a fresh token each time, so
   * the pump tells this write from later ones of the same item), or in a feed note.
   */
  private transaction(members: readonly Queued[]) {
    const items: WriteItem[] = [];
    const owners: ({ member: Queued; write: number } | null)[] = [];
    for (const member of members) {
      const { writes, changes, assetDelta } = member.mutation;
      const payload: FeedPayload | null =
        changes.length === 0
          ? null
          : { token: randomUUID(), changes: changes.map((change) => ({ ...change })), assetDelta: assetDelta ?? 0 };
      const carrier = payload ? carrierIndex(member.mutation) : -1;
      writes.forEach((write, index) => {
        items.push(index === carrier ? withPayload(write, payload!) : write);
        owners.push({ member, write: index });
      });
      if (payload && carrier === -1) {
        items.push({ Put: { TableName: this.tableName, Item: feedNoteItem(payload, this.now()) } });
        owners.push(null);
      }
    }
    return { items, owners };
  }

  private async send(items: WriteItem[]): Promise<{ kind: 'done' | 'busy' } | { kind: 'refused'; indexes: number[] }> {
    const only = items.length === 1 ? items[0]!.Put : undefined;
    try {
      // One item needs no transaction: a conditional PutItem is atomic on its own, and costs
      // half a transactional write (the hot path: an ingest creating its asset).
      if (only) await this.doc.send(new PutCommand(only));
      else await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return { kind: 'done' };
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      if (only && name === 'ConditionalCheckFailedException') return { kind: 'refused', indexes: [0] };
      if (name === 'TransactionConflictException' || name === 'TransactionInProgressException' || name === 'ThrottlingException') {
        return { kind: 'busy' };
      }
      if (name !== 'TransactionCanceledException') throw error;
      const codes = ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code);
      // Feed notes carry no condition: a refusal is always a domain write's.
      const refused = codes.flatMap((code, i) => (code === 'ConditionalCheckFailed' ? [i] : []));
      if (refused.length > 0) return { kind: 'refused', indexes: refused };
      if (codes.some((code) => code === 'TransactionConflict' || code === 'ThrottlingError' || code === 'ProvisionedThroughputExceeded')) {
        return { kind: 'busy' };
      }
      throw error;
    }
  }
}

/** The first write that puts a whole item: it carries the mutation's changes. */
function carrierIndex(mutation: Mutation): number {
  return mutation.writes.findIndex((write) => write.Put !== undefined);
}

function withPayload(write: WriteItem, payload: FeedPayload): WriteItem {
  const put = write.Put!;
  return { Put: { ...put, Item: { ...put.Item, [FEED_ATTRIBUTE]: payload } } };
}

function itemKeyOf(write: WriteItem): string {
  const key = write.Put?.Item ?? write.Update?.Key ?? write.Delete?.Key ?? write.ConditionCheck?.Key ?? {};
  return `${String(key['pk'])}\u0000${String(key['sk'])}`;
}
