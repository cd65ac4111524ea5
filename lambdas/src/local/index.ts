import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { ConnectionProfile } from '@rushes/shared';
import { CognitoJwtVerifier } from '../adapters/jwtVerifier';
import { SqliteCatalog } from '../adapters/sqliteCatalog';
import { CognitoDirectory } from '../adapters/cognitoDirectory';
import { Administration } from '../core/administration';
import { AuditLog } from '../core/audit';
import { FolderAccess } from '../core/folderAccess';
import { generatePassword } from '../core/passwords';
import { Library } from '../core/library';
import { Media } from '../core/media';
import { Uploads } from '../core/uploads';
import { StaticUploadCredentials } from '../adapters/uploadCredentials';
import { StorageSync } from '../core/sync';
import type { Catalog } from '../ports';
import { createApiRouter } from '../handlers/router';
import { systemClock } from '../ports';
import { startApiServer } from './apiServer';
import { bootstrapIdentity, writeJsonAtomic, type BootstrapResult } from './bootstrap';
import { startCognitoStandin } from './cognitoStandin';
import type { LocalConfig } from './config';
import { assertPortsFree } from './portCheck';
import { startS3Standin } from './s3Standin';
import { S3RVER_CREDENTIALS, createLocalObjectStore, createLocalS3Client } from './s3Client';
import { followStorage } from './storageEvents';
import { ingestWorkDir, startIngestWorker } from './ingestWorker';
import pkg from '../../package.json' with { type: 'json' };

export { readLocalConfig, ConfigError, type LocalConfig } from './config';
export { PortInUseError, assertPortsFree } from './portCheck';

export interface LocalStack {
  config: LocalConfig;
  profile: ConnectionProfile;
  profilePath: string;
  createdAdmin: BootstrapResult['createdAdmin'];
  /** The full Cognito API over cognito-local's private socket: for this process only. */
  identityAdmin: CognitoIdentityProviderClient;
  catalog: Catalog;
  /** Waits until storage events seen so far are in the catalog; `rescan` forces a full pass. */
  storage: { idle(): Promise<void>; rescan(): Promise<void> };
  /**
   * Waits until every object seen so far is ingested (storage events applied, no ingest job
   * queued, running or waiting to retry). `enabled` is false when ingest is off or no ffmpeg
   * was found; then idle only waits for storage.
   */
  ingest: { enabled: boolean; idle(): Promise<void> };
  stop(): Promise<void>;
}

/**
 * Starts local mode: s3rver, cognito-local, and the API, all on 127.0.0.1, all data under
 * the data dir. Writes the connection profile the desktop reads. Stops whatever started if
 * a later step fails, so a failed start leaves no child behind.
 */
