import { Duration, Size } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import { Architecture } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { cloudEnvNames } from '../../../lambdas/src/handlers/cloud/config';
import type { RushesContext } from '../config';
import { RushesFunction } from '../lambdaFunction';
import { acknowledge, objectsFinding, wildcardFinding } from '../nag';
import { grantCatalogData } from './catalog';
import { MEDIACONVERT_JOBS, MEDIA_KEYS_REASON, withMediaTools } from './processing';

export interface LookRenderQueueProps {
  readonly context: RushesContext;
  readonly media: Bucket;
  readonly derived: Bucket;
  readonly table: Table;
  /** The catalog table, both buckets and the job owner, as the ingest Lambda has them. */
  readonly storageEnv: Record<string, string>;
  readonly mediaConvertRole: Role;
  readonly mediaConvertArn: (resource: string) => string;
}

/** Receives before a batch goes to the dead letters; the worker settles it failed on the last one. */
export const RENDER_MAX_RECEIVES = 3;
const WORKER_TIMEOUT = Duration.minutes(2);

/**
 * A folder's look changed → its proxies are made again, in the cloud: the router puts batches
 * of assets on this queue (encrypted, TLS only); the worker Lambda submits one MediaConvert
 * job per asset (the ingest's graded job, tagged with the re-render); the status Lambda
 * settles each when MediaConvert reports. A batch that fails on every receive goes to the
 * dead-letter queue, whose Lambda settles its assets failed, so progress always ends.
 * Idle cost: none but SQS's long polls by the two event source mappings (inside the free
 * tier's million requests a month for a deploy or two).
 */
export class LookRenderQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetters: Queue;
  readonly worker: RushesFunction;
  readonly deadLetterHandler: RushesFunction;
  private readonly jobsArn: string;

  constructor(scope: Construct, id: string, props: LookRenderQueueProps) {
    super(scope, id);
    const { context, media, derived, table, storageEnv, mediaConvertRole, mediaConvertArn } = props;
    this.jobsArn = mediaConvertArn(MEDIACONVERT_JOBS);

    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: context.removalPolicy,
    });
    // No SQS3 finding to acknowledge: cdk-nag sees this queue is the render queue's dead-letter queue.
    this.queue = new Queue(this, 'Batches', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Six times the worker's timeout, as Lambda advises for a queue it polls.
      visibilityTimeout: Duration.seconds(WORKER_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(1),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: RENDER_MAX_RECEIVES },
      removalPolicy: context.removalPolicy,
    });

    this.worker = new RushesFunction(this, 'Worker', {
      handlerFile: 'lookRenderWorker',
      removalPolicy: context.removalPolicy,
      description: "Rushes: a folder's look changed → one graded MediaConvert job per asset of a render batch.",
      // The npm ffprobe/ffmpeg builds are x86-64; regrade probes the source as ingest does.
      architecture: Architecture.X86_64,
      memorySize: 1024,
      timeout: WORKER_TIMEOUT,
      ephemeralStorageSize: Size.mebibytes(512),
      environment: {
        ...storageEnv,
        [cloudEnvNames.mediaConvertRoleArn]: mediaConvertRole.roleArn,
        [cloudEnvNames.renderMaxReceives]: String(RENDER_MAX_RECEIVES),
      },
      bundling: withMediaTools(['ffprobe', 'ffmpeg']),
    });
    // One message at a time per invocation, two invocations at most: it only submits jobs.
    this.worker.addEventSource(new SqsEventSource(this.queue, { batchSize: 1, maxConcurrency: 2, reportBatchItemFailures: true }));
    grantCatalogData(table, this.worker);
    this.worker.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [media.arnForObjects('*')] }));
    this.worker.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [media.bucketArn] }));
    // The watermark's caption file, written beside the graded proxy before the job that burns it in.
    this.worker.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [derived.arnForObjects('*')] }));
    this.worker.addToRolePolicy(
      new PolicyStatement({
        actions: ['mediaconvert:CreateJob'],
        resources: [MEDIACONVERT_JOBS, 'queues/Default'].map(mediaConvertArn),
      }),
    );
    this.worker.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['iam:PassRole'],
        resources: [mediaConvertRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'mediaconvert.amazonaws.com' } },
      }),
    );
    const role = this.worker.serviceRole;
    acknowledge(role, objectsFinding(role, media, '*'), `The render worker ${MEDIA_KEYS_REASON}`);
    acknowledge(
      role,
      objectsFinding(role, derived, '*'),
      "The render worker writes a graded proxy's watermark caption file under the asset's id. PutObject only, the derived bucket only.",
    );
    acknowledge(
      role,
      wildcardFinding(role, mediaConvertArn(MEDIACONVERT_JOBS)),
      "A job's ARN exists only once MediaConvert has made it; CreateJob is the only action on jobs/*, in this account and region.",
    );

    this.deadLetterHandler = new RushesFunction(this, 'DeadLetterHandler', {
      handlerFile: 'lookRenderDeadLetters',
      removalPolicy: context.removalPolicy,
      description: "Rushes: a render batch failed on every try → its assets settled failed, so the re-render's progress ends.",
      environment: storageEnv,
    });
    this.deadLetterHandler.addEventSource(
      new SqsEventSource(this.deadLetters, { batchSize: 10, maxConcurrency: 2, reportBatchItemFailures: true }),
    );
    grantCatalogData(table, this.deadLetterHandler);
  }

  /**
   * The router: queue URL in its environment, SendMessage on this queue only, and CancelJob on
   * this account's jobs (a cancel stops the jobs already submitted).
   */
  grantRouter(router: RushesFunction): void {
    router.addEnvironment(cloudEnvNames.renderQueueUrl, this.queue.queueUrl);
    router.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }));
    router.addToRolePolicy(new PolicyStatement({ actions: ['mediaconvert:CancelJob'], resources: [this.jobsArn] }));
    acknowledge(
      router.serviceRole,
      wildcardFinding(router.serviceRole, this.jobsArn),
      'Cancelling a re-render stops its submitted jobs, whose ids are known only at run time; CancelJob is the only action on jobs/*, in this account and region.',
    );
  }
}
