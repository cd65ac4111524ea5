import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransferResult } from '@rushes/shared';
import { transferStatusHandler, type SsmCommandEvent, type TransferOutcome } from '../src/handlers/cloud/transferEvents';
import { startTestS3, type TestS3 } from '../../scripts/testing/s3';

// The status Lambda's work against a real S3 API (s3rver): the command-status event, the
// result file read from the derived bucket, the outcome handed to the transfers use case.
const DERIVED = 'rushes-derived';
const documents = ['Rushes-test-TransferWindows', 'Rushes-test-TransferLinux'];

let local: TestS3;
let s3: S3Client;

beforeAll(async () => {
  local = await startTestS3([DERIVED]);
  s3 = local.s3;
});

afterAll(async () => {
  await local?.stop();
});

const ended = (jobId: string, status: string, document = documents[1]!): SsmCommandEvent => ({
  'detail-type': 'EC2 Command Status-change Notification',
  source: 'aws.ssm',
  detail: {
    'command-id': `cmd-${jobId}`,
    'document-name': document,
    status,
    parameters: { manifestUri: [`s3://${DERIVED}/transfers/${jobId}/manifest.json`], jobId: [jobId], executionTimeout: ['600'] },
  },
});

function recorder() {
  const finished: [string, TransferOutcome][] = [];
  const handler = transferStatusHandler({
    s3,
    derivedBucket: DERIVED,
    documents,
    transfers: { finish: async (jobId, outcome) => void finished.push([jobId, outcome]) },
    log: () => {},
  });
  return { finished, handler };
}

describe('the transfer status Lambda (S3 stand-in)', () => {
  it('finishes the job with the result the workstation wrote next to the manifest', async () => {
    const result: TransferResult = {
      version: 1,
      jobId: 'job-status-0001',
      error: null,
      entries: [
        { index: 0, status: 'copied', bytes: 1000, sha256: 'b'.repeat(64), error: null },
        { index: 1, status: 'failed', bytes: null, sha256: null, error: 'the share is full' },
      ],
    };
    await s3.send(new PutObjectCommand({ Bucket: DERIVED, Key: 'transfers/job-status-0001/result.json', Body: JSON.stringify(result) }));
    const { finished, handler } = recorder();
    await handler(ended('job-status-0001', 'Success', documents[0]));
    expect(finished).toEqual([['job-status-0001', { result }]]);
  });

  it('fails a job whose command ended without a result, or with a malformed one, naming SSM’s status', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: DERIVED,
        Key: 'transfers/job-status-0003/result.json',
        Body: '{"version":1,"jobId":"job-status-0003","error":null,"entries":[{"index":0,',
      }),
    );
    const { finished, handler } = recorder();
    await handler(ended('job-status-0002', 'DeliveryTimedOut'));
    await handler(ended('job-status-0003', 'Success'));
    await handler(ended('job-status-0004', 'TimedOut'));
    expect(finished).toEqual([
      [
        'job-status-0002',
        { error: 'the workstation never received the transfer: its SSM agent is offline or unreachable (SSM status DeliveryTimedOut)' },
      ],
      ['job-status-0003', { error: "the workstation's result file is not JSON (SSM status Success)" }],
      ['job-status-0004', { error: 'timed out on the workstation before it wrote a result (SSM status TimedOut)' }],
    ]);
  });

  it('does nothing for a command still running or of another document', async () => {
    const { finished, handler } = recorder();
    await handler(ended('job-status-0005', 'InProgress'));
    await handler(ended('job-status-0005', 'Success', 'AWS-RunShellScript'));
    expect(finished).toEqual([]);
  });

  it('lets an S3 failure other than a missing result throw, so EventBridge delivers the event again', async () => {
    const finished: string[] = [];
    const elsewhere = transferStatusHandler({
      s3,
      derivedBucket: 'no-such-bucket',
      documents,
      transfers: { finish: async (jobId) => void finished.push(jobId) },
      log: () => {},
    });
    const event = ended('job-status-0006', 'Success');
    event.detail.parameters = { ...event.detail.parameters, manifestUri: ['s3://no-such-bucket/transfers/job-status-0006/manifest.json'] };
    await expect(elsewhere(event)).rejects.toThrow(/bucket/i);
    expect(finished).toEqual([]);
  });
});
