import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { CatalogConflict } from '../../ports';
import { keyLockKey } from './records';
import type { CatalogTable } from './table';

/**
 * A claim older than this whose asset never came was left by a writer that died between
 * claiming and putting: no writer lives this long (a Lambda stops at fifteen minutes).
 */
export const ORPHAN_CLAIM_MS = 20 * 60 * 1000;

/**
 * The key lock a new asset takes before its record is put (createAsset). The lock item names
 * the asset that holds the key; a claim also says when it was made, so that a claim whose
 * asset never came can be told from one whose asset is on its way. Locks written in a
 * transaction with their asset (a rename, a move) carry no claim time: their asset exists.
 */
export class KeyClaims {
  constructor(
    private readonly table: CatalogTable,
    private readonly now: () => number,
  ) {}

  /** Takes `key` for `assetId`, or throws CatalogConflict naming who has it. Claiming again is fine. */
  async claim(key: string, assetId: string): Promise<void> {
    if (await this.put(key, assetId, 'attribute_not_exists(pk) OR assetId = :assetId', { ':assetId': assetId })) return;
    const lock = await this.table.get(keyLockKey(key));
    if (!lock) {
      // Freed between the two reads: claim it as new, once.
      if (await this.put(key, assetId, 'attribute_not_exists(pk)', {})) return;
      throw new CatalogConflict(`${key} already exists.`);
    }
    const holder = lock['assetId'] as string;
    if (await this.table.getAssetItem(holder)) throw new CatalogConflict(`${key} already exists.`);
    const claimedAt = lock['claimedAt'] as number | undefined;
    if (claimedAt === undefined || this.now() - claimedAt < ORPHAN_CLAIM_MS) {
      throw new CatalogConflict(`${key} is being added by another upload; try again in a moment.`);
    }
    // Orphaned: take it over, if nobody else did first.
    const taken = await this.put(key, assetId, 'assetId = :holder AND claimedAt = :claimedAt', {
      ':holder': holder,
      ':claimedAt': claimedAt,
    });
    if (!taken) throw new CatalogConflict(`${key} is being added by another upload; try again in a moment.`);
  }

  /** Gives `key` back after the asset could not be put; a lock another asset holds stays. */
  async release(key: string, assetId: string): Promise<void> {
    try {
      await this.table.doc.send(
        new DeleteCommand({
          TableName: this.table.name,
          Key: keyLockKey(key),
          ConditionExpression: 'assetId = :assetId',
          ExpressionAttributeValues: { ':assetId': assetId },
        }),
      );
    } catch (error) {
      if ((error as { name?: string } | null)?.name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  private async put(key: string, assetId: string, condition: string, values: Record<string, unknown>): Promise<boolean> {
    try {
      await this.table.doc.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...keyLockKey(key), entity: 'key', assetId, claimedAt: this.now() },
          ConditionExpression: condition,
          ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string } | null)?.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
