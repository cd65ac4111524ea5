import type { SecuritySettings } from '@rushes/shared';
import { Administration } from '../core/administration';
import { SignInSecurity } from '../core/signInSecurity';
import { AuditLog } from '../core/audit';
import { Custody } from '../core/custody/custody';
import { FolderAccess } from '../core/folderAccess';
import { generatePassword } from '../core/passwords';
import { Library } from '../core/library';
import { Looks } from '../core/looks/looks';
import type { LookRenderer } from '../core/looks/renders';
import { Media } from '../core/media';
import { Review } from '../core/review';
import { Transfers } from '../core/transfers';
import { Workstations } from '../core/workstations';
import { Uploads } from '../core/uploads';
import type { AuthenticatorApps, Catalog, Clock, ObjectStore, SecuritySettingsStore, TransferExecutor, UploadCredentials } from '../ports';
import type { Directory } from '../ports/directory';
import type { ApiDeps } from './router';

export type ApiServices = Required<
  Pick<ApiDeps, 'library' | 'review' | 'folderAccess' | 'media' | 'uploads' | 'administration' | 'audit' | 'security' | 'looks' | 'custody'>
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
  /** The caller's authenticator app, reached with their own access token (Cognito; through the guard locally). */
  authenticators: AuthenticatorApps;
  credentials: UploadCredentials;
  clock: Clock;
  /** Where the sign-in security settings are kept, and what applies until an admin saves some. */
  securitySettings: { store: SecuritySettingsStore; defaults: SecuritySettings };
  /** This backend's version: the tool version of the MHL generations the server writes. */
  version: string;
  /**
   * Runs transfer jobs on workstations: the local executor in local mode, SSM in the cloud.
   * Without one, the workstation and transfer routes answer 503.
   */
  executor?: TransferExecutor;
  /** Re-renders graded proxies when a look changes; absent where this process makes no proxies. */
  renders?: LookRenderer;
}): ApiServices {
  const { catalog, objects, derived, directory, authenticators, credentials, clock, executor, renders, version } = adapters;
  const audit = new AuditLog({ catalog, clock });
  // Checked on every request: a disabled (or deleted) user's tokens stop working at once.
  const security = new SignInSecurity({ directory, authenticators, catalog, audit, clock, ...adapters.securitySettings });
  const custody = new Custody({ catalog, objects, clock, audit });
  return {
    ...(executor ? transferServices({ catalog, objects, derived, directory, clock, executor, audit, custody, version }) : {}),
    library: new Library({ catalog, objects, derived, clock, audit }),
    review: new Review({ catalog, clock, audit }),
    folderAccess: new FolderAccess({ catalog, directory, clock, audit }),
    administration: new Administration({ directory, catalog, audit, clock, security, newPassword: () => generatePassword() }),
    audit,
    security,
    media: new Media({ catalog, derived, clock, audit }),
    uploads: new Uploads({ catalog, audit, objects, clock, credentials }),
    looks: new Looks({ catalog, derived, clock, audit, ...(renders ? { renders } : {}) }),
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
