import { DomainError } from '@rushes/shared';

/**
 * Page cursors are DynamoDB's ExclusiveStartKey, bound to the query they came from (`scope`:
 * index, partition, direction), base64url-encoded. A cursor from another query, or one that
 * was tampered with, is refused rather than passed to DynamoDB.
 */
export function encodeCursor(scope: string, key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ scope, key }), 'utf8').toString('base64url');
}

export function decodeCursor(scope: string, cursor: string | null, keyNames: readonly string[]): Record<string, string> | undefined {
  if (cursor === null) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid();
  const { scope: from, key } = parsed as { scope?: unknown; key?: unknown };
  if (from !== scope || typeof key !== 'object' || key === null) throw invalid();
  const entries = Object.entries(key);
  const valid =
    entries.length === keyNames.length && entries.every(([name, value]) => keyNames.includes(name) && typeof value === 'string');
  if (!valid) throw invalid();
  return Object.fromEntries(entries) as Record<string, string>;
}

function invalid(): DomainError {
  return new DomainError('VALIDATION_FAILED', 'The page cursor is not valid for this listing; start again from the first page.', 'cursor');
}
