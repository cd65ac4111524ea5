import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { RECONCILE_EVENT } from '../../lambdas/src/core/ingestRecovery';
import { readIngestFailedConfig, readReconcileCursorParameter } from '../../lambdas/src/handlers/cloud/recoveryConfig';
import { lambdaEnv, resourcesOf, synthesize, type Templates } from './synthesize';

let t: Templates;
beforeAll(() => {
  ({ templates: t } = synthesize());
}, 120_000);

const ingestArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^Ingest[0-9A-F]{8}$'), 'Arn'] };

describe('ingest recovery', () => {
  it('hands an ingest event that failed every retry to the IngestFailed Lambda, and its failures to an encrypted queue', () => {
    t.processing.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: Match.stringLikeRegexp('^Ingest[0-9A-F]{8}$') },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 7200,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RecoveryIngestFailed'), 'Arn'] } },
      },
    });
    t.processing.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: Match.stringLikeRegexp('^RecoveryIngestFailed') },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RecoveryDeadLetters'), 'Arn'] } } },
    });
    t.processing.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
  });

  it('runs the ingest Lambda’s reconcile hourly with the input it recognises', () => {
    t.processing.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      Targets: [Match.objectLike({ Arn: ingestArn, Input: JSON.stringify(RECONCILE_EVENT) })],
    });
  });

  it('gives the ingest Lambda the cursor parameter and the failure handler a complete environment', () => {
    const ingestEnv = lambdaEnv(t.processing, 'Ingest');
    expect(readReconcileCursorParameter(ingestEnv)).not.toBeNull();
    const parameters = resourcesOf(t.processing, 'AWS::SSM::Parameter').map(([, resource]) => resource['Properties']);
    expect(parameters).toEqual([expect.objectContaining({ Type: 'String', Value: '{"after":""}' })]);
    expect(() => readIngestFailedConfig({ ...lambdaEnv(t.processing, 'RecoveryIngestFailed'), AWS_REGION: 'eu-west-1' })).not.toThrow();
  });
});
