import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DomainError, type ConnectionProfile } from '@rushes/shared';
import { CognitoJwtVerifier } from '../adapters/jwtVerifier';
import { CognitoAuthenticatorApps } from '../adapters/cognitoAuthenticatorApps';
import { SqliteCatalog } from '../adapters/sqliteCatalog';
import { CognitoDirectory } from '../adapters/cognitoDirectory';
import { JsonFileSecuritySettings } from '../adapters/securitySettingsStores';
import { LocalTransferExecutor } from '../adapters/localTransferExecutor';
import { StaticUploadCredentials } from '../adapters/uploadCredentials';
import { StorageSync } from '../core/sync';
import type { Catalog, Clock, TransferExecutor, TransferReports } from '../ports';
import type { Transfers } from '../core/transfers';
import { apiServices, type ApiServices } from '../handlers/apiServices';
import { bearerTokenAuthenticator, createApiRouter } from '../handlers/router';
import { systemClock } from '../ports';
import { startApiServer } from './apiServer';
import { LocalPushHub, PUSH_PATH } from './pushServer';
import { bootstrapIdentity, writeJsonAtomic, type BootstrapResult } from './bootstrap';
import { startCognitoStandin } from './cognitoStandin';
import type { SignInEvent } from './cognitoGuard';
import type { AuditLog } from '../core/audit';
import type { LocalConfig } from './config';
import { assertPortsFree } from './portCheck';
import { startS3Standin } from './s3Standin';
import { S3RVER_CREDENTIALS, createLocalObjectStore, createLocalS3Client } from './s3Client';
import { followStorage, reconcileCheckpoint } from './storageEvents';
import { ingestWorkDir, startIngestWorker } from './ingestWorker';
import pkg from '../../package.json' with { type: 'json' };

export { readLocalConfig, ConfigError, type LocalConfig } from './config';
export { PortInUseError, assertPortsFree } from './portCheck';

/** How often local mode fails transfer jobs past their deadline (the cloud does it on reads). */
export const TRANSFER_SWEEP_MS = 30_000;

