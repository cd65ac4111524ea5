import { randomUUID } from 'node:crypto';
import { DomainError, canReadAudit, type AuditAction, type AuditEvent, type AuditOutcome, type AuditPage } from '@rushes/shared';
import type { Catalog, Clock, Principal } from '../ports';

export interface AuditEntry {
  /** Who acted: the caller's email, or `system` for workers. */
  readonly actor: string;
  readonly action: AuditAction;
  /** What was acted on: a key, folder path, user email, group name, transfer id. */
  readonly target: string;
  /** Before/after and whatever else says what happened; never a secret. */
  readonly details?: AuditEvent['details'];
  readonly outcome?: AuditOutcome;
  /** The client's network address (`Principal.address`), where the request came over the API. */
  readonly address?: string | undefined;
}

/**
 * The audit log: every mutation appends who, when, what and before/after. It is
 * append-only: this class, the Catalog port and every API route can only add and read
 * events (SQLite also refuses UPDATE and DELETE by trigger). Transfers record
 * through `record` like everything else.
 */
export class AuditLog {
  constructor(private readonly deps: { catalog: Catalog; clock: Clock }) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.deps.catalog.appendAudit({
      id: randomUUID(),
      at: this.deps.clock.now().toISOString(),
      actor: entry.actor,
      action: entry.action,
      outcome: entry.outcome ?? 'succeeded',
      target: entry.target,
      details: entry.details ?? {},
      address: entry.address ?? null,
    });
  }

  /** One page, newest first, for admins. */
  async list(
    principal: Principal,
    query: {
      actor?: string | undefined;
      action?: AuditAction | undefined;
      outcome?: AuditOutcome | undefined;
      target?: string | undefined;
      since?: string | undefined;
      until?: string | undefined;
      limit: number;
      cursor?: string | undefined;
    },
  ): Promise<AuditPage> {
    if (!canReadAudit(principal)) throw new DomainError('FORBIDDEN', 'Only admins read the audit log.');
    const page = await this.deps.catalog.listAudit({
      limit: query.limit,
      cursor: query.cursor ?? null,
      ...(query.actor ? { actor: query.actor } : {}),
      ...(query.action ? { action: query.action } : {}),
      ...(query.outcome ? { outcome: query.outcome } : {}),
      ...(query.target ? { targetPrefix: query.target } : {}),
      // Stored times are UTC with milliseconds; compare in the same form.
      ...(query.since ? { since: new Date(query.since).toISOString() } : {}),
      ...(query.until ? { until: new Date(query.until).toISOString() } : {}),
    });
    return { events: page.items, nextCursor: page.nextCursor };
  }
}
