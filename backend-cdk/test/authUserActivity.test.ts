import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { readUserActivityConfig } from '../../lambdas/src/handlers/cloud/config';
import { iamStatements, lambdaEnv, resourcesOf, synthesize, type Templates } from './synthesize';

// Cognito's user-activity log → a log group with a retention → a subscription filter → the
// recorder Lambda, which may put audit items in the catalog and look users up, nothing else.
let t: Templates;
beforeAll(() => {
  ({ templates: t } = synthesize());
}, 120_000);

type Json = Record<string, unknown>;
const props = (resource: Json) => resource['Properties'] as Json;
const CATALOG_ARN = { 'Fn::ImportValue': expect.stringMatching(/^Rushes-dev-Catalog:ExportsOutputFnGetAttCatalog[0-9A-F]+Arn[0-9A-F]+$/) };

function logGroupId(): string {
  const groups = resourcesOf(t.auth, 'AWS::Logs::LogGroup').filter(([, group]) =>
    String(props(group)['LogGroupName']).startsWith('/aws/vendedlogs/cognito/'),
  );
  expect(groups).toHaveLength(1);
  return groups[0]![0];
}

describe("Cognito's user-activity log in the audit log", () => {
  it("delivers the pool's user auth events at INFO to a vended log group kept 30 days", () => {
    const group = logGroupId();
    t.auth.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/vendedlogs/cognito/rushes-dev-user-activity',
      RetentionInDays: 30,
    });
    t.auth.resourceCountIs('AWS::Cognito::LogDeliveryConfiguration', 1);
    t.auth.hasResourceProperties('AWS::Cognito::LogDeliveryConfiguration', {
      UserPoolId: { Ref: Match.stringLikeRegexp('^Users[0-9A-F]{8}$') },
      LogConfigurations: [
        { EventSource: 'userAuthEvents', LogLevel: 'INFO', CloudWatchLogsConfiguration: { LogGroupArn: { 'Fn::GetAtt': [group, 'Arn'] } } },
      ],
    });
    // The export needs the Plus plan's threat protection.
    t.auth.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolTier: 'PLUS' });
  });

  it('subscribes the recorder Lambda to every event of that group, and lets only CloudWatch Logs of that group invoke it', () => {
    const group = logGroupId();
    const [[, filter]] = resourcesOf(t.auth, 'AWS::Logs::SubscriptionFilter') as [[string, Json]];
    expect(props(filter)['LogGroupName']).toEqual({ Ref: group });
    expect(props(filter)['FilterPattern']).toBe('');
    expect(JSON.stringify(props(filter)['DestinationArn'])).toMatch(/"UserActivityRecorder[0-9A-F]{8}","Arn"/);
    const permissions = resourcesOf(t.auth, 'AWS::Lambda::Permission');
    expect(permissions).toHaveLength(1);
    expect(props(permissions[0]![1])).toMatchObject({
      Action: 'lambda:InvokeFunction',
      Principal: 'logs.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [expect.stringMatching(/^UserActivityRecorder[0-9A-F]{8}$/), 'Arn'] },
      SourceArn: { 'Fn::GetAtt': [group, 'Arn'] },
    });
  });

  it('gives the recorder the environment its handler reads, and may only put catalog items and read users', () => {
    const env = lambdaEnv(t.auth, 'UserActivityRecorder');
    expect(() => readUserActivityConfig({ AWS_REGION: 'eu-west-2', ...env })).not.toThrow();
    const grants = iamStatements(t.auth)
      .filter(({ owner }) => owner.startsWith('UserActivityRecorderServiceRole'))
      .map(({ statement }) => statement)
      .filter((statement) => !JSON.stringify(statement['Action']).includes('logs:'));
    expect(grants).toEqual([
      { Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: CATALOG_ARN },
      {
        Effect: 'Allow',
        Action: 'cognito-idp:AdminGetUser',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Users[0-9A-F]{8}$/), 'Arn'] },
      },
    ]);
  });
});
