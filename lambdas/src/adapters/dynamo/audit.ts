import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '@rushes/shared';
import { CatalogConflict, type AuditQuery, type DisabledMark, type Page } from '../../ports';
import { indexPage, pageLimit } from './indexPage';
import { AUDIT_PK, DISABLED_USERS_PK, actorPk, auditItem, disabledUserKey, toAudit, toDisabledMark } from './records';
import { AUDIT_BY_ACTOR_INDEX, AUDIT_INDEX } from './schema';
import type { CatalogTable } from './table';

const MAX_AUDIT_PAGE = 1000;

/**
 * The audit log and the disabled-user marks in the catalog table. Neither is part of the
 * change feed: nothing a client displays changes. Audit events are listed newest first from
 * one index of all of them or one of each actor's (schema.ts).
 */
export class DynamoAuditTables {
  constructor(private readonly table: CatalogTable) {}

  async append(event: AuditEvent): Promise<void> {
    // Not part of the change feed: nothing a client displays changes.
    try {
      await this.table.doc.send(
        new PutCommand({ TableName: this.table.name, Item: auditItem(event), ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') {
        throw new CatalogConflict(`Audit event ${event.id} already exists`);
      }
      throw error;
    }
  }

  async list(query: AuditQuery): Promise<Page<AuditEvent>> {
    const limit = pageLimit(query.limit, MAX_AUDIT_PAGE);
    const index = query.actor === undefined ? AUDIT_INDEX : AUDIT_BY_ACTOR_INDEX;
    const partition = query.actor === undefined ? AUDIT_PK : actorPk(query.actor);
    const names: Record<string, string> = { '#p': index.partitionKey };
    if (query.since !== undefined || query.until !== undefined) names['#s'] = index.sortKey;
    const values: Record<string, unknown> = { ':p': partition };
    // From `since` (inclusive) to `until` (exclusive): keys are `<at>\u0001<id>`, so an event
    // at `since` sorts after `since` and one at `until` after `until`, and BETWEEN excludes it.
    const keyConditions = ['#p = :p'];
    if (query.since !== undefined && query.until !== undefined) {
      keyConditions.push('#s BETWEEN :since AND :until');
      values[':since'] = query.since;
      values[':until'] = query.until;
    } else if (query.since !== undefined) {
      keyConditions.push('#s >= :since');
      values[':since'] = query.since;
    } else if (query.until !== undefined) {
      keyConditions.push('#s < :until');
      values[':until'] = query.until;
    }
    const filters: string[] = [];
    if (query.action !== undefined) {
      filters.push('#action = :action');
      names['#action'] = 'action';
      values[':action'] = query.action;
    }
    if (query.outcome !== undefined) {
      filters.push('#outcome = :outcome');
      names['#outcome'] = 'outcome';
      values[':outcome'] = query.outcome;
    }
    if (query.targetPrefix !== undefined) {
      filters.push('begins_with(#target, :target)');
      names['#target'] = 'target';
      values[':target'] = query.targetPrefix;
    }
    const scope = `audit:${partition}:${query.since ?? ''}:${query.until ?? ''}:${query.action ?? ''}:${query.outcome ?? ''}:${query.targetPrefix ?? ''}`;
    const page = await indexPage(
      this.table,
      index,
      {
        KeyConditionExpression: keyConditions.join(' AND '),
        ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
      },
      { limit, scope, cursor: query.cursor },
    );
    return { items: page.items.map(toAudit), nextCursor: page.nextCursor };
  }

  async setUserDisabled(userId: string, mark: DisabledMark | null): Promise<void> {
    const key = disabledUserKey(userId);
    if (mark) {
      await this.table.doc.send(new PutCommand({ TableName: this.table.name, Item: { ...key, entity: 'disabledUser', userId, ...mark } }));
    } else {
      await this.table.doc.send(new DeleteCommand({ TableName: this.table.name, Key: key }));
    }
  }

  async userDisabled(userId: string): Promise<DisabledMark | null> {
    const item = await this.table.get(disabledUserKey(userId));
    return item ? toDisabledMark(item) : null;
  }

  async listDisabledUsers(): Promise<(DisabledMark & { userId: string })[]> {
    const found: (DisabledMark & { userId: string })[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.table.doc.send(
        new QueryCommand({
          TableName: this.table.name,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': DISABLED_USERS_PK },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) found.push({ userId: item['userId'] as string, ...toDisabledMark(item) });
      start = page.LastEvaluatedKey;
    } while (start);
    return found.sort((a, b) => a.email.localeCompare(b.email) || a.userId.localeCompare(b.userId));
  }
}
