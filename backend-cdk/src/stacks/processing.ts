import path from 'node:path';
import { Duration, Size, Stack, type StackProps } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture } from 'aws-cdk-lib/aws-lambda';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { FILMSTRIP_FRAMES_FILES } from '../../../lambdas/src/adapters/mediaConvertLook';
import { WATERMARK_FILE } from '../../../lambdas/src/adapters/mediaConvertWatermark';
import { LOOKS_PREFIX } from '../../../lambdas/src/core/looks/lookFiles';
import { cloudEnvNames } from '../../../lambdas/src/handlers/cloud/config';
import type { RushesContext } from '../config';
import { REPO_ROOT, RushesFunction } from '../lambdaFunction';
import { acknowledge, objectsFinding, wildcardFinding } from '../nag';
import { grantCatalogData } from './catalog';
import { IngestRecovery } from './ingestRecovery';
import { LookRenderQueue } from './lookRenderQueue';

/** The Linux x86-64 builds the npm packages ship; copied into the ingest and status bundles' `bin/`. */
export const MEDIA_TOOLS = {
  ffprobe: path.join(REPO_ROOT, 'node_modules/@ffprobe-installer/linux-x64/ffprobe'),
  ffmpeg: path.join(REPO_ROOT, 'node_modules/@ffmpeg-installer/linux-x64/ffmpeg'),
};

/** Bundling that copies these tools into the bundle's `bin/`, or stops synth saying how to get them. */
export function withMediaTools(tools: readonly (keyof typeof MEDIA_TOOLS)[]) {
  const paths = tools.map((tool) => MEDIA_TOOLS[tool]);
  return {
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_input: string, output: string) => [
        // npm installs only the host's build of these optional packages: say how to get Linux's.
        ...paths.map(
          (tool) =>
            `[ -x "${tool}" ] || { echo "Rushes: ${tool} is missing; the Lambdas need the Linux x86-64 build. Run: npm install --no-save --force @ffprobe-installer/linux-x64 @ffmpeg-installer/linux-x64" >&2; exit 1; }`,
        ),
        `mkdir -p "${output}/bin"`,
        `cp ${paths.map((tool) => `"${tool}"`).join(' ')} "${output}/bin/"`,
        `chmod 755 ${tools.map((tool) => `"${output}/bin/${tool}"`).join(' ')}`,
      ],
    },
  };
}

/** CreateJob's own resource: the job MediaConvert is about to make. */
export const MEDIACONVERT_JOBS = 'jobs/*';

/** Media keys are the folders and file names users choose: a reader of originals is granted the bucket's keys. */
export const MEDIA_KEYS_REASON =
  'reads the camera original an upload event names; media keys are the folders and file names users choose. Read only, this bucket only.';

export interface ProcessingProps extends StackProps {
  context: RushesContext;
  media: Bucket;
  derived: Bucket;
  table: Table;
}

/**
 * Ingest: media bucket → EventBridge → the ingest Lambda (catalog record, ffprobe, then
 * MediaConvert for video and sound, ffmpeg for images) → MediaConvert's job events →
 * the status Lambda. MediaConvert is billed per output minute, never while idle.
 */
export class ProcessingStack extends Stack {
  readonly ingest: RushesFunction;
  readonly jobStatus: RushesFunction;
  readonly mediaConvertRole: Role;
  /** Look re-render batches: the router sends to it (ApiStack). */
  readonly lookRenders: LookRenderQueue;

  /** A MediaConvert ARN of this account and region (`jobs/*`, `queues/Default`). */
  mediaConvertArn(resource: string): string {
    return `arn:${this.partition}:mediaconvert:${this.region}:${this.account}:${resource}`;
  }

