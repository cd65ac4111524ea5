import { z } from 'zod';

/**
 * Each Lambda's environment, parsed and validated once at cold start. The
 * CDK stacks set exactly these names (backend-cdk/src/stacks); `cloudEnvNames` is the list
 * they import, so a name is never typed twice.
 */
export const cloudEnvNames = {
  userPoolId: 'RUSHES_USER_POOL_ID',
  appClientId: 'RUSHES_APP_CLIENT_ID',
  table: 'RUSHES_TABLE',
  mediaBucket: 'RUSHES_MEDIA_BUCKET',
  derivedBucket: 'RUSHES_DERIVED_BUCKET',
  uploadRoleArn: 'RUSHES_UPLOAD_ROLE_ARN',
  mediaConvertRoleArn: 'RUSHES_MEDIACONVERT_ROLE_ARN',
  /** Tags MediaConvert jobs so the status rule picks this deploy's jobs only. */
  jobOwner: 'RUSHES_JOB_OWNER',
  version: 'RUSHES_VERSION',
  /** The project's SSM documents that run a transfer manifest on a workstation (the transfers stack names them). */
  transferDocumentWindows: 'RUSHES_TRANSFER_DOCUMENT_WINDOWS',
  transferDocumentLinux: 'RUSHES_TRANSFER_DOCUMENT_LINUX',
  /** Where SSM puts the transfer scripts' output. */
  transferLogGroup: 'RUSHES_TRANSFER_LOG_GROUP',
  /** The push channel's connection table. */
  connectionTable: 'RUSHES_CONNECTION_TABLE',
  /** Where the fan-out posts to connections: the WebSocket API stage's https:// management endpoint. */
  pushEndpoint: 'RUSHES_PUSH_ENDPOINT',
  /** The catalog table's stream: the fan-out numbers the changes it carries (DynamoCatalog's pump). */
  catalogStreamArn: 'RUSHES_CATALOG_STREAM_ARN',
  /** The look re-render queue (the router sends batches to it). */
  renderQueueUrl: 'RUSHES_RENDER_QUEUE_URL',
  /** The render queue's redrive count: the worker settles a batch failed on its last receive. */
  renderMaxReceives: 'RUSHES_RENDER_MAX_RECEIVES',
} as const;

const text = z.string().min(1);
const Common = z.object({
  AWS_REGION: text,
  [cloudEnvNames.table]: text,
  [cloudEnvNames.mediaBucket]: text,
  [cloudEnvNames.derivedBucket]: text,
});
const TransferDocumentsEnv = z.object({
  [cloudEnvNames.transferDocumentWindows]: text,
  [cloudEnvNames.transferDocumentLinux]: text,
});
const ApiEnv = Common.extend({
  [cloudEnvNames.userPoolId]: text,
  // The access tokens the authenticator calls pass on name it as `client_id`.
  [cloudEnvNames.appClientId]: text,
  [cloudEnvNames.uploadRoleArn]: text,
  [cloudEnvNames.version]: z.string().default('0.0.0'),
  [cloudEnvNames.transferLogGroup]: text,
  // Absent (a bundle smoke run): a look change applies to new uploads only, nothing is re-rendered.
  [cloudEnvNames.renderQueueUrl]: z.url({ protocol: /^https$/ }).optional(),
}).extend(TransferDocumentsEnv.shape);
// The deploy sets the version (backend-cdk transfers stack): an MHL generation names the tool that wrote it.
const TransferStatusEnv = Common.extend({ [cloudEnvNames.version]: text }).extend(TransferDocumentsEnv.shape);
const JobStatusEnv = Common.extend({
  [cloudEnvNames.jobOwner]: text,
  /** The Lambda's own folder, where the bundle's ffmpeg (and the ingest bundle's ffprobe) are. */
  LAMBDA_TASK_ROOT: text,
});
const IngestEnv = JobStatusEnv.extend({ [cloudEnvNames.mediaConvertRoleArn]: text });
const RenderWorkerEnv = IngestEnv.extend({ [cloudEnvNames.renderMaxReceives]: z.coerce.number().int().min(1).max(20) });
const PushConnectEnv = z.object({
  AWS_REGION: text,
  [cloudEnvNames.table]: text,
  [cloudEnvNames.connectionTable]: text,
  [cloudEnvNames.userPoolId]: text,
  [cloudEnvNames.appClientId]: text,
});
const UserActivityEnv = z.object({
  AWS_REGION: text,
  [cloudEnvNames.table]: text,
  [cloudEnvNames.userPoolId]: text,
});
const PushFanOutEnv = z.object({
  AWS_REGION: text,
  [cloudEnvNames.table]: text,
  [cloudEnvNames.connectionTable]: text,
  [cloudEnvNames.pushEndpoint]: z.url({ protocol: /^https$/ }),
  // A stream's ARN, not the table's: the pump reads the stream by it.
  [cloudEnvNames.catalogStreamArn]: z.string().regex(/^arn:[\w-]+:dynamodb:[\w-]+:\d{12}:table\/[^/]+\/stream\/[^/]+$/),
});

export interface StorageConfig {
  region: string;
  table: string;
  mediaBucket: string;
  derivedBucket: string;
}

/** The SSM document of each workstation platform. */
export interface TransferDocuments {
  windows: string;
  linux: string;
}

export interface ApiConfig extends StorageConfig {
  userPoolId: string;
  appClientId: string;
  uploadRoleArn: string;
  version: string;
  transferDocuments: TransferDocuments;
  transferLogGroup: string;
  /** Where look re-render batches go; absent: no re-render after a look change. */
  renderQueueUrl?: string;
}

