import type Database from 'better-sqlite3';
import type { AuditEvent } from '@rushes/shared';
import type { AuditQuery, Page } from '../../ports';
import type { Write } from './feed';
import { checkLimit, decodeAuditCursor, encodeAuditCursor, pageOf } from './pages';
import { auditToRow, rowToAudit, type AuditRow } from './rows';
import { statementCache } from './statements';

// The audit log in SQLite: append-only, read newest first with any mix of filters.

const MAX_AUDIT_PAGE = 1000;

export class SqliteAuditTable {
  private readonly insert: Database.Statement;
  private readonly pageStatement: (sql: string) => Database.Statement<unknown[], AuditRow>;

  constructor(
    private readonly write: Write,
    db: Database.Database,
  ) {
    this.insert = db.prepare(
      `INSERT INTO audit (id, at, actor, action, outcome, target, details, address)
       VALUES (@id, @at, @actor, @action, @outcome, @target, @details, @address)`,
    );
    this.pageStatement = statementCache<AuditRow>(db);
  }

  appendAudit(event: AuditEvent): void {
    // One INSERT, no read first: a repeated id fails on the primary key (a CatalogConflict).
    this.write(() => this.insert.run(auditToRow(event)));
  }

  listAudit(query: AuditQuery): Page<AuditEvent> {
    checkLimit(query.limit, MAX_AUDIT_PAGE);
    const filters: [column: string, operator: string, value: string | undefined][] = [
      ['actor', '=', query.actor],
      ['action', '=', query.action],
      ['outcome', '=', query.outcome],
      ['at', '>=', query.since],
      ['at', '<', query.until],
      ['target', '>=', query.targetPrefix],
      ['target', '<', query.targetPrefix === undefined ? undefined : textPrefixBound(query.targetPrefix)],
    ];
    const used = filters.filter(([, , value]) => value !== undefined);
    const after = query.cursor === null ? null : decodeAuditCursor(query.cursor);
    const where = [...used.map(([column, operator]) => `${column} ${operator} ?`), ...(after ? ['(at, id) < (?, ?)'] : [])];
    const sql = `SELECT * FROM audit ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY at DESC, id DESC LIMIT ?`;
    const rows = this.pageStatement(sql).all(...used.map(([, , value]) => value), ...(after ?? []), query.limit + 1);
    return pageOf(rows, query.limit, rowToAudit, (last) => encodeAuditCursor(last.at, last.id));
  }
}

/** The least string above every string that starts with `prefix`: its last character, plus one. */
function textPrefixBound(prefix: string): string {
  const chars = Array.from(prefix);
  const last = chars.pop()?.codePointAt(0) ?? 0;
  return chars.join('') + String.fromCodePoint(Math.min(last + 1, 0x10ffff));
}