export async function startLocalStack(
  config: LocalConfig,
  hooks: { onFailure?: (message: string) => void } = {},
): Promise<LocalStack> {
  await assertPortsFree(
    { API: config.ports.api, S3: config.ports.s3, Cognito: config.ports.cognito },
    'Another Rushes may be running: stop it, or choose other ports with RUSHES_PORT.',
  );
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  // Also for a folder that already existed: it holds cognito-local's plain-text secrets.
  await chmod(config.dataDir, 0o700);
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    stops.length = 0;
  };
  try {
    const s3 = await startS3Standin({
      dataDir: config.dataDir,
      port: config.ports.s3,
      buckets: [config.buckets.media, config.buckets.derived],
      allowedOrigins: [`http://127.0.0.1:${config.ports.web}`, `http://localhost:${config.ports.web}`],
    });
    stops.push(s3.stop);
    const cognito = await startCognitoStandin({
      dataDir: config.dataDir,
      port: config.ports.cognito,
      onUnexpectedExit: (code) => hooks.onFailure?.(`cognito-local stopped unexpectedly (code ${code}); see logs/cognito-local.log`),
    });
    stops.push(cognito.stop);

    const ids = await bootstrapIdentity({ client: cognito.adminClient, dataDir: config.dataDir, admin: config.admin });

    const catalog = new SqliteCatalog(path.join(config.dataDir, 'catalog.sqlite'));
    stops.push(() => catalog.close());
    const s3Client = createLocalS3Client(s3.endpoint);
    stops.push(async () => s3Client.destroy());
    const objects = createLocalObjectStore(s3Client, config.buckets.media);
    const derived = createLocalObjectStore(s3Client, config.buckets.derived);
    const log = (message: string, error?: unknown) => console.error(`Rushes: ${message}${error instanceof Error ? `: ${error.message}` : ''}`);
    const sync = new StorageSync({ catalog, objects, clock: systemClock });
    const ingest = config.ingest.enabled
      ? await startIngestWorker({
          catalog,
          clock: systemClock,
          objects,
          s3: s3Client,
          derivedBucket: config.buckets.derived,
          concurrency: config.ingest.concurrency,
          workDir: ingestWorkDir(config.dataDir),
          log,
        })
      : null;
    if (ingest) {
      const { tools } = ingest;
      console.log(`Rushes: ingest runs ${config.ingest.concurrency} jobs at a time with the ${tools.source === 'system' ? "system's" : 'npm-shipped'} ffmpeg (${tools.ffmpeg}: ${tools.version})`);
      stops.push(() => ingest.stop());
    } else if (config.ingest.enabled) {
      log('no ffmpeg found, so no proxies or thumbnails are made and new media stays "Processing". Install it: sudo apt-get install -y ffmpeg');
    }
    const storage = followStorage({
      server: s3.server,
      bucket: config.buckets.media,
      sync,
      objects,
      log,
      ingest: ingest ?? undefined,
    });
    stops.push(async () => {
      storage.stop();
      await storage.idle();
    });
    await storage.rescanNow();

    // cognito-local's issuer is its own address; its signing key is public, so these
    // settings exist only here, in local mode.
    const issuer = `${cognito.endpoint}/${ids.userPoolId}`;
    const audit = new AuditLog({ catalog, clock: systemClock });
    const directory = new CognitoDirectory(cognito.adminClient, ids.userPoolId);
    const library = new Library({ catalog, objects, clock: systemClock, audit });
    const route = createApiRouter({
      verifier: new CognitoJwtVerifier({ issuer, jwksUrl: `${issuer}/.well-known/jwks.json`, audience: ids.clientId }),
      clock: systemClock,
      mode: 'local',
      version: pkg.version,
      folderAccess: new FolderAccess({ catalog, directory, clock: systemClock, audit }),
      administration: new Administration({ directory, catalog, audit, clock: systemClock, newPassword: () => generatePassword() }),
      audit,
      disabledUsers: catalog,
      library,
      media: new Media({ library, catalog, derived, clock: systemClock }),
      uploads: new Uploads({
        catalog,
        audit,
        objects,
        clock: systemClock,
        credentials: new StaticUploadCredentials(
          { endpoint: s3.endpoint, region: config.region, bucket: config.buckets.media, forcePathStyle: true },
          S3RVER_CREDENTIALS,
          systemClock,
        ),
      }),
    });
    const api = await startApiServer({ port: config.ports.api, route });
    stops.push(api.stop);

    const profile: ConnectionProfile = {
      mode: 'local',
      region: config.region,
      apiUrl: api.url,
      cognito: { endpoint: cognito.endpoint, userPoolId: ids.userPoolId, clientId: ids.clientId },
      s3: { endpoint: s3.endpoint, forcePathStyle: true, mediaBucket: config.buckets.media, derivedBucket: config.buckets.derived },
    };
    const profilePath = path.join(config.dataDir, 'profile.json');
    await writeJsonAtomic(profilePath, profile);
    return {
      config,
      profile,
      profilePath,
      createdAdmin: ids.createdAdmin,
      identityAdmin: cognito.adminClient,
      catalog,
      storage: { idle: storage.idle, rescan: storage.rescanNow },
      ingest: {
        enabled: ingest !== null,
        idle: async () => {
          await storage.idle();
          await ingest?.idle();
        },
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
