import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { LogGroupLogDestination, WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, Table, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CONNECTION_KEYS } from '../../../lambdas/src/adapters/dynamo/connections';
import { CHANGE_PK } from '../../../lambdas/src/adapters/dynamo/records';
import { cloudEnvNames } from '../../../lambdas/src/handlers/cloud/config';
import { PUMP_EVENT } from '../../../lambdas/src/handlers/cloud/push';
import type { RushesContext } from '../config';
import { RushesFunction } from '../lambdaFunction';
import { acknowledge, wildcardFinding } from '../nag';
import { outputNames } from '../outputs';

/**
 * What the fan-out does with catalog items: reads folders (who may follow a change) and the
 * counter, and numbers changes in one transaction that advances the counter and puts a run
 * item (TransactWriteItems is authorized action by action).
 */
export const PUMP_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'];

/** The stage desktops connect to: `wss://<api>.execute-api.<region>.amazonaws.com/live`. */
export const PUSH_STAGE = 'live';

/**
 * How the stream feeds the fan-out: a batch of records per call (gathered for up to the
 * batching window), halved on error, then the failure queue.
 */
export const PUSH_STREAM = { batchSize: 100, retryAttempts: 3, maxBatchingWindowSeconds: 1 } as const;

/** One JSON line per connect, disconnect or refusal: who and what answer, never a token (it is in a header). */
export const PUSH_ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  time: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  route: '$context.routeKey',
  event: '$context.eventType',
  connectionId: '$context.connectionId',
  status: '$context.status',
  integrationError: '$context.integrationErrorMessage',
};

export interface PushChannelProps {
  context: RushesContext;
  /** The catalog table: its stream must carry new and old images (CatalogStack). */
  table: ITable;
  userPool: UserPool;
  appClient: UserPoolClient;
}

/**
 * The change feed's push channel in the cloud: an API Gateway WebSocket API whose `$connect`
 * checks the ID token and records the connection (user, groups, expiry) in a table of its
 * own with a TTL, and a fan-out Lambda on the catalog table's stream that numbers the
 * changes commits carry (the catalog's pump) and nudges each connection for the numbered
 * changes it may follow. Nothing runs or bills while nobody writes: WebSocket APIs bill per
 * message and connection-minute, the tables are on-demand, and a stream that triggers a
 * Lambda is not billed for reads.
 */
export class PushChannel extends Construct {
  readonly api: WebSocketApi;
  readonly stage: WebSocketStage;
  readonly connections: Table;
  readonly connect: RushesFunction;
  readonly fanOut: RushesFunction;
  readonly failures: Queue;