export interface TransferStatusConfig extends StorageConfig {
  transferDocuments: TransferDocuments;
  /** The tool version of the MHL generations a finished copy records. */
  version: string;
}

export interface JobStatusConfig extends StorageConfig {
  jobOwner: string;
  /** Makes filmstrips and waveforms from MediaConvert's proxies. */
  ffmpeg: string;
}

/** The push channel's `$connect`/`$disconnect`: the catalog is read for disabled users only. */
export interface PushConnectConfig {
  region: string;
  table: string;
  connectionTable: string;
  userPoolId: string;
  appClientId: string;
}

/** Cognito's user-activity log → the audit log: the catalog, and the pool to name users by e-mail. */
export interface UserActivityConfig {
  region: string;
  table: string;
  userPoolId: string;
}

/** The stream-triggered fan-out. */
export interface PushFanOutConfig {
  region: string;
  table: string;
  connectionTable: string;
  pushEndpoint: string;
  /** The catalog table's stream, which the pump reads (no DescribeTable at cold start). */
  catalogStreamArn: string;
}

export interface IngestConfig extends JobStatusConfig {
  mediaConvertRoleArn: string;
  ffprobe: string;
}

export interface RenderWorkerConfig extends IngestConfig {
  maxReceiveCount: number;
}

function parse<T extends z.ZodType>(schema: T, env: Record<string, string | undefined>): z.output<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Lambda environment is incomplete: ${issue?.path.join('.')} ${issue?.message}`);
  }
  return parsed.data;
}

function storage(e: z.output<typeof Common>): StorageConfig {
  return {
    region: e.AWS_REGION,
    table: e[cloudEnvNames.table],
    mediaBucket: e[cloudEnvNames.mediaBucket],
    derivedBucket: e[cloudEnvNames.derivedBucket],
  };
}

function transferDocuments(e: z.output<typeof TransferDocumentsEnv>): TransferDocuments {
  return { windows: e[cloudEnvNames.transferDocumentWindows], linux: e[cloudEnvNames.transferDocumentLinux] };
}

export function readApiConfig(env: Record<string, string | undefined>): ApiConfig {
  const e = parse(ApiEnv, env);
  return {
    ...storage(e),
    userPoolId: e[cloudEnvNames.userPoolId],
    appClientId: e[cloudEnvNames.appClientId],
    uploadRoleArn: e[cloudEnvNames.uploadRoleArn],
    version: e[cloudEnvNames.version],
    transferDocuments: transferDocuments(e),
    transferLogGroup: e[cloudEnvNames.transferLogGroup],
    ...(e[cloudEnvNames.renderQueueUrl] ? { renderQueueUrl: e[cloudEnvNames.renderQueueUrl] } : {}),
  };
}

export function readTransferStatusConfig(env: Record<string, string | undefined>): TransferStatusConfig {
  const e = parse(TransferStatusEnv, env);
  return { ...storage(e), transferDocuments: transferDocuments(e), version: e[cloudEnvNames.version] };
}

export function readJobStatusConfig(env: Record<string, string | undefined>): JobStatusConfig {
  const e = parse(JobStatusEnv, env);
  return { ...storage(e), jobOwner: e[cloudEnvNames.jobOwner], ffmpeg: `${e.LAMBDA_TASK_ROOT}/bin/ffmpeg` };
}

export function readIngestConfig(env: Record<string, string | undefined>): IngestConfig {
  const e = parse(IngestEnv, env);
  return {
    ...storage(e),
    mediaConvertRoleArn: e[cloudEnvNames.mediaConvertRoleArn],
    jobOwner: e[cloudEnvNames.jobOwner],
    ffprobe: `${e.LAMBDA_TASK_ROOT}/bin/ffprobe`,
    ffmpeg: `${e.LAMBDA_TASK_ROOT}/bin/ffmpeg`,
  };
}

export function readRenderWorkerConfig(env: Record<string, string | undefined>): RenderWorkerConfig {
  const e = parse(RenderWorkerEnv, env);
  return { ...readIngestConfig(env), maxReceiveCount: e[cloudEnvNames.renderMaxReceives] };
}

/** The render queue's dead letters: the catalog table only. */
export function readStorageConfig(env: Record<string, string | undefined>): StorageConfig {
  return storage(parse(Common, env));
}

export function readPushConnectConfig(env: Record<string, string | undefined>): PushConnectConfig {
  const e = parse(PushConnectEnv, env);
  return {
    region: e.AWS_REGION,
    table: e[cloudEnvNames.table],
    connectionTable: e[cloudEnvNames.connectionTable],
    userPoolId: e[cloudEnvNames.userPoolId],
    appClientId: e[cloudEnvNames.appClientId],
  };
}

export function readPushFanOutConfig(env: Record<string, string | undefined>): PushFanOutConfig {
  const e = parse(PushFanOutEnv, env);
  return {
    region: e.AWS_REGION,
    table: e[cloudEnvNames.table],
    connectionTable: e[cloudEnvNames.connectionTable],
    pushEndpoint: e[cloudEnvNames.pushEndpoint],
    catalogStreamArn: e[cloudEnvNames.catalogStreamArn],
  };
}

export function readUserActivityConfig(env: Record<string, string | undefined>): UserActivityConfig {
  const e = parse(UserActivityEnv, env);
  return { region: e.AWS_REGION, table: e[cloudEnvNames.table], userPoolId: e[cloudEnvNames.userPoolId] };
}