export interface LocalStack {
  config: LocalConfig;
  profile: ConnectionProfile;
  profilePath: string;
  createdAdmin: BootstrapResult['createdAdmin'];
  /** The full Cognito API over cognito-local's private socket: for this process only. */
  identityAdmin: CognitoIdentityProviderClient;
  catalog: Catalog;
  /** The API's use cases, as the local server's router runs them (the cloud's router wraps the same). */
  services: ApiServices;
  /** Waits until storage events seen so far are in the catalog; `rescan` forces a full pass (start-up does one stretch). */
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
  hooks: {
    onFailure?: (message: string) => void;
    /** Replaces the local transfer executor (tests: one that never reports back). */
    transferExecutor?: (reports: TransferReports) => TransferExecutor;
    /** Replaces the system clock (tests: deadlines that pass at once). */
    clock?: Clock;
  } = {},
): Promise<LocalStack> {
  const clock = hooks.clock ?? systemClock;
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
    // The stand-in sees failed codes and lockouts before the API exists; they reach the audit log once it does.
    const signInEvents: { record?: (event: SignInEvent) => Promise<void> } = {};
    const cognito = await startCognitoStandin({
      dataDir: config.dataDir,
      port: config.ports.cognito,
      clock,
      onSignInEvent: (event) => void signInEvents.record?.(event).catch((error: unknown) => log('a sign-in event was not audited', error)),
      onUnexpectedExit: (code) => hooks.onFailure?.(`cognito-local stopped unexpectedly (code ${code}); see logs/cognito-local.log`),
    });
    stops.push(cognito.stop);

    const ids = await bootstrapIdentity({ client: cognito.adminClient, dataDir: config.dataDir, admin: config.admin });

    // The push hub is made once the verifier exists; changes committed before then have no listener.
    let push: LocalPushHub | null = null;
    const catalog = new SqliteCatalog(path.join(config.dataDir, 'catalog.sqlite'), {
      onChanges: (latest) => push?.changesCommitted(latest),
    });
    stops.push(() => catalog.close());
    const s3Client = createLocalS3Client(s3.endpoint);
    stops.push(async () => s3Client.destroy());
    const objects = createLocalObjectStore(s3Client, config.buckets.media);
    const derived = createLocalObjectStore(s3Client, config.buckets.derived);
    const log = (message: string, error?: unknown) =>
      console.error(`Rushes: ${message}${error instanceof Error ? `: ${error.message}` : ''}`);
    const sync = new StorageSync({ catalog, objects, derived, clock });
    const ingest = config.ingest.enabled
      ? await startIngestWorker({
          catalog,
          clock,
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
      console.log(
        `Rushes: ingest runs ${config.ingest.concurrency} jobs at a time with the ${tools.source === 'system' ? "system's" : 'npm-shipped'} ffmpeg (${tools.ffmpeg}: ${tools.version})`,
      );
      stops.push(() => ingest.stop());
    } else if (config.ingest.enabled) {
      log(
        'no ffmpeg found, so no proxies or thumbnails are made and new media stays "Processing". Install it: sudo apt-get install -y ffmpeg',
      );
    }
    const storage = followStorage({
      server: s3.server,
      bucket: config.buckets.media,
      sync,
      objects,
      log,
      ingest: ingest ?? undefined,
      checkpoint: reconcileCheckpoint(path.join(config.dataDir, 'storage-reconcile.json')),
    });
    stops.push(async () => {
      storage.stop();
      await storage.idle();
    });
    await storage.reconcileNow();

    // The executor reports to the transfers use case, which is made with the executor.
    // Once stopping, reports are no longer taken: a job still copying stays `running` in the
    // catalog and is run again at the next start (Transfers.resumeUnfinished).
    const wired: { transfers?: Transfers | undefined } = {};
    let accepting = true;
    const reporting = new Set<Promise<void>>();
    const reports: TransferReports = {
      progress: (jobId, index, bytesDone) => {
        if (accepting) wired.transfers?.progress(jobId, index, bytesDone);
      },
      finished: async (jobId, outcome) => {
        if (!accepting || !wired.transfers) return;
        const report = wired.transfers.finish(jobId, outcome);
        reporting.add(report);
        try {
          await report;
        } finally {
          reporting.delete(report);
        }
      },
    };
    const executor = hooks.transferExecutor?.(reports) ?? new LocalTransferExecutor({ s3: s3Client, reports });
    stops.push(async () => {
      accepting = false;
      await Promise.allSettled([...reporting]);
    });

    // cognito-local's issuer is its own address; its signing key is public, so these
    // settings exist only here, in local mode.
    const issuer = `${cognito.endpoint}/${ids.userPoolId}`;
    const verifier = new CognitoJwtVerifier({ issuer, jwksUrl: `${issuer}/.well-known/jwks.json`, audience: ids.clientId });
    // The authenticator calls go through the guard, as the desktop's own Cognito calls do (the cloud: to Cognito).
    const userCognito = new CognitoIdentityProviderClient({
      region: config.region,
      endpoint: cognito.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    stops.push(async () => userCognito.destroy());
    const services = apiServices({
      executor,
      ...(ingest ? { renders: ingest.renders } : {}),
      catalog,
      objects,
      derived,
      directory: new CognitoDirectory(cognito.adminClient, ids.userPoolId),
      authenticators: new CognitoAuthenticatorApps(userCognito, (token) => verifier.accessTokenOwner(token)),
      credentials: new StaticUploadCredentials(
        { endpoint: s3.endpoint, region: config.region, bucket: config.buckets.media, forcePathStyle: true },
        S3RVER_CREDENTIALS,
        clock,
      ),
      clock,
      securitySettings: { store: new JsonFileSecuritySettings(path.join(config.dataDir, 'security.json')), defaults: config.security },
      version: pkg.version,
    });
    signInEvents.record = (event) => recordSignInEvent(services.audit, event);
    const route = createApiRouter({
      authenticate: bearerTokenAuthenticator(verifier),
      clock,
      mode: 'local',
      version: pkg.version,
      ...services,
    });
    wired.transfers = services.transfers;
    if (services.transfers) {
      const running = services.transfers;
      // Jobs a crash left running are run again: the executor is idempotent (see Transfers.resumeUnfinished).
      const resumed = await running.resumeUnfinished();
      if (resumed > 0) console.log(`Rushes: ${resumed} transfer${resumed === 1 ? '' : 's'} left running by the last run started again`);
      const sweep = setInterval(
        () => void running.sweep().catch((error: unknown) => log('the transfer timeout sweep failed', error)),
        TRANSFER_SWEEP_MS,
      );
      sweep.unref();
      stops.push(async () => clearInterval(sweep));
    }
    const hub = new LocalPushHub({
      catalog,
      latest: await catalog.latestChange(),
      authenticate: async (token) => {
        const principal = await verifier.verify(token);
        if (await catalog.userDisabled(principal.userId)) {
          throw new DomainError('UNAUTHENTICATED', 'This account has been disabled; ask an admin.');
        }
        return principal;
      },
      log,
    });
    push = hub;
    stops.push(async () => {
      push = null;
      await hub.close();
    });
    const api = await startApiServer({ port: config.ports.api, route, upgrade: (...args) => hub.upgrade(...args) });
    stops.push(api.stop);

    const profile: ConnectionProfile = {
      mode: 'local',
      region: config.region,
      apiUrl: api.url,
      pushUrl: `${api.url.replace(/^http/, 'ws')}${PUSH_PATH}`,
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
      services,
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

/**
 * Local mode's record of what happens at the identity service. In the cloud the same actions
 * come from Cognito's user-activity log (lambdas/src/core/signInActivity.ts).
 */
function recordSignInEvent(audit: AuditLog, event: SignInEvent): Promise<void> {
  const who = { actor: event.email, target: event.email };
  switch (event.kind) {
    case 'password-failed':
      return audit.record({ ...who, action: 'auth.password-failed', outcome: 'failed' });
    case 'mfa-failed':
      return audit.record({ ...who, action: 'auth.mfa-failed', outcome: 'failed', details: { step: event.step } });
    case 'locked':
      return audit.record({ ...who, action: 'auth.locked', outcome: 'denied', details: { until: event.until } });
  }
}
