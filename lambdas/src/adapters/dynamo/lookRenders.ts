import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { LookRenderStore, OpenRenderJob, RenderedAsset, StoredLookRender } from '../../core/looks/queuedRenders';

/**
 * Queued re-renders in the catalog table:
 *
 * | record           | pk                      | sk                          |
 * |------------------|-------------------------|-----------------------------|
 * | the re-render    | `lookRender#<folder>`   | `render`                    |
 * | one of its assets| `lookRender#<folder>`   | `asset#<renderId>#<assetId>`|
 * | where it started | `lookRenderId#<renderId>`| `folder`                   |
 *
 * An asset is counted when its item leaves `pending`/`submitted`, in the same transaction
 * that adds to the re-render's counts, so an event delivered twice is counted once; a
 * cancelled asset leaves them without counting. A job's completion event names the re-render
 * only, so `begin` also writes where it started (before any job can be submitted). The push
 * fan-out reads change items only; these are not.
 */
const MAX_BATCH = 25;
const pk = (folderPath: string) => `lookRender#${folderPath}`;
const RENDER_SK = 'render';
const assetSk = (renderId: string, assetId: string) => `asset#${renderId}#${assetId}`;
const byIdPk = (renderId: string) => `lookRenderId#${renderId}`;
const BY_ID_SK = 'folder';

export class DynamoLookRenderStore implements LookRenderStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async begin(render: StoredLookRender, assetIds: readonly string[]): Promise<void> {
    // The assets first: a worker that reads the new re-render finds each of them.
    for (let at = 0; at < assetIds.length; at += MAX_BATCH) {
      let pending = assetIds.slice(at, at + MAX_BATCH).map((assetId) => ({
        PutRequest: {
          Item: { pk: pk(render.folderPath), sk: assetSk(render.renderId, assetId), entity: 'lookRenderAsset', state: 'pending' },
        },
      }));
      while (pending.length > 0) {
        const answer = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: pending } }));
        pending = (answer.UnprocessedItems?.[this.table] ?? []) as typeof pending;
      }
    }
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: byIdPk(render.renderId), sk: BY_ID_SK, entity: 'lookRenderId', folderPath: render.folderPath },
      }),
    );
    await this.doc.send(
      new PutCommand({ TableName: this.table, Item: { pk: pk(render.folderPath), sk: RENDER_SK, entity: 'lookRender', ...render } }),
    );
  }

  async folderOf(renderId: string): Promise<string | null> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: byIdPk(renderId), sk: BY_ID_SK } }));
    return typeof Item?.['folderPath'] === 'string' ? Item['folderPath'] : null;
  }

  async isPending(folderPath: string, renderId: string, assetId: string): Promise<boolean> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: pk(folderPath), sk: assetSk(renderId, assetId) }, ConsistentRead: true }),
    );
    return Item?.['state'] === 'pending';
  }

  async openJobs(folderPath: string, renderId: string): Promise<OpenRenderJob[]> {
    const jobs: OpenRenderJob[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          FilterExpression: '#state = :submitted',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':pk': pk(folderPath), ':prefix': assetSk(renderId, ''), ':submitted': 'submitted' },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        const sk = String(item['sk']);
        jobs.push({ assetId: sk.slice(assetSk(renderId, '').length), jobId: String(item['jobId']) });
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return jobs;
  }

  async get(folderPath: string): Promise<StoredLookRender | null> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: pk(folderPath), sk: RENDER_SK }, ConsistentRead: true }),
    );
    return Item ? toRender(Item) : null;
  }

  async cancel(folderPath: string): Promise<StoredLookRender | null> {
    try {
      const { Attributes } = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: pk(folderPath), sk: RENDER_SK },
          UpdateExpression: 'SET #state = :cancelled',
          ConditionExpression: '#state = :running',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':cancelled': 'cancelled', ':running': 'running' },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? toRender(Attributes) : null;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return this.get(folderPath);
    }
  }

  async submitted(folderPath: string, renderId: string, assetId: string, jobId: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: pk(folderPath), sk: assetSk(renderId, assetId) },
          UpdateExpression: 'SET #state = :submitted, jobId = :job',
          ConditionExpression: '#state = :pending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':submitted': 'submitted', ':pending': 'pending', ':job': jobId },
        }),
      );
    } catch (error) {
      // Already submitted or settled (a redelivered message): nothing to change.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async settle(folderPath: string, renderId: string, assetId: string, outcome: RenderedAsset): Promise<void> {
    if (outcome.status === 'cancelled') return this.cancelAsset(folderPath, renderId, assetId);
    const failed = outcome.status === 'failed' ? 1 : 0;
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table,
                Key: { pk: pk(folderPath), sk: assetSk(renderId, assetId) },
                UpdateExpression: 'SET #state = :end, reason = :reason',
                ConditionExpression: '#state IN (:pending, :submitted)',
                ExpressionAttributeNames: { '#state': 'state' },
                ExpressionAttributeValues: {
                  ':end': outcome.status,
                  ':reason': outcome.status === 'failed' ? outcome.reason : null,
                  ':pending': 'pending',
                  ':submitted': 'submitted',
                },
              },
            },
            {
              Update: {
                TableName: this.table,
                Key: { pk: pk(folderPath), sk: RENDER_SK },
                UpdateExpression: 'ADD done :one, failed :failed',
                ConditionExpression: 'renderId = :render',
                ExpressionAttributeValues: { ':one': 1, ':failed': failed, ':render': renderId },
              },
            },
          ],
        }),
      );
    } catch (error) {
      // Counted already, or a newer re-render replaced this one: nothing to count.
      if ((error as { name?: string }).name === 'TransactionCanceledException') return;
      throw error;
    }
    const render = await this.get(folderPath);
    if (render && render.renderId === renderId && render.state === 'running' && render.done >= render.total) {
      try {
        await this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: pk(folderPath), sk: RENDER_SK },
            UpdateExpression: 'SET #state = :finished',
            ConditionExpression: '#state = :running AND renderId = :render',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':finished': 'finished', ':running': 'running', ':render': renderId },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
  }

  /** The asset's job was stopped: it leaves `pending`/`submitted` without being counted. */
  private async cancelAsset(folderPath: string, renderId: string, assetId: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: pk(folderPath), sk: assetSk(renderId, assetId) },
          UpdateExpression: 'SET #state = :cancelled',
          ConditionExpression: '#state IN (:pending, :submitted)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':cancelled': 'cancelled', ':pending': 'pending', ':submitted': 'submitted' },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}

function toRender(item: Record<string, unknown>): StoredLookRender {
  const state = item['state'];
  return {
    folderPath: String(item['folderPath']),
    renderId: String(item['renderId']),
    state: state === 'finished' || state === 'cancelled' ? state : 'running',
    total: Number(item['total'] ?? 0),
    done: Number(item['done'] ?? 0),
    failed: Number(item['failed'] ?? 0),
  };
}

function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string }).name === 'ConditionalCheckFailedException';
}
