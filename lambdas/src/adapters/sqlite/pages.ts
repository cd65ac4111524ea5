import { Buffer } from 'node:buffer';
import { DomainError } from '@rushes/shared';
import type { AssetQuery, AssetSortField } from '../../ports';
import type { AssetRow } from './rows';

/**
 * Keyset pagination. A page never skips rows with OFFSET: it continues strictly after the
 * last row of the previous page in the order (sort column(s), id), so each page is one
 * index range scan whatever the depth, and a row added or removed between two pages
 * neither repeats nor hides another.
 */

export const MAX_PAGE_SIZE = 500;

type SortValue = string | number;

/** The ORDER BY columns of each sort; `id` last makes the order total. */
const SORT_COLUMNS: Readonly<Record<AssetSortField, readonly (keyof AssetRow)[]>> = {
  name: ['name', 'id'],
  created: ['created_at', 'id'],
  modified: ['modified_at', 'id'],
  size: ['size', 'id'],
  type: ['type_sort', 'name', 'id'],
};

/**
 * The page query for one sort, direction and cursor presence. Parameters: folder path,
 * in_trash (0/1), the cursor's values when `afterCursor`, then the row limit. Descending is
 * the exact reverse of ascending, id included, so one index serves both.
 */
export function assetPageSql(sort: AssetSortField, direction: 'asc' | 'desc', afterCursor: boolean): string {
  const columns = SORT_COLUMNS[sort];
  const order = direction === 'asc' ? 'ASC' : 'DESC';
  const after = afterCursor ? `AND (${columns.join(', ')}) ${direction === 'asc' ? '>' : '<'} (${columns.map(() => '?').join(', ')})` : '';
  return `SELECT * FROM assets WHERE folder_path = ? AND in_trash = ? ${after}
          ORDER BY ${columns.map((column) => `${column} ${order}`).join(', ')} LIMIT ?`;
}

export function checkLimit(limit: number, max: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new DomainError('VALIDATION_FAILED', `limit must be a whole number from 1 to ${max}, not ${limit}`, 'limit');
  }
}

// A cursor carries the sort it was made for, so one from another listing is refused
// instead of silently starting somewhere odd.
export function encodeAssetCursor(query: AssetQuery, last: AssetRow): string {
  const values = SORT_COLUMNS[query.sort].map((column) => last[column] as SortValue);
  return encode([query.sort, query.direction, query.trashed === true ? 1 : 0, ...values]);
}

export function decodeAssetCursor(query: AssetQuery, cursor: string): SortValue[] {
  const decoded = decode(cursor);
  const [sort, direction, trashed, ...values] = decoded;
  const columns = SORT_COLUMNS[query.sort];
  if (
    sort !== query.sort ||
    direction !== query.direction ||
    trashed !== (query.trashed === true ? 1 : 0) ||
    values.length !== columns.length ||
    values.some((value, i) => typeof value !== (columns[i] === 'size' ? 'number' : 'string'))
  ) {
    throw badCursor();
  }
  return values;
}

export function encodeAuditCursor(at: string, id: string): string {
  return encode([at, id]);
}

export function decodeAuditCursor(cursor: string): [string, string] {
  const decoded = decode(cursor);
  const [at, id] = decoded;
  if (decoded.length !== 2 || typeof at !== 'string' || typeof id !== 'string') throw badCursor();
  return [at, id];
}

/** Transfer pages continue after (createdAt, id); `scope` binds the cursor to one listing. */
export function encodeTransferCursor(scope: string, createdAt: string, id: string): string {
  return encode([scope, createdAt, id]);
}

export function decodeTransferCursor(scope: string, cursor: string): [string, string] {
  const decoded = decode(cursor);
  const [from, createdAt, id] = decoded;
  if (decoded.length !== 3 || from !== scope || typeof createdAt !== 'string' || typeof id !== 'string') throw badCursor();
  return [createdAt, id];
}

/** Pages of assets in one status continue after the last id; the cursor names the status it was made for. */
export function encodeStatusCursor(status: string, id: string): string {
  return encode([status, id]);
}

export function decodeStatusCursor(status: string, cursor: string): string {
  const decoded = decode(cursor);
  const [from, id] = decoded;
  if (decoded.length !== 2 || from !== status || typeof id !== 'string') throw badCursor();
  return id;
}

/**
 * The upper bound of the keys under a folder path: `Show/` → `Show0`, since `0` follows
 * `/` in every collation that compares bytes. `key >= path AND key < bound` is exactly
 * "starts with path", served by an index; the root has no bound.
 */
export function prefixBound(folderPath: string): string | null {
  if (folderPath === '') return null;
  if (!folderPath.endsWith('/')) throw new Error(`"${folderPath}" is not a folder path (it must end with "/")`);
  return `${folderPath.slice(0, -1)}0`;
}

function encode(values: readonly SortValue[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

function decode(cursor: string): SortValue[] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return parsed as SortValue[];
    }
  } catch {
    // fall through: not our cursor
  }
  throw badCursor();
}

function badCursor(): DomainError {
  return new DomainError('VALIDATION_FAILED', 'cursor is not one this listing handed out; start again without it', 'cursor');
}

/**
 * One page from rows read with `limit + 1`: the extra row only says that another page
 * follows, and the cursor continues after the last row kept.
 */
export function pageOf<Row, Item>(
  rows: readonly Row[],
  limit: number,
  toItem: (row: Row) => Item,
  cursorAfter: (last: Row) => string,
): { items: Item[]; nextCursor: string | null } {
  const kept = rows.slice(0, limit);
  const last = kept.at(-1);
  return { items: kept.map(toItem), nextCursor: rows.length > limit && last ? cursorAfter(last) : null };
}
