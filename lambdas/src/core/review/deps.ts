import type { Catalog, Clock } from '../../ports';
import type { AuditLog } from '../audit';

export interface ReviewDeps {
  catalog: Catalog;
  clock: Clock;
  /** Every note and take change is recorded, with the caller's address. */
  audit: AuditLog;
}
