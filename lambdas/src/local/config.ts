import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_SECURITY_SETTINGS, PasswordRuleSchema, SecuritySettingsSchema, type SecuritySettings } from '@rushes/shared';

/**
 * Local mode's settings, read from the environment once at start. Every
 * server binds 127.0.0.1; ports are the web port and the three after it unless set.
 */
export interface LocalConfig {
  dataDir: string;
  host: '127.0.0.1';
  ports: { web: number; api: number; s3: number; cognito: number };
  admin: { email: string; password: string | null };
  buckets: { media: string; derived: string };
  region: string;
  /** Probe, proxies and thumbnails with ffmpeg; off leaves new media `processing`. */
  ingest: { enabled: boolean; concurrency: number };
  /** Sign-in security until an admin saves settings in the app (then the saved ones apply). */
  security: SecuritySettings;
}

export const DEFAULT_WEB_PORT = 4780;
export const DEFAULT_ADMIN_EMAIL = 'admin@rushes.local';

const Port = z.coerce.number().int().min(1).max(65535);
const LocalEnv = z.object({
  RUSHES_DATA_DIR: z.string().min(1).optional(),
  RUSHES_PORT: Port.optional(),
  RUSHES_API_PORT: Port.optional(),
  RUSHES_S3_PORT: Port.optional(),
  RUSHES_COGNITO_PORT: Port.optional(),
  RUSHES_ADMIN_EMAIL: z.email().optional(),
  /** The same rule the user pool and the app check, so a bad one is named at start, not mid-bootstrap. */
  RUSHES_ADMIN_PASSWORD: PasswordRuleSchema.optional(),
  RUSHES_INGEST: z.enum(['on', 'off']).optional(),
  RUSHES_INGEST_JOBS: z.coerce.number().int().min(1).max(16).optional(),
  /** Comma-separated groups that must use two-step sign-in, or `none`. */
  RUSHES_MFA_REQUIRED_GROUPS: z
    .string()
    .transform((value) => (value.trim() === 'none' ? [] : value.split(',').map((group) => group.trim())))
    .optional(),
  RUSHES_IDLE_MINUTES: z.coerce.number().optional(),
});

/** ffmpeg spreads one job over every core; one job per core (2 to 4) keeps them busy without thrashing. */
export function defaultIngestJobs(cores = os.availableParallelism()): number {
  return Math.min(4, Math.max(2, cores));
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * The platform's per-user data folder (XDG data on Linux, Application Support on macOS,
 * Roaming AppData on Windows). Media objects live here, so not in a config folder.
 */
export function defaultDataDir(env: Record<string, string | undefined>, platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Rushes');
  if (platform === 'win32') return path.join(env['APPDATA'] ?? path.join(home, 'AppData', 'Roaming'), 'Rushes');
  return path.join(env['XDG_DATA_HOME'] ?? path.join(home, '.local', 'share'), 'Rushes');
}

export function readLocalConfig(env: Record<string, string | undefined> = process.env): LocalConfig {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = LocalEnv.safeParse(blanksRemoved);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join('.') ?? 'environment';
    throw new ConfigError(`${name} is not valid: ${issue?.message ?? 'unknown problem'}`);
  }
  const e = parsed.data;
  if (e.RUSHES_ADMIN_PASSWORD && !e.RUSHES_ADMIN_EMAIL) {
    throw new ConfigError('RUSHES_ADMIN_PASSWORD is set but RUSHES_ADMIN_EMAIL is not: set both, or neither.');
  }
  const web = e.RUSHES_PORT ?? DEFAULT_WEB_PORT;
  const ports = {
    web,
    api: e.RUSHES_API_PORT ?? web + 1,
    s3: e.RUSHES_S3_PORT ?? web + 2,
    cognito: e.RUSHES_COGNITO_PORT ?? web + 3,
  };
  const taken = new Map<number, string>();
  for (const [name, port] of Object.entries(ports)) {
    if (port > 65535) throw new ConfigError(`The ${name} port would be ${port}; choose a lower RUSHES_PORT.`);
    const other = taken.get(port);
    if (other) throw new ConfigError(`The ${name} and ${other} ports are both ${port}; give each its own port.`);
    taken.set(port, name);
  }
  return {
    dataDir: path.resolve(e.RUSHES_DATA_DIR ?? defaultDataDir(env)),
    host: '127.0.0.1',
    ports,
    admin: { email: (e.RUSHES_ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL).toLowerCase(), password: e.RUSHES_ADMIN_PASSWORD ?? null },
    buckets: { media: 'rushes-media', derived: 'rushes-derived' },
    region: 'local',
    ingest: { enabled: e.RUSHES_INGEST !== 'off', concurrency: e.RUSHES_INGEST_JOBS ?? defaultIngestJobs() },
    security: securityDefaults(e.RUSHES_MFA_REQUIRED_GROUPS, e.RUSHES_IDLE_MINUTES),
  };
}

function securityDefaults(groups: string[] | undefined, idleMinutes: number | undefined): SecuritySettings {
  const parsed = SecuritySettingsSchema.safeParse({
    mfaRequiredGroups: groups ?? DEFAULT_SECURITY_SETTINGS.mfaRequiredGroups,
    idleMinutes: idleMinutes ?? DEFAULT_SECURITY_SETTINGS.idleMinutes,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path[0] === 'idleMinutes' ? 'RUSHES_IDLE_MINUTES' : 'RUSHES_MFA_REQUIRED_GROUPS';
    throw new ConfigError(`${name} is not valid: ${issue?.message ?? 'unknown problem'}`);
  }
  return parsed.data;
}
