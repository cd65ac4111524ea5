import {
  CancelCommandCommand,
  InvalidCommandId,
  InvalidInstanceId,
  SendCommandCommand,
  SSMClient,
  UnsupportedPlatformType,
} from '@aws-sdk/client-ssm';
import { describe, expect, it, vi } from 'vitest';
import { writeTransferManifest } from '@rushes/shared';
import { TransferRefused, type TransferLaunch } from '../ports';
import { SsmTransferExecutor } from './ssmTransferExecutor';

const documents = { windows: 'Rushes-dev-TransferWindows', linux: 'Rushes-dev-TransferLinux' };

/** Only the client is a stand-in: it records what would go over the wire, and answers as SSM would. */
function recordingClient(
  answer: (command: unknown) => unknown = () => ({ Command: { CommandId: '0b1e7a2c-1111-4222-8333-944455556666' } }),
) {
  const client = new SSMClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const send = vi.spyOn(client, 'send').mockImplementation(async (command) => answer(command) as never);
  return { client, send };
}

const launch = (over: Partial<TransferLaunch> = {}, workstation: Partial<TransferLaunch['workstation']> = {}): TransferLaunch => ({
  jobId: 'job-7f3a9c21-aa',
  operation: 'copy',
  workstation: { id: 'ws-edit-bay-1', platform: 'linux', instanceId: 'i-0123456789abcdef0', shareRoot: '/mnt/fsx/media', ...workstation },
  manifest: { bucket: 'rushes-derived-123', key: 'transfers/job-7f3a9c21-aa/manifest.json' },
  timeoutSeconds: 3600,
  ...over,
});

