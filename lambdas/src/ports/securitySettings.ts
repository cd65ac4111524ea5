import type { SecuritySettings } from '@rushes/shared';

/**
 * Where the sign-in security settings live: a JSON file in the data folder in local mode, an
 * item of the catalog's DynamoDB table in the cloud. `read` answers null until an admin saved
 * them once; the caller then uses the configured defaults.
 */
export interface SecuritySettingsStore {
  read(): Promise<SecuritySettings | null>;
  write(settings: SecuritySettings): Promise<void>;
}
