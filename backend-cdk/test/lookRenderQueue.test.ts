import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { readApiConfig, readRenderWorkerConfig, readStorageConfig } from '../../lambdas/src/handlers/cloud/config';
import { RENDER_MAX_RECEIVES } from '../src/stacks/lookRenderQueue';
import { iamStatements, lambdaEnv, synthesize, type Templates } from './synthesize';

let t: Templates;
beforeAll(() => {
  ({ templates: t } = synthesize());
}, 120_000);

const WORKER = /^LookRendersWorker[0-9A-F]{8}$/;

describe('look re-render queue', () => {
  it('is an encrypted queue with a dead-letter queue after the worker’s last receive', () => {
    t.processing.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 720,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LookRendersDeadLetters'), 'Arn'] },
        maxReceiveCount: RENDER_MAX_RECEIVES,
      },
    });
    t.processing.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: Match.stringLikeRegexp('^LookRendersBatches') }],
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
  });

  it('runs the worker one message at a time, two at most, with partial batch failures; the dead letters go to their handler', () => {
    t.processing.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: Match.stringLikeRegexp(WORKER.source) },
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LookRendersBatches'), 'Arn'] },
      BatchSize: 1,
      ScalingConfig: { MaximumConcurrency: 2 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    t.processing.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: Match.stringLikeRegexp('^LookRendersDeadLetterHandler') },
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LookRendersDeadLetters'), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(
      readRenderWorkerConfig({ ...lambdaEnv(t.processing, 'LookRendersWorker'), AWS_REGION: 'eu-west-1', LAMBDA_TASK_ROOT: '/var/task' })
        .maxReceiveCount,
    ).toBe(RENDER_MAX_RECEIVES);
    expect(readStorageConfig({ ...lambdaEnv(t.processing, 'LookRendersDeadLetterHandler'), AWS_REGION: 'eu-west-1' }).table).toBeTruthy();
  });

  it('lets the worker create MediaConvert jobs and pass only the MediaConvert role', () => {
    const worker = iamStatements(t.processing).filter(({ owner }) => owner.startsWith('LookRendersWorkerServiceRole'));
    const actions = worker.flatMap(({ statement }) => [statement['Action']].flat());
    expect(actions).toContain('mediaconvert:CreateJob');
    expect(actions).toContain('iam:PassRole');
    expect(actions).not.toContain('mediaconvert:CancelJob');
    expect(actions.filter((action) => String(action).startsWith('sqs:')).sort()).toEqual(
      ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'].sort(),
    );
  });

  it('gives the router the queue URL, SendMessage on that queue only, and CancelJob', () => {
    const env = lambdaEnv(t.api, 'Router');
    expect(
      readApiConfig({ ...env, AWS_REGION: 'eu-west-1', RUSHES_RENDER_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/q' }).renderQueueUrl,
    ).toBe('https://sqs.eu-west-1.amazonaws.com/1/q');
    expect(env['RUSHES_RENDER_QUEUE_URL']).toBeDefined();
    const router = iamStatements(t.api).filter(({ owner }) => owner.startsWith('RouterServiceRole'));
    const sqs = router.filter(({ statement }) => [statement['Action']].flat().some((action) => String(action).startsWith('sqs:')));
    expect(sqs.map(({ statement }) => statement['Action'])).toEqual(['sqs:SendMessage']);
    expect(router.some(({ statement }) => statement['Action'] === 'mediaconvert:CancelJob')).toBe(true);
  });
});
