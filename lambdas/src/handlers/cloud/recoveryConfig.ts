import { z } from 'zod';
import { cloudEnvNames, type StorageConfig } from './config';

/** The environment names the ingest recovery construct sets (backend-cdk/src/stacks/ingestRecovery.ts). */
export const recoveryEnvNames = {
  /** The SSM parameter holding where the scheduled reconcile got to in the key space. */
  reconcileCursor: 'RUSHES_RECONCILE_CURSOR_PARAMETER',
} as const;

const text = z.string().min(1);
const StorageEnv = z.object({
  AWS_REGION: text,
  [cloudEnvNames.table]: text,
  [cloudEnvNames.mediaBucket]: text,
  [cloudEnvNames.derivedBucket]: text,
});

/** The dead-letter handler's environment: the catalog and buckets. */
export function readIngestFailedConfig(env: Record<string, string | undefined>): StorageConfig {
  const parsed = StorageEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Lambda environment is incomplete: ${issue?.path.join('.')} ${issue?.message}`);
  }
  const e = parsed.data;
  return {
    region: e.AWS_REGION,
    table: e[cloudEnvNames.table],
    mediaBucket: e[cloudEnvNames.mediaBucket],
    derivedBucket: e[cloudEnvNames.derivedBucket],
  };
}

/** The ingest Lambda's reconcile cursor parameter; null where the construct set none. */
export function readReconcileCursorParameter(env: Record<string, string | undefined>): string | null {
  return env[recoveryEnvNames.reconcileCursor] || null;
}