  constructor(scope: Construct, id: string, props: ProcessingProps) {
    super(scope, id, props);
    const { context, media, derived, table } = props;
    const owner = context.resourceName;
    const storageEnv = {
      [cloudEnvNames.table]: table.tableName,
      [cloudEnvNames.mediaBucket]: media.bucketName,
      [cloudEnvNames.derivedBucket]: derived.bucketName,
      [cloudEnvNames.jobOwner]: owner,
    };

    // MediaConvert reads originals and writes proxies and thumbnails: nothing else.
    this.mediaConvertRole = new Role(this, 'MediaConvertRole', {
      assumedBy: new ServicePrincipal('mediaconvert.amazonaws.com'),
      description: 'Rushes: MediaConvert reads the media bucket and writes the derived bucket.',
    });
    this.mediaConvertRole.addToPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [media.arnForObjects('*')] }));
    this.mediaConvertRole.addToPolicy(
      new PolicyStatement({ actions: ['s3:ListBucket', 's3:GetBucketLocation'], resources: [media.bucketArn] }),
    );
    this.mediaConvertRole.addToPolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [derived.arnForObjects('*')] }));
    // What a graded job reads from the derived bucket: the look's baked cube and the watermark's caption file.
    this.mediaConvertRole.addToPolicy(
      new PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [derived.arnForObjects(`${LOOKS_PREFIX}*`), derived.arnForObjects(`*/${WATERMARK_FILE}`)],
      }),
    );
    acknowledge(
      this.mediaConvertRole,
      objectsFinding(this.mediaConvertRole, derived, `${LOOKS_PREFIX}*`),
      "MediaConvert reads a look's cube (content-addressed under looks/) as the job's 3D LUT. GetObject only, that prefix only.",
    );
    acknowledge(
      this.mediaConvertRole,
      objectsFinding(this.mediaConvertRole, derived, `*/${WATERMARK_FILE}`),
      "MediaConvert reads the watermark's caption file beside a graded proxy, under an asset id known only per job. GetObject only, that file name only.",
    );
    acknowledge(this.mediaConvertRole, objectsFinding(this.mediaConvertRole, media, '*'), `MediaConvert ${MEDIA_KEYS_REASON}`);
    acknowledge(
      this.mediaConvertRole,
      objectsFinding(this.mediaConvertRole, derived, '*'),
      "MediaConvert writes an asset's proxy and thumbnail under that asset's id, known only per job. PutObject only, the derived bucket only.",
    );

    this.ingest = new RushesFunction(this, 'Ingest', {
      handlerFile: 'ingest',
      removalPolicy: context.removalPolicy,
      description: 'Rushes ingest: catalog record, ffprobe, MediaConvert job or ffmpeg image preview.',
      // The npm ffprobe/ffmpeg builds are x86-64.
      architecture: Architecture.X86_64,
      memorySize: 2048,
      timeout: Duration.minutes(5),
      ephemeralStorageSize: Size.gibibytes(2),
      environment: { ...storageEnv, [cloudEnvNames.mediaConvertRoleArn]: this.mediaConvertRole.roleArn },
      bundling: withMediaTools(['ffprobe', 'ffmpeg']),
    });
    grantCatalogData(table, this.ingest);
    // Head, presigned GETs for ffprobe/ffmpeg; ListBucket so a missing key answers 404, not 403.
    this.ingest.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [media.arnForObjects('*')] }));
    this.ingest.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [media.bucketArn] }));
    // PutObject: image previews made here; DeleteObject: an asset's derivatives go when its object is deleted.
    this.ingest.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:PutObject', 's3:DeleteObject'], resources: [derived.arnForObjects('*')] }),
    );
    this.ingest.addToRolePolicy(
      new PolicyStatement({
        actions: ['mediaconvert:CreateJob'],
        // A job in the default on-demand queue, its settings written out in full: no preset, no template, no other queue.
        resources: [MEDIACONVERT_JOBS, 'queues/Default'].map((name) => this.mediaConvertArn(name)),
      }),
    );
    this.ingest.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['iam:PassRole'],
        resources: [this.mediaConvertRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'mediaconvert.amazonaws.com' } },
      }),
    );
    const ingestRole = this.ingest.serviceRole;
    acknowledge(ingestRole, objectsFinding(ingestRole, media, '*'), `The ingest Lambda ${MEDIA_KEYS_REASON}`);
    acknowledge(
      ingestRole,
      objectsFinding(ingestRole, derived, '*'),
      "Ingest writes an image's preview under the asset's id, and deletes an asset's derivatives when its original is deleted. The derived bucket only.",
    );
    acknowledge(
      ingestRole,
      wildcardFinding(ingestRole, this.mediaConvertArn(MEDIACONVERT_JOBS)),
      "A job's ARN exists only once MediaConvert has made it; CreateJob is the only action on jobs/*, in this account and region.",
    );
    new Rule(this, 'MediaObjectEvents', {
      description: 'Rushes: objects created in or deleted from the media bucket → ingest.',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created', 'Object Deleted'],
        detail: { bucket: { name: [media.bucketName] } },
      },
      targets: [new LambdaFunction(this.ingest, { retryAttempts: 2, maxEventAge: Duration.hours(2) })],
    });
    new IngestRecovery(this, 'Recovery', { ingest: this.ingest, table, storageEnv, removalPolicy: context.removalPolicy });

    this.jobStatus = new RushesFunction(this, 'JobStatus', {
      handlerFile: 'jobStatus',
      removalPolicy: context.removalPolicy,
      description: 'Rushes: MediaConvert job finished → filmstrip or waveform from the proxy (ffmpeg) → asset ready or failed.',
      architecture: Architecture.X86_64,
      memorySize: 2048,
      // ffmpeg reads a proxy (720p H.264, keyframes only past a few minutes) or an AAC sound.
      timeout: Duration.minutes(5),
      environment: storageEnv,
      bundling: withMediaTools(['ffmpeg']),
    });
    grantCatalogData(table, this.jobStatus);
    // Presigned GETs of the proxies for ffmpeg, PutObject of the filmstrip or waveform: the derived bucket only.
    this.jobStatus.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [derived.arnForObjects('*')] }),
    );
    // The graded filmstrip's frames: listed to tile them, deleted once tiled (only files named so).
    this.jobStatus.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [derived.bucketArn] }));
    this.jobStatus.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:DeleteObject'], resources: [derived.arnForObjects(`*/${FILMSTRIP_FRAMES_FILES}`)] }),
    );
    acknowledge(
      this.jobStatus.serviceRole,
      objectsFinding(this.jobStatus.serviceRole, derived, `*/${FILMSTRIP_FRAMES_FILES}`),
      "The status Lambda deletes a graded filmstrip's captured frames once it has tiled them; asset ids are known only per job. DeleteObject only, those file names only.",
    );
    acknowledge(
      this.jobStatus.serviceRole,
      objectsFinding(this.jobStatus.serviceRole, derived, '*'),
      "Derivatives are keyed by asset id, known only when a job ends; the status Lambda reads an asset's proxy and writes its filmstrip or waveform, in the derived bucket only.",
    );
    this.lookRenders = new LookRenderQueue(this, 'LookRenders', {
      context,
      media,
      derived,
      table,
      storageEnv,
      mediaConvertRole: this.mediaConvertRole,
      mediaConvertArn: (resource) => this.mediaConvertArn(resource),
    });
    new Rule(this, 'MediaConvertJobEvents', {
      description: "Rushes: this deploy's MediaConvert jobs completed or failed → status Lambda.",
      eventPattern: {
        source: ['aws.mediaconvert'],
        detailType: ['MediaConvert Job State Change'],
        detail: { status: ['COMPLETE', 'ERROR'], userMetadata: { owner: [owner] } },
      },
      targets: [new LambdaFunction(this.jobStatus, { retryAttempts: 2, maxEventAge: Duration.hours(2) })],
    });
  }
}
