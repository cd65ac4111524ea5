import type { AuditEvent } from './domain';

/**
 * The audit log as CSV (RFC 4180): every field quoted when it holds a comma, quote, CR or
 * LF, quotes doubled, lines ended by CRLF. A field that a spreadsheet would run as a formula
 * (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, so a
 * file name like `=HYPERLINK(...)` opens as text (OWASP "CSV injection").
 */
export const AUDIT_CSV_COLUMNS = ['time', 'actor', 'action', 'outcome', 'target', 'address', 'details'] as const;

export function auditCsv(events: readonly AuditEvent[]): string {
  const lines = [AUDIT_CSV_COLUMNS.join(',')];
  for (const event of events) {
    lines.push(
      [event.at, event.actor, event.action, event.outcome, event.target, event.address ?? '', describeDetails(event.details)]
        .map(csvField)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/** `before=admin; after=admin,show-a`: readable in one cell, in the order they were recorded. */
export function describeDetails(details: AuditEvent['details']): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}=${value === null ? '' : String(value)}`)
    .join('; ');
}

export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
