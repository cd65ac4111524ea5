import { describe, expect, it } from 'vitest';
import type { TransferResult } from '@rushes/shared';
import { commandEnd, transferOutcome, type SsmCommandEvent } from './transferEvents';

const documents = ['Rushes-dev-TransferWindows', 'Rushes-dev-TransferLinux'];
const DERIVED = 'rushes-derived-123';
const JOB = 'job-7f3a9c21-aa';

const commandEvent = (status: string, over: Partial<SsmCommandEvent['detail']> = {}): SsmCommandEvent => ({
  'detail-type': 'EC2 Command Status-change Notification',
  source: 'aws.ssm',
  detail: {
    'command-id': '0b1e7a2c-1111-4222-8333-944455556666',
    'document-name': 'Rushes-dev-TransferLinux',
    status,
    parameters: { manifestUri: [`s3://${DERIVED}/transfers/${JOB}/manifest.json`], jobId: [JOB] },
    ...over,
  },
});

const result: TransferResult = {
  version: 1,
  jobId: JOB,
  error: null,
  entries: [{ index: 0, status: 'copied', bytes: 10, sha256: 'a'.repeat(64), error: null }],
};

describe('commandEnd (SSM command status → which job ended)', () => {
  it('ends the job named by the command’s parameters when the command is over', () => {
    for (const status of ['Success', 'Failed', 'TimedOut', 'Cancelled', 'DeliveryTimedOut']) {
      expect(commandEnd(commandEvent(status), documents, DERIVED)).toEqual({
        jobId: JOB,
        commandId: '0b1e7a2c-1111-4222-8333-944455556666',
        status,
      });
    }
  });

  it('ignores commands still running, other documents, other buckets, and events that are not command status', () => {
    for (const status of ['Pending', 'InProgress', 'Delayed', 'Cancelling'])
      expect(commandEnd(commandEvent(status), documents, DERIVED)).toHaveProperty('ignored');
    expect(commandEnd(commandEvent('Success', { 'document-name': 'AWS-RunShellScript' }), documents, DERIVED)).toHaveProperty('ignored');
    expect(
      commandEnd(
        commandEvent('Success', { parameters: { manifestUri: [`s3://other-bucket/transfers/${JOB}/manifest.json`], jobId: [JOB] } }),
        documents,
        DERIVED,
      ),
    ).toHaveProperty('ignored');
    expect(
      commandEnd(
        commandEvent('Success', { parameters: { manifestUri: [`s3://${DERIVED}/transfers/${JOB}/manifest.json`], jobId: ["x'; reboot"] } }),
        documents,
        DERIVED,
      ),
    ).toHaveProperty('ignored');
    expect(commandEnd(commandEvent('Success', { parameters: undefined }), documents, DERIVED)).toHaveProperty('ignored');
    expect(
      commandEnd({ ...commandEvent('Success'), 'detail-type': 'EC2 Command Invocation Status-change Notification' }, documents, DERIVED),
    ).toHaveProperty('ignored');
  });
});

describe('transferOutcome (SSM status + result file → how the job ended)', () => {
  it('takes a valid result for this job as what happened, whatever SSM’s status', () => {
    expect(transferOutcome(JOB, 'Success', JSON.stringify(result))).toEqual({ result });
    expect(transferOutcome(JOB, 'TimedOut', JSON.stringify(result))).toEqual({ result });
  });

  it('fails the job naming SSM’s status when the command ended without a result', () => {
    expect(transferOutcome(JOB, 'Success', null)).toEqual({
      error: 'the workstation finished without writing a result (SSM status Success)',
    });
    expect(transferOutcome(JOB, 'Failed', null)).toEqual({
      error: 'the transfer script stopped on the workstation before it wrote a result (SSM status Failed)',
    });
    expect(transferOutcome(JOB, 'TimedOut', null)).toEqual({
      error: 'timed out on the workstation before it wrote a result (SSM status TimedOut)',
    });
    expect(transferOutcome(JOB, 'Cancelled', null)).toEqual({
      error: 'cancelled before the workstation wrote a result (SSM status Cancelled)',
    });
    expect(transferOutcome(JOB, 'DeliveryTimedOut', null)).toEqual({
      error: 'the workstation never received the transfer: its SSM agent is offline or unreachable (SSM status DeliveryTimedOut)',
    });
  });

  it('fails the job with a reason when the result is malformed, another job’s, or too large', () => {
    expect(transferOutcome(JOB, 'Success', '{"version":1,')).toEqual({
      error: "the workstation's result file is not JSON (SSM status Success)",
    });
    const bad = transferOutcome(JOB, 'Success', JSON.stringify({ ...result, entries: [{ ...result.entries[0], status: 'moved' }] }));
    expect(bad).toEqual({
      error: expect.stringMatching(/^the workstation's result file is not valid: entries\.0\.status .* \(SSM status Success\)$/),
    });
    expect(transferOutcome(JOB, 'Success', JSON.stringify({ ...result, jobId: 'job-other-0001' }))).toEqual({
      error: "the workstation's result file belongs to job job-other-0001 (SSM status Success)",
    });
    expect(transferOutcome(JOB, 'Success', { tooLarge: 99_000_000 })).toEqual({ error: expect.stringContaining('too large') });
  });
});
