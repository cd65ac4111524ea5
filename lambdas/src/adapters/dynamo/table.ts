import { BatchGetCommand, GetCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CatalogAsset, CatalogFolder } from '../../ports';
import { ChangeFeedWriter } from './feed';
import { TREE_PK, assetKey, folderChildrenPk, folderKey, toAsset, toFolder, type Item, type ItemKey } from './records';
import { TREE_INDEX } from './schema';

/** BatchGetItem's limit per request. */
const BATCH_GET_KEYS = 100;

/** The reads both the catalog and a folder move need, over one table. */
export class CatalogTable {
  readonly feed: ChangeFeedWriter;

  constructor(
    readonly doc: DynamoDBDocumentClient,
    readonly name: string,
  ) {
    this.feed = new ChangeFeedWriter(doc, name);
  }

  async get(key: ItemKey): Promise<Item | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.name, Key: key, ConsistentRead: true }));
    return Item;
  }

  async getFolderItem(path: string): Promise<Item | undefined> {
    if (path === '' || !path.endsWith('/')) return undefined;
    return this.get(folderKey(path));
  }

  async getFolder(path: string): Promise<CatalogFolder | null> {
    const item = await this.getFolderItem(path);
    return item ? toFolder(item) : null;
  }

  async getAssetItem(id: string): Promise<Item | undefined> {
    return this.get(assetKey(id));
  }

  /**
   * Items by key, strongly consistent, in BatchGetItem's chunks of 100; keys DynamoDB leaves
   * unprocessed (throttling) are asked again after a short wait.
   */
  async getMany(keys: readonly ItemKey[]): Promise<Item[]> {
    const items: Item[] = [];
    for (let start = 0; start < keys.length; start += BATCH_GET_KEYS) {
      let pending: ItemKey[] = keys.slice(start, start + BATCH_GET_KEYS);
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
        const answer = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.name]: { Keys: pending, ConsistentRead: true } } }));
        items.push(...(answer.Responses?.[this.name] ?? []));
        pending = (answer.UnprocessedKeys?.[this.name]?.Keys ?? []) as ItemKey[];
      }
    }
    return items;
  }

  async *query(input: Omit<QueryCommandInput, 'TableName'>): AsyncGenerator<Item> {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(new QueryCommand({ ...input, TableName: this.name, ExclusiveStartKey: start }));
      yield* page.Items ?? [];
      start = page.LastEvaluatedKey;
    } while (start);
  }

  /** The direct sub-folders of `parentPath`, by name (strongly consistent). */
  async childFolders(parentPath: string): Promise<CatalogFolder[]> {
    const folders: CatalogFolder[] = [];
    const items = this.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': folderChildrenPk(parentPath) },
      ConsistentRead: true,
    });
    for await (const item of items) folders.push(toFolder(item));
    return folders;
  }

  /**
   * The folder at `path` and every folder below it, parents before children, trashed ones
   * included: a walk of the base table, so it sees every committed folder. It walks the
   * children of `path` even when `path` itself has no record (a half-done move).
   */
  async folderTree(path: string): Promise<CatalogFolder[]> {
    const root = await this.getFolder(path);
    const tree = root ? [root] : [];
    const below = await this.childFolders(path);
    for (let i = 0; i < below.length; i += 1) {
      below.push(...(await this.childFolders((below[i] as CatalogFolder).path)));
    }
    return [...tree, ...below];
  }

  /** Assets whose key starts with `prefix`, by key, from the tree index (eventually consistent). */
  async *assetsUnder(prefix: string): AsyncGenerator<CatalogAsset> {
    const { indexName, partitionKey, sortKey } = TREE_INDEX;
    const items = this.query({
      IndexName: indexName,
      KeyConditionExpression: prefix === '' ? '#p = :p' : '#p = :p AND begins_with(#s, :prefix)',
      ExpressionAttributeNames: prefix === '' ? { '#p': partitionKey } : { '#p': partitionKey, '#s': sortKey },
      ExpressionAttributeValues: prefix === '' ? { ':p': TREE_PK } : { ':p': TREE_PK, ':prefix': prefix },
    });
    for await (const item of items) yield toAsset(item);
  }

  /** Up to `limit` assets whose key sorts after `after`, by key, from the tree index (eventually consistent). */
  async assetsAfterKey(after: string, limit: number): Promise<CatalogAsset[]> {
    const { indexName, partitionKey, sortKey } = TREE_INDEX;
    // A key condition may not compare with an empty string: the first page has none.
    const items = this.query({
      IndexName: indexName,
      KeyConditionExpression: after === '' ? '#p = :p' : '#p = :p AND #s > :after',
      ExpressionAttributeNames: after === '' ? { '#p': partitionKey } : { '#p': partitionKey, '#s': sortKey },
      ExpressionAttributeValues: after === '' ? { ':p': TREE_PK } : { ':p': TREE_PK, ':after': after },
      Limit: limit,
    });
    const found: CatalogAsset[] = [];
    for await (const item of items) {
      found.push(toAsset(item));
      if (found.length === limit) break;
    }
    return found;
  }
}
