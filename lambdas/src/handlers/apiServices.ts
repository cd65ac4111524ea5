import { Administration } from '../core/administration';
import { AuditLog } from '../core/audit';
import { Custody } from '../core/custody/custody';
import { FolderAccess } from '../core/folderAccess';
import { generatePassword } from '../core/passwords';
import { Library } from '../core/library';
import { Media } from '../core/media';
import { Transfers } from '../core/transfers';
import { Workstations } from '../core/workstations';
import { Uploads } from '../core/uploads';
import type { Catalog, Clock, ObjectStore, TransferExecutor, UploadCredentials } from '../ports';
import type { Directory } from '../ports/directory';
import type { ApiDeps } from './router';

export type ApiServices = Required<
  Pick<ApiDeps, 'library' | 'folderAccess' | 'media' | 'uploads' | 'administration' | 'audit' | 'disabledUsers' | 'custody'>
> &
  Pick<ApiDeps, 'workstations' | 'transfers'>;

/** The API's use cases over one set of adapters: the same wiring in Lambda and in local mode. */
export function apiServices(adapters: {
  catalog: Catalog;
  /** The media bucket. */
  objects: ObjectStore;
  /** The derived bucket. */
  derived: ObjectStore;
  directory: Directory;
  credentials: UploadCredentials;
  clock: Clock;
  /** This backend's version: the tool version of the MHL generations the server writes. */
  version: string;
  /**
   * Runs transfer jobs on workstations: the local executor in local mode, SSM in the cloud.
   * Without one, the workstation and transfer routes answer 503.
   */
  executor?: TransferExecutor;
}): ApiServices {
  const { catalog, objects, derived, directory, credentials, clock, executor, version } = adapters;
  const audit = new AuditLog({ catalog, clock });
  const custody = new Custody({ catalog, objects, clock, audit });
  return {
    ...(executor ? transferServices({ catalog, objects, derived, directory, clock, executor, audit, custody, version }) : {}),
    library: new Library({ catalog, objects, derived, clock, audit }),
    folderAccess: new FolderAccess({ catalog, directory, clock, audit }),
    administration: new Administration({ directory, catalog, audit, clock, newPassword: () => generatePassword() }),
    audit,
    // Checked on every request: a disabled (or deleted) user's tokens stop working at once.
    disabledUsers: catalog,
    media: new Media({ catalog, derived, clock, audit }),
    uploads: new Uploads({ catalog, audit, objects, clock, credentials }),
    custody,
  };
}

/**
 * Workstations and transfers over one set of adapters. The API gets them from apiServices;
 * the cloud's command-status Lambda builds them alone, to call `transfers.finish` with the
 * result it read (it never reaches the directory, which only workstation changes use).
 */
export function transferServices(adapters: {
  catalog: Catalog;
  objects: ObjectStore;
  derived: ObjectStore;
  directory: Directory;
  clock: Clock;
  executor: TransferExecutor;
  version: string;
  audit?: AuditLog;
  custody?: Custody;
}): { workstations: Workstations; transfers: Transfers } {
  const { catalog, objects, derived, directory, clock, executor, version } = adapters;
  const audit = adapters.audit ?? new AuditLog({ catalog, clock });
  const custody = adapters.custody ?? new Custody({ catalog, objects, clock, audit });
  const workstations = new Workstations({ catalog, directory, clock, audit, platforms: executor.platforms });
  return {
    workstations,
    transfers: new Transfers({
      catalog,
      workstations,
      objects,
      derived,
      executor,
      clock,
      audit,
      custody: { custody, toolVersion: version },
    }),
  };
}