describe('SsmTransferExecutor', () => {
  it('runs on Windows and Linux workstations', () => {
    expect(new SsmTransferExecutor(recordingClient().client, documents).platforms).toEqual(['windows', 'linux']);
  });

  it('sends exactly this command for a Linux workstation: its document, one instance, the manifest URI and job id, the timeouts', async () => {
    const { client, send } = recordingClient();
    const answer = await new SsmTransferExecutor(client, documents, { outputLogGroup: '/rushes/dev/transfers' }).start(launch());
    expect(answer).toEqual({ commandId: '0b1e7a2c-1111-4222-8333-944455556666' });
    expect(send).toHaveBeenCalledTimes(1);
    const command = send.mock.calls[0]![0];
    expect(command).toBeInstanceOf(SendCommandCommand);
    expect(command.input).toEqual({
      DocumentName: 'Rushes-dev-TransferLinux',
      DocumentVersion: '$LATEST',
      InstanceIds: ['i-0123456789abcdef0'],
      Parameters: {
        manifestUri: ['s3://rushes-derived-123/transfers/job-7f3a9c21-aa/manifest.json'],
        jobId: ['job-7f3a9c21-aa'],
      },
      TimeoutSeconds: 3600,
      Comment: 'Rushes transfer job-7f3a9c21-aa',
      CloudWatchOutputConfig: { CloudWatchOutputEnabled: true, CloudWatchLogGroupName: '/rushes/dev/transfers' },
    });
  });

  it('uses the PowerShell document for Windows, sends no log settings unless given, and keeps the timeouts within SSM’s limits', async () => {
    const { client, send } = recordingClient();
    const executor = new SsmTransferExecutor(client, documents);
    await executor.start(
      launch({ timeoutSeconds: 10 }, { platform: 'windows', instanceId: 'mi-0123456789abcdef0', shareRoot: 'D:\\Media' }),
    );
    await executor.start(launch({ timeoutSeconds: 400_000 }));
    expect(send.mock.calls[0]![0].input).toEqual({
      DocumentName: 'Rushes-dev-TransferWindows',
      DocumentVersion: '$LATEST',
      InstanceIds: ['mi-0123456789abcdef0'],
      Parameters: {
        manifestUri: ['s3://rushes-derived-123/transfers/job-7f3a9c21-aa/manifest.json'],
        jobId: ['job-7f3a9c21-aa'],
      },
      // SSM's delivery timeout is at least 30 s.
      TimeoutSeconds: 30,
      Comment: 'Rushes transfer job-7f3a9c21-aa',
    });
    // A long job: delivery may wait as long; the documents take no timeout parameter (the job's deadline cancels it).
    const long = send.mock.calls[1]![0].input as { TimeoutSeconds?: number; Parameters?: Record<string, string[]> };
    expect(long.TimeoutSeconds).toBe(400_000);
    expect(Object.keys(long.Parameters ?? {}).sort()).toEqual(['jobId', 'manifestUri']);
  });

  it('never puts a file name from the manifest into the request', async () => {
    const hostile = "Show/Day 1/it's $(touch pwned) `id`; rm -rf ~ & del %TEMP% 🎬.mov";
    // The manifest the API writes for this job holds the name; the command only points at it.
    const manifest = writeTransferManifest({
      version: 1,
      jobId: 'job-7f3a9c21-aa',
      operation: 'copy',
      bucket: 'rushes-media-123',
      shareRoot: '/mnt/fsx/media',
      entries: [{ key: hostile, path: hostile, size: 10, sha256: 'a'.repeat(64) }],
    });
    expect(manifest).toContain(JSON.stringify(hostile));
    const { client, send } = recordingClient();
    await new SsmTransferExecutor(client, documents).start(launch());
    const wire = JSON.stringify(send.mock.calls[0]![0].input);
    for (const fragment of ['Show', 'Day 1', '$(', '`', 'pwned', '%TEMP%', '.mov', 'mnt/fsx']) expect(wire).not.toContain(fragment);
  });

  it('refuses in words a person can act on when SSM says no', async () => {
    const refuse = (error: Error) =>
      new SsmTransferExecutor(recordingClient(() => Promise.reject(error)).client, documents).start(launch());
    await expect(
      refuse(new InvalidInstanceId({ message: 'Instances [[i-0123456789abcdef0]] not in a valid state', $metadata: {} })),
    ).rejects.toEqual(new TransferRefused("the workstation's SSM agent is offline or the instance id is wrong"));
    await expect(refuse(new UnsupportedPlatformType({ message: 'unsupported', $metadata: {} }))).rejects.toThrow(
      /does not match its platform/,
    );
    await expect(refuse(Object.assign(new Error('x'), { name: 'SomethingNew' }))).rejects.toThrow(
      new TransferRefused('Systems Manager could not start the transfer (SomethingNew)'),
    );
    await expect(
      new SsmTransferExecutor(recordingClient(() => ({ Command: {} })).client, documents).start(launch()),
    ).rejects.toBeInstanceOf(TransferRefused);
  });

  it('sends nothing for a launch it cannot run, naming what is wrong', async () => {
    const { client, send } = recordingClient();
    const executor = new SsmTransferExecutor(client, documents);
    await expect(executor.start(launch({}, { instanceId: null }))).rejects.toThrow(/managed instance id/);
    await expect(executor.start(launch({}, { instanceId: 'i-0123; reboot' }))).rejects.toThrow(/managed instance id/);
    await expect(executor.start(launch({}, { platform: 'local', instanceId: 'i-0123456789abcdef0' }))).rejects.toThrow(/not local/);
    await expect(executor.start(launch({ jobId: "job'; reboot" }))).rejects.toThrow(/job id/);
    await expect(
      executor.start(launch({ manifest: { bucket: 'rushes-derived-123', key: 'transfers/other-job-1/manifest.json' } })),
    ).rejects.toThrow(/manifest/);
    await expect(
      executor.start(launch({ manifest: { bucket: 'Bad Bucket', key: 'transfers/job-7f3a9c21-aa/manifest.json' } })),
    ).rejects.toThrow(/bucket/);
    await expect(executor.start(launch({ timeoutSeconds: 1.5 }))).rejects.toThrow(/timeout/);
    expect(send).not.toHaveBeenCalled();
  });

  it('cancels exactly the job’s command on its instance, and takes an already finished command as cancelled', async () => {
    const { client, send } = recordingClient(() => ({}));
    const executor = new SsmTransferExecutor(client, documents);
    await executor.cancel(launch(), '0b1e7a2c-1111-4222-8333-944455556666');
    expect(send).toHaveBeenCalledTimes(1);
    const command = send.mock.calls[0]![0];
    expect(command).toBeInstanceOf(CancelCommandCommand);
    expect(command.input).toEqual({ CommandId: '0b1e7a2c-1111-4222-8333-944455556666', InstanceIds: ['i-0123456789abcdef0'] });

    await executor.cancel(launch(), null);
    expect(send).toHaveBeenCalledTimes(1);

    const gone = recordingClient(() => Promise.reject(new InvalidCommandId({ message: 'gone', $metadata: {} })));
    await expect(new SsmTransferExecutor(gone.client, documents).cancel(launch(), 'c-1')).resolves.toBeUndefined();
    const denied = recordingClient(() => Promise.reject(Object.assign(new Error('denied'), { name: 'AccessDeniedException' })));
    await expect(new SsmTransferExecutor(denied.client, documents).cancel(launch(), 'c-1')).rejects.toThrow('denied');
  });
});
