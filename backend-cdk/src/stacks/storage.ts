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

/**
 * The media bucket (camera originals, versioned) and the derived bucket (proxies, thumbnails,
 * made again from the media if lost). Both private, SSE-S3 encrypted, TLS only, owner-
 * enforced (no ACLs); the media bucket publishes its events to EventBridge for ingest.
 */
export class StorageStack extends Stack {
  readonly media: Bucket;
  readonly derived: Bucket;

  constructor(scope: Construct, id: string, props: StackProps & { context: RushesContext }) {
    super(scope, id, props);
    const { context } = props;
    const common = {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: context.removalPolicy,
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
    const abortUploads = { abortIncompleteMultipartUploadAfter: Duration.days(ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS) };

    this.media = new Bucket(this, 'Media', {
      ...common,
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
      lifecycleRules: [{ id: 'abort-incomplete-uploads', ...abortUploads }],
    });

    new CfnOutput(this, outputNames.mediaBucket, { value: this.media.bucketName });
    new CfnOutput(this, outputNames.derivedBucket, { value: this.derived.bucketName });
  }
}