  constructor(scope: Construct, id: string, props: PushChannelProps) {
    super(scope, id);
    const { context, table, userPool, appClient } = props;
    const stack = Stack.of(this);

    this.connections = new Table(this, 'Connections', {
      partitionKey: { name: CONNECTION_KEYS.partitionKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: CONNECTION_KEYS.ttlAttribute,
      // A few hours of connection records: nothing to keep when the stack goes.
      removalPolicy: RemovalPolicy.DESTROY,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    });

    this.connect = new RushesFunction(this, 'Connect', {
      handlerFile: 'pushConnections',
      removalPolicy: context.removalPolicy,
      description: 'Rushes push channel: checks the ID token on $connect, records and forgets connections.',
      memorySize: 256,
      timeout: Duration.seconds(10),
      environment: {
        [cloudEnvNames.table]: table.tableName,
        [cloudEnvNames.connectionTable]: this.connections.tableName,
        [cloudEnvNames.userPoolId]: userPool.userPoolId,
        [cloudEnvNames.appClientId]: appClient.userPoolClientId,
      },
    });
    this.connections.grant(this.connect, 'dynamodb:PutItem', 'dynamodb:DeleteItem');
    // Whether the user is disabled: one item read, on the table and none of its indexes.
    this.connect.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [table.tableArn] }));

    this.api = new WebSocketApi(this, 'Api', {
      apiName: `${context.resourceName}-push`,
      description: 'Rushes push channel: "changes up to N" nudges for signed-in desktops',
      connectRouteOptions: { integration: new WebSocketLambdaIntegration('Connect', this.connect) },
      disconnectRouteOptions: { integration: new WebSocketLambdaIntegration('Disconnect', this.connect) },
    });
    // Kept a year, as the HTTP API's access logs are.
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_YEAR, removalPolicy: context.removalPolicy });
    this.stage = new WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: PUSH_STAGE,
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(PUSH_ACCESS_LOG_FIELDS)),
      },
    });
    for (const route of ['$connect', '$disconnect']) {
      const node = this.api.node.tryFindChild(`${route}-Route`);
      if (node) {
        acknowledge(
          node,
          'APIG4',
          'WebSocket APIs take no JWT authorizer and browsers cannot send headers on a WebSocket: $connect itself ' +
            'verifies the Cognito ID token (offered as a subprotocol) with the JWKS before recording the connection, ' +
            'and refuses with 401; $disconnect only forgets the connection API Gateway names.',
        );
      }
    }

    this.failures = new Queue(this, 'FanOutFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.failures,
      'SQS3',
      'This queue is the failure destination of the fan-out: it holds the stream positions of batches that failed every retry, for an operator.',
    );

    this.fanOut = new RushesFunction(this, 'FanOut', {
      handlerFile: 'pushFanOut',
      removalPolicy: context.removalPolicy,
      description: 'Rushes push channel: numbers the changes the catalog stream carries, nudges connections for those they may follow.',
      memorySize: 512,
      timeout: Duration.seconds(60),
      environment: {
        [cloudEnvNames.table]: table.tableName,
        [cloudEnvNames.connectionTable]: this.connections.tableName,
        [cloudEnvNames.pushEndpoint]: this.stage.callbackUrl,
        // Given, so the pump need not ask DescribeTable for it at every cold start.
        [cloudEnvNames.catalogStreamArn]: table.tableStreamArn!,
      },
    });
    this.connections.grant(this.fanOut, 'dynamodb:Scan', 'dynamodb:DeleteItem');
    // Folder records, to decide who may follow each change (core/access.ts); the counter, and
    // the run items written with it in one transaction, to number changes (the catalog's pump).
    // Items of the table only, never an index.
    this.fanOut.addToRolePolicy(new PolicyStatement({ actions: PUMP_ACTIONS, resources: [table.tableArn] }));
    const connectionsArn = `arn:${stack.partition}:execute-api:${stack.region}:${stack.account}:${this.api.apiId}/${PUSH_STAGE}/POST/@connections/*`;
    this.fanOut.addToRolePolicy(new PolicyStatement({ actions: ['execute-api:ManageConnections'], resources: [connectionsArn] }));
    acknowledge(
      this.fanOut.serviceRole,
      wildcardFinding(this.fanOut.serviceRole, connectionsArn),
      'Connection ids are made by API Gateway at run time; posting is allowed on this API and stage only, with POST only.',
    );
    this.fanOut.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: PUSH_STREAM.batchSize,
        maxBatchingWindow: Duration.seconds(PUSH_STREAM.maxBatchingWindowSeconds),
        bisectBatchOnError: true,
        retryAttempts: PUSH_STREAM.retryAttempts,
        onFailure: new SqsDlq(this.failures),
        // Two kinds of record wake the fan-out, so a card landing costs an invocation per batch
        // of records, not per change: numbered changes (run items, and the single change items
        // written before runs) to fan out, and writes that carry a `feed` to number. The second
        // also lets through an update that keeps an item's feed as it was; the handler tells
        // those apart by the token (carriesUnnumberedChanges) and does not pump for them.
        // `exists` matches leaf nodes only, hence the feed's token string rather than the map.
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { pk: { S: FilterRule.isEqual(CHANGE_PK) } } },
          }),
          FilterCriteria.filter({
            eventName: FilterRule.or('INSERT', 'MODIFY'),
            dynamodb: { NewImage: { feed: { M: { token: { S: FilterRule.exists() } } } } },
          }),
        ],
      }),
    );
    // A safety net for the feed: the stream keeps records for a day, and a batch that failed
    // every retry went to the failure queue; hourly, the fan-out numbers what is still there.
    new Rule(this, 'HourlyFeedPump', {
      description: 'Rushes: hourly, number what the catalog stream still holds (change feed safety net).',
      schedule: Schedule.rate(Duration.hours(1)),
      targets: [new LambdaFunction(this.fanOut, { event: RuleTargetInput.fromObject(PUMP_EVENT), retryAttempts: 2 })],
    });
    acknowledge(
      this.fanOut.serviceRole,
      wildcardFinding(this.fanOut.serviceRole, '*'),
      'dynamodb:ListStreams has no resource type in IAM; the stream read actions themselves name the catalog stream only.',
    );
  }
}

/** The push channel in a stack of its own, publishing the URL the desktop's profile names. */
export class PushStack extends Stack {
  readonly channel: PushChannel;

  constructor(scope: Construct, id: string, props: StackProps & PushChannelProps) {
    super(scope, id, props);
    const { context, table, userPool, appClient } = props;
    this.channel = new PushChannel(this, 'Push', { context, table, userPool, appClient });
    new CfnOutput(this, outputNames.pushUrl, { value: this.channel.stage.url });
  }
}
