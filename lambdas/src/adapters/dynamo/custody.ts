import { BatchWriteCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { CustodyEntry } from '@rushes/shared';
import { CatalogConflict, type CustodyGeneration } from '../../ports';
import type { Item } from './records';
import type { CatalogTable } from './table';

/**
 * Chain-of-custody records in the catalog table (layout in schema.ts):
 *
 * | record             | pk                      | sk                              |
 * |--------------------|-------------------------|---------------------------------|
 * | MHL generation     | `custody#<root path>`   | sequence, 8 digits              |
 * | asset's hop entry  | `custodyAsset#<id>`     | `<root path>␁<sequence>␁<hop>`  |
 *
 * The generations of one call are put in one transaction, each on condition that its number
 * is free: that is the commit point that keeps two uploads from taking the same number. The
 * entries follow in batches (a card lists more files than a transaction holds); they are
 * keyed so a retried call writes the same items again.
 */

// Below every character a path holds, as in records.ts.
const TIE = '\u0001';
/** TransactWriteItems' limit per call. */
const MAX_TRANSACTION = 100;
/** BatchWriteItem's limit per call. */
const MAX_BATCH = 25;

const generationKey = (rootPath: string, sequence: number) => ({ pk: `custody#${rootPath}`, sk: String(sequence).padStart(8, '0') });
const entryKey = (entry: Pick<CustodyEntry, 'assetId' | 'rootPath' | 'sequence' | 'hop'>) => ({
  pk: `custodyAsset#${entry.assetId}`,
  sk: `${entry.rootPath}${TIE}${String(entry.sequence).padStart(8, '0')}${TIE}${entry.hop}`,
});

export class DynamoCustodyTables {
  constructor(private readonly table: CatalogTable) {}

  async addGenerations(generations: readonly CustodyGeneration[], entries: readonly CustodyEntry[]): Promise<void> {
    if (generations.length > MAX_TRANSACTION) throw new Error(`At most ${MAX_TRANSACTION} generations are recorded at once`);
    if (generations.length > 0) {
      try {
        await this.table.doc.send(
          new TransactWriteCommand({
            TransactItems: generations.map((generation) => ({
              Put: {
                TableName: this.table.name,
                Item: { ...generationKey(generation.rootPath, generation.sequence), entity: 'custodyGeneration', ...generation },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            })),
          }),
        );
      } catch (error) {
        if ((error as { name?: string }).name === 'TransactionCanceledException') {
          throw new CatalogConflict(
            `A generation of ${generations[0]!.rootPath} numbered ${generations.map((g) => g.sequence).join(', ')} is already recorded`,
          );
        }
        throw error;
      }
    }
    for (let start = 0; start < entries.length; start += MAX_BATCH) {
      let requests = entries.slice(start, start + MAX_BATCH).map((entry) => ({
        PutRequest: { Item: { ...entryKey(entry), entity: 'custodyEntry', ...entry } as Item },
      }));
      // Unprocessed items come back under throttling: send them again until none is left.
      while (requests.length > 0) {
        const answer = await this.table.doc.send(new BatchWriteCommand({ RequestItems: { [this.table.name]: requests } }));
        requests = (answer.UnprocessedItems?.[this.table.name] ?? []) as typeof requests;
      }
    }
  }

  async listGenerations(rootPath: string): Promise<CustodyGeneration[]> {
    const found: CustodyGeneration[] = [];
    for await (const item of this.table.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `custody#${rootPath}` },
      ConsistentRead: true,
    })) {
      found.push({
        rootPath: item['rootPath'] as string,
        sequence: item['sequence'] as number,
        manifestName: item['manifestName'] as string,
        c4: item['c4'] as string,
        hop: item['hop'] as CustodyGeneration['hop'],
        by: item['by'] as string,
        createdAt: item['createdAt'] as string,
        transferId: (item['transferId'] as string | null | undefined) ?? null,
      });
    }
    return found;
  }

  async listAssetEntries(assetId: string): Promise<CustodyEntry[]> {
    const found: CustodyEntry[] = [];
    for await (const item of this.table.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `custodyAsset#${assetId}` },
      ConsistentRead: true,
    })) {
      found.push({
        assetId: item['assetId'] as string,
        rootPath: item['rootPath'] as string,
        path: item['path'] as string,
        sequence: item['sequence'] as number,
        manifestName: item['manifestName'] as string,
        hop: item['hop'] as CustodyEntry['hop'],
        state: item['state'] as CustodyEntry['state'],
        hashes: { ...(item['hashes'] as CustodyEntry['hashes']) },
        expected: (item['expected'] as CustodyEntry['expected'] | undefined) ?? null,
        by: item['by'] as string,
        detail: (item['detail'] as string | null | undefined) ?? null,
        at: item['at'] as string,
      });
    }
    // The same order as SQLite's: by time, then generation, then hop.
    return found.sort((a, b) =>
      a.at < b.at ? -1 : a.at > b.at ? 1 : a.sequence - b.sequence || (a.hop < b.hop ? -1 : a.hop > b.hop ? 1 : 0),
    );
  }
}
