import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { RushesContext } from '../config';
import { outputNames } from '../outputs';

/** How long S3 keeps the parts of a multipart upload nobody finished or aborted. */
export const ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS = 7;
/** Replaced or deleted media stays recoverable this long (versioning), then it is gone. */
export const NONCURRENT_MEDIA_DAYS = 30;
/** S3 server access logs (who read, wrote or deleted which object) are kept a year, then expire. */
export const ACCESS_LOG_DAYS = 365;
const S3_LOGS_USE_BUCKET_POLICY = '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy';

/**
 * The media bucket (camera originals, versioned) and the derived bucket (proxies, thumbnails,
 * made again from the media if lost). Both private, SSE-S3 encrypted, TLS only, owner-
 * enforced (no ACLs); the media bucket publishes its events to EventBridge for ingest. Both
 * write S3 server access logs into the log bucket (`media/`, `derived/`), kept a year.
 */
export class StorageStack extends Stack {
  readonly media: Bucket;
  readonly derived: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: StackProps & { context: RushesContext }) {
    super(scope, id, props);
    // S3's log delivery gets in through the log bucket's policy (source buckets and account named), not
    // through an ACL: ACLs stay off everywhere. Set here, so no deploy can run without it.
    this.node.setContext(S3_LOGS_USE_BUCKET_POLICY, true);
    const { context } = props;
    const locked = {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // SSE-S3: the only default encryption S3 server access logging can deliver into.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: context.removalPolicy,
    };
    const abortUploads = { abortIncompleteMultipartUploadAfter: Duration.days(ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS) };

    // It keeps no access log of its own (that would log each delivery of its logs, without end);
    // AWS's rule pack counts a bucket that receives others' logs as logged.
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      ...locked,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(ACCESS_LOG_DAYS), ...abortUploads }],
    });
    const common = {
      ...locked,
      // Presigned GETs (playback in the app's page); uploads and API calls come from the main process.
      cors: [
        {
          allowedMethods: [HttpMethods.GET, HttpMethods.HEAD],
          allowedOrigins: context.appOrigins,
          allowedHeaders: ['Range'],
          exposedHeaders: ['Content-Length', 'Content-Range', 'Accept-Ranges', 'ETag'],
          maxAge: 3600,
        },
      ],
    };

    this.media = new Bucket(this, 'Media', {
      ...common,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'media/',
      versioned: true,
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', ...abortUploads },
        { id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(NONCURRENT_MEDIA_DAYS) },
      ],
    });
    // Events to EventBridge, set on the bucket itself: the L2 `eventBridgeEnabled` would add a
    // custom-resource Lambda (and its unretained logs) just to flip this switch.
    (this.media.node.defaultChild as CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
    this.derived = new Bucket(this, 'Derived', {
      ...common,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'derived/',
      lifecycleRules: [{ id: 'abort-incomplete-uploads', ...abortUploads }],
    });

    new CfnOutput(this, outputNames.mediaBucket, { value: this.media.bucketName });
    new CfnOutput(this, outputNames.derivedBucket, { value: this.derived.bucketName });
  }
}
