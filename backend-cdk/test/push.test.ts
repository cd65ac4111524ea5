import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPushConnectConfig, readPushFanOutConfig } from '../../lambdas/src/handlers/cloud/config';
import { PUMP_EVENT } from '../../lambdas/src/handlers/cloud/push';
import { CATALOG_TTL_ATTRIBUTE } from '../src/stacks/catalog';
import { PUMP_ACTIONS, PUSH_STAGE, PUSH_STREAM } from '../src/stacks/push';
import { iamStatements, lambdaEnv, resourcesOf, synthesize, type Templates } from './synthesize';

// The push channel's stack: WebSocket API and routes, connection table, stream fan-out, grants.
let t: Templates;
beforeAll(() => {
  ({ templates: t } = synthesize());
}, 120_000);

type Json = Record<string, unknown>;
const props = (resource: Json) => resource['Properties'] as Json;
const CATALOG_ARN = { 'Fn::ImportValue': Match.stringLikeRegexp('^Rushes-dev-Catalog:ExportsOutputFnGetAttCatalog[0-9A-F]+Arn[0-9A-F]+$') };

describe('push channel', () => {
  it('is a WebSocket API with $connect and $disconnect to the connect Lambda, and no other route', () => {
    t.push.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    t.push.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'WEBSOCKET' });
    const routes = resourcesOf(t.push, 'AWS::ApiGatewayV2::Route').map(([, route]) => props(route)['RouteKey']);
    expect(routes.sort()).toEqual(['$connect', '$disconnect']);
    for (const [, integration] of resourcesOf(t.push, 'AWS::ApiGatewayV2::Integration')) {
      expect(JSON.stringify(props(integration)['IntegrationUri'])).toMatch(/PushConnect[0-9A-F]{8}/);
    }
    t.push.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: PUSH_STAGE,
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('connectionId') },
    });
    expect(Object.keys(t.push.toJSON()['Outputs'])).toContain('PushUrl');
  });

  it('keeps connections in an on-demand table with a TTL, and the catalog table streams new and old images', () => {
    t.push.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'connectionId', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    t.catalog.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: CATALOG_TTL_ATTRIBUTE, Enabled: true },
    });
    expect(CATALOG_TTL_ATTRIBUTE).toBe('expiresAt');
  });

  it('feeds the fan-out from the stream: inserted changes and writes carrying a feed, in batches, halved on error, retried, then a queue', () => {
    const sources = resourcesOf(t.push, 'AWS::Lambda::EventSourceMapping');
    expect(sources).toHaveLength(1);
    const source = props(sources[0]![1]);
    expect(source).toMatchObject({
      BatchSize: PUSH_STREAM.batchSize,
      MaximumBatchingWindowInSeconds: PUSH_STREAM.maxBatchingWindowSeconds,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: PUSH_STREAM.retryAttempts,
      StartingPosition: 'LATEST',
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [expect.stringMatching(/^PushFanOutFailures/), 'Arn'] } } },
      FilterCriteria: {
        Filters: [
          { Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { NewImage: { pk: { S: ['change'] } } } }) },
          {
            Pattern: JSON.stringify({
              eventName: ['INSERT', 'MODIFY'],
              dynamodb: { NewImage: { feed: { M: { token: { S: [{ exists: true }] } } } } },
            }),
          },
        ],
      },
    });
    expect(JSON.stringify(source['EventSourceArn'])).toMatch(/Catalog.*StreamArn/);
    expect(JSON.stringify(source['FunctionName'])).toMatch(/PushFanOut[0-9A-F]{8}/);
    t.push.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
  });

  it('runs the fan-out hourly with the input that makes it number what the stream still holds', () => {
    t.push.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      Targets: [Match.objectLike({ Input: JSON.stringify(PUMP_EVENT) })],
    });
  });

  it('grants each Lambda only what it does: posting on this API’s stage only, single catalog items, never an index, the stream to the fan-out', () => {
    const granted = iamStatements(t.push)
      .filter(({ statement }) => !JSON.stringify(statement['Action']).includes('logs:'))
      .map(({ owner, statement }) => [
        owner.replace(/ServiceRoleDefaultPolicy[0-9A-F]{8}$/, ''),
        statement['Action'],
        JSON.stringify(statement['Resource']),
      ]);
    expect(granted).toEqual([
      ['PushConnect', ['dynamodb:PutItem', 'dynamodb:DeleteItem'], expect.stringMatching(/PushConnections[0-9A-F]{8}/)],
      [
        'PushConnect',
        'dynamodb:GetItem',
        expect.stringMatching(/^\{"Fn::ImportValue":"Rushes-dev-Catalog:ExportsOutputFnGetAttCatalog\w+Arn\w+"\}$/),
      ],
      ['PushFanOut', ['dynamodb:Scan', 'dynamodb:DeleteItem'], expect.stringMatching(/PushConnections[0-9A-F]{8}/)],
      [
        'PushFanOut',
        ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
        expect.stringMatching(/^\{"Fn::ImportValue":"Rushes-dev-Catalog:ExportsOutputFnGetAttCatalog\w+Arn\w+"\}$/),
      ],
      ['PushFanOut', 'execute-api:ManageConnections', expect.stringMatching(/"\},"\/live\/POST\/@connections\/\*"\]\]\}$/)],
      ['PushFanOut', ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], expect.stringMatching(/PushFanOutFailures/)],
      ['PushFanOut', 'dynamodb:ListStreams', '"*"'],
      [
        'PushFanOut',
        ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        expect.stringMatching(/^\{"Fn::ImportValue":"Rushes-dev-Catalog:ExportsOutputFnGetAttCatalog\w+StreamArn\w+"\}$/),
      ],
    ]);
    expect(PUMP_ACTIONS).not.toContain('dynamodb:DescribeTable');
    // The stream's ARN comes in the environment: nothing asks DescribeTable for it.
    expect(JSON.stringify(iamStatements(t.push))).not.toContain('DescribeTable');
    const manage = iamStatements(t.push).find(({ statement }) => statement['Action'] === 'execute-api:ManageConnections')!;
    expect(JSON.stringify(manage.statement['Resource'])).toContain('{"Ref":"PushApi');
    t.push.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'dynamodb:GetItem', Resource: CATALOG_ARN })]) },
    });
  });

  it('gives each Lambda every setting its config parser requires', () => {
    const env = (prefix: string) => ({ AWS_REGION: 'us-east-1', ...lambdaEnv(t.push, prefix) });
    expect(() => readPushConnectConfig(env('PushConnect'))).not.toThrow();
    const fanOut = env('PushFanOut');
    const streamArn = 'arn:aws:dynamodb:us-east-1:123456789012:table/Rushes-dev-Catalog/stream/2026-12-07T08:00:00.000';
    const deployed = { ...fanOut, RUSHES_PUSH_ENDPOINT: 'https://api.example.com/live', RUSHES_CATALOG_STREAM_ARN: streamArn };
    expect(readPushFanOutConfig(deployed).catalogStreamArn).toBe(streamArn);
    expect(lambdaEnv(t.push, 'PushFanOut')['RUSHES_PUSH_ENDPOINT']).toBe('token:RUSHES_PUSH_ENDPOINT');
    // The stream's ARN, required: neither missing nor the table's own ARN will do.
    const { RUSHES_CATALOG_STREAM_ARN: _, ...noStream } = deployed;
    expect(() => readPushFanOutConfig(noStream)).toThrow(/RUSHES_CATALOG_STREAM_ARN/);
    const tableArn = 'arn:aws:dynamodb:us-east-1:123456789012:table/Rushes-dev-Catalog';
    expect(() => readPushFanOutConfig({ ...deployed, RUSHES_CATALOG_STREAM_ARN: tableArn })).toThrow(/RUSHES_CATALOG_STREAM_ARN/);
    const fn = resourcesOf(t.push, 'AWS::Lambda::Function').find(([id]) => id.startsWith('PushFanOut'))!;
    const environment = props(fn[1])['Environment'] as { Variables: Record<string, unknown> };
    expect(JSON.stringify(environment)).toMatch(/"https:\/\/",\{"Ref":"PushApi\w+"\},"\.execute-api\./);
    expect(environment.Variables['RUSHES_CATALOG_STREAM_ARN']).toEqual({
      'Fn::ImportValue': expect.stringMatching(/^Rushes-dev-Catalog:ExportsOutputFnGetAttCatalog\w+StreamArn\w+$/),
    });
  });
});
