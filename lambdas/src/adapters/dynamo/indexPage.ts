import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '@rushes/shared';
import { decodeCursor, encodeCursor } from './cursor';
import type { Item } from './records';
import type { CatalogIndex } from './schema';
import type { CatalogTable } from './table';

/**
 * One page of an index's items: up to `page.limit` from the cursor on, and a cursor for
 * the rest when there are more (bound to `page.scope`, the query it came from). Reads one
 * item past the page so the final page has no cursor that leads to an empty page.
 */
export async function indexPage(
  table: CatalogTable,
  index: CatalogIndex,
  input: Omit<Parameters<CatalogTable['query']>[0], 'IndexName'>,
  page: { limit: number; scope: string; cursor: string | null },
): Promise<{ items: Item[]; nextCursor: string | null }> {
  const { limit, scope } = page;
  const keyNames = ['pk', 'sk', index.partitionKey, index.sortKey];
  const items: Item[] = [];
  let next: Record<string, unknown> | undefined = decodeCursor(scope, page.cursor, keyNames);
  do {
    const answer = await table.doc.send(
      new QueryCommand({
        ...input,
        IndexName: index.indexName,
        TableName: table.name,
        ExclusiveStartKey: next,
        // A filter drops items after Limit is counted: read more per call than is missing.
        Limit: input.FilterExpression ? Math.max(100, limit + 1) : limit + 1 - items.length,
      }),
    );
    items.push(...(answer.Items ?? []));
    next = answer.LastEvaluatedKey;
  } while (next && items.length <= limit);
  const shown = items.slice(0, limit);
  const last = items.length > limit ? shown.at(-1) : undefined;
  return { items: shown, nextCursor: last ? encodeCursor(scope, pick(last, keyNames)) : null };
}

/** `limit`, if it is a whole number from 1 to `max`; else VALIDATION_FAILED naming the field. */
export function pageLimit(limit: number, max: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new DomainError('VALIDATION_FAILED', `limit must be a whole number from 1 to ${max}, not ${limit}`, 'limit');
  }
  return limit;
}

function pick(item: Item, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name) => [name, item[name]]));
}
