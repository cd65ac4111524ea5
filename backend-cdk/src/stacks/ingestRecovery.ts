import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { LambdaDestination, SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { RECONCILE_EVENT } from '../../../lambdas/src/core/ingestRecovery';
import { recoveryEnvNames } from '../../../lambdas/src/handlers/cloud/recoveryConfig';
import { RushesFunction } from '../lambdaFunction';
import { acknowledge, wildcardFinding } from '../nag';
import { grantCatalogData } from './catalog';

export interface IngestRecoveryProps {
  readonly ingest: RushesFunction;
  readonly table: Table;
  /** The catalog table and bucket names, as the ingest Lambda has them. */
  readonly storageEnv: Record<string, string>;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Nothing lost when ingest dies. An ingest event that throws on every retry goes to the
 * IngestFailed Lambda (the ingest function's on-failure destination), which marks the asset
 * `failed` with the error; a record even that cannot handle rests in a dead-letter queue. An
 * hourly schedule runs the ingest Lambda's reconcile: one stretch of the key space from a
 * cursor in SSM (lost S3 events) and the assets stuck `processing`. Nothing here is billed
 * while idle: a schedule, a queue nobody polls, a standard parameter and Lambdas that run
 * only when called.
 */
export class IngestRecovery extends Construct {
  readonly failed: RushesFunction;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: IngestRecoveryProps) {
    super(scope, id);
    const { ingest, table, storageEnv, removalPolicy } = props;

    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy,
    });
    acknowledge(
      this.deadLetters,
      'SQS3',
      'This queue is itself the dead-letter queue: failure records the IngestFailed Lambda could not handle rest here for a person to read.',
    );

    this.failed = new RushesFunction(this, 'IngestFailed', {
      handlerFile: 'ingestFailed',
      removalPolicy,
      description: "Rushes: ingest threw on every retry → the asset becomes 'failed' with the reason.",
      environment: storageEnv,
    });
    grantCatalogData(table, this.failed);
    this.failed.configureAsyncInvoke({ onFailure: new SqsDestination(this.deadLetters), retryAttempts: 2 });

    ingest.configureAsyncInvoke({
      onFailure: new LambdaDestination(this.failed, { responseOnly: false }),
      retryAttempts: 2,
      maxEventAge: Duration.hours(2),
    });
    acknowledge(
      ingest.serviceRole,
      wildcardFinding(ingest.serviceRole, `${this.failed.functionArn}:*`),
      "Lambda's destination grant lets ingest hand its last failure to the IngestFailed function, any version of that one function and nothing else.",
    );

    const cursor = new StringParameter(this, 'ReconcileCursor', {
      description: 'Rushes: where the hourly storage reconcile got to in the media bucket.',
      stringValue: JSON.stringify({ after: '' }),
    });
    cursor.grantRead(ingest);
    cursor.grantWrite(ingest);
    ingest.addEnvironment(recoveryEnvNames.reconcileCursor, cursor.parameterName);

    new Rule(this, 'HourlyReconcile', {
      description: 'Rushes: hourly, a stretch of the media bucket and the assets stuck processing → ingest.',
      schedule: Schedule.rate(Duration.hours(1)),
      targets: [new LambdaFunction(ingest, { event: RuleTargetInput.fromObject(RECONCILE_EVENT), retryAttempts: 2 })],
    });
  }
}
