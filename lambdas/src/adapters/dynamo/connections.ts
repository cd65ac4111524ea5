import { DeleteCommand, PutCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Principal } from '../../ports';

/** The connection table's key and its TTL attribute: the CDK stack builds the table from these. */
export const CONNECTION_KEYS = { partitionKey: 'connectionId', ttlAttribute: 'expiresAt' } as const;

/** A desktop on the cloud's push channel, as its `$connect` recorded it. */
export interface PushConnection {
  readonly connectionId: string;
  readonly principal: Principal;
  /** Epoch seconds: the token's expiry, capped; DynamoDB's TTL deletes the record after it. */
  readonly expiresAt: number;
}

/** Scans read this many connections a page. */
const PAGE = 500;

/**
 * The push channel's open connections, one item each in their own table (on-demand, TTL on
 * `expiresAt`). An item holds what the fan-out filters by: the user and their groups when
 * the token was checked. Expired items are skipped on reading too, since DynamoDB's TTL
 * deletes them only eventually (within days).
 */
export class PushConnections {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async put(connection: PushConnection): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          connectionId: connection.connectionId,
          userId: connection.principal.userId,
          email: connection.principal.email,
          groups: [...connection.principal.groups],
          expiresAt: connection.expiresAt,
        },
      }),
    );
  }

  async remove(connectionId: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: { connectionId } }));
  }

  /** Every connection whose token has not expired. A Scan: the table holds one small item per signed-in desktop. */
  async *live(): AsyncGenerator<PushConnection> {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new ScanCommand({
          TableName: this.tableName,
          Limit: PAGE,
          FilterExpression: '#expiresAt > :now',
          ExpressionAttributeNames: { '#expiresAt': 'expiresAt' },
          ExpressionAttributeValues: { ':now': Math.floor(this.now() / 1000) },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const connection = toConnection(item);
        if (connection) yield connection;
      }
      start = page.LastEvaluatedKey;
    } while (start);
  }
}

/** An item as written by `put`; anything else in the table is skipped rather than trusted. */
function toConnection(item: Record<string, unknown>): PushConnection | null {
  const { connectionId, userId, email, groups, expiresAt } = item;
  if (typeof connectionId !== 'string' || typeof userId !== 'string' || typeof email !== 'string') return null;
  if (!Array.isArray(groups) || !groups.every((g) => typeof g === 'string') || typeof expiresAt !== 'number') return null;
  return { connectionId, principal: { userId, email, groups: groups as string[] }, expiresAt };
}
