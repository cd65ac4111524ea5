import { csvLines } from './csvCell';
import type { AuditEvent } from './domain';

export { csvField } from './csvCell';

/** The audit log as CSV: one header line, one line per event, cells escaped by csvCell.ts. */
export const AUDIT_CSV_COLUMNS = ['time', 'actor', 'action', 'outcome', 'target', 'address', 'details'] as const;

export function auditCsv(events: readonly AuditEvent[]): string {
  return csvLines([
    AUDIT_CSV_COLUMNS,
    ...events.map((event) => [
      event.at,
      event.actor,
      event.action,
      event.outcome,
      event.target,
      event.address ?? '',
      describeDetails(event.details),
    ]),
  ]);
}

/** `before=admin; after=admin,show-a`: readable in one cell, in the order they were recorded. */
export function describeDetails(details: AuditEvent['details']): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}=${value === null ? '' : String(value)}`)
    .join('; ');
}
