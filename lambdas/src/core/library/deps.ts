import type { Catalog, Clock, ObjectStore } from '../../ports';
import type { AuditLog } from '../audit';

export interface LibraryDeps {
  catalog: Catalog;
  objects: ObjectStore;
  /** The derived bucket: proxies, thumbnails and the rest go when their asset is purged. */
  derived: ObjectStore;
  clock: Clock;
  /** Every change is recorded: who, when, what, before and after. */
  audit: AuditLog;
}
