import { readFile } from 'node:fs/promises';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { readIngestConfig, readJobStatusConfig, readTransferStatusConfig } from '../../lambdas/src/handlers/cloud/config';
import { TRANSFER_SCRIPTS } from '../src/stacks/transfers';
import { asList, iamStatements, lambdaEnv, resolveIntrinsic, resourcesOf, synthesize, type Templates } from './synthesize';

// One synthesis for the whole file: the processing and transfers stacks.
let t: Templates;
beforeAll(() => {
  ({ templates: t } = synthesize());
}, 120_000);

type Json = Record<string, unknown>;
const props = (resource: Json) => resource['Properties'] as Json;

describe('processing', () => {
  it('sends the media bucket’s created and deleted objects to the ingest Lambda', () => {
    t.processing.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created', 'Object Deleted'],
        detail: { bucket: { name: [Match.anyValue()] } },
      },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Ingest'), 'Arn'] } })],
    });
  });

  it('sends this deploy’s finished MediaConvert jobs to the status Lambda', () => {
    t.processing.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.mediaconvert'],
        'detail-type': ['MediaConvert Job State Change'],
        detail: { status: ['COMPLETE', 'ERROR'], userMetadata: { owner: ['rushes-dev'] } },
      },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^JobStatus'), 'Arn'] } })],
    });
  });

  it('has a MediaConvert role only MediaConvert may assume, passed by the ingest and render worker Lambdas only to MediaConvert', () => {
    t.processing.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'mediaconvert.amazonaws.com' } }],
      },
    });
    const passRole = iamStatements(t.processing).filter(({ statement }) =>
      asList(statement['Action'] as string[]).includes('iam:PassRole'),
    );
    expect(passRole.map(({ owner }) => owner.replace(/ServiceRole.*$/, '')).sort()).toEqual(['Ingest', 'LookRendersWorker']);
    for (const { statement } of passRole) {
      expect(statement['Condition']).toEqual({ StringEquals: { 'iam:PassedToService': 'mediaconvert.amazonaws.com' } });
      expect(JSON.stringify(statement['Resource'])).toMatch(/MediaConvertRole/);
    }
  });

  it('runs ingest on x86-64 (the bundled ffprobe and ffmpeg builds) with time for a probe', () => {
    t.processing.hasResourceProperties('AWS::Lambda::Function', {
      Architectures: ['x86_64'],
      Timeout: 300,
      Environment: { Variables: Match.objectLike({ RUSHES_MEDIACONVERT_ROLE_ARN: Match.anyValue() }) },
    });
  });

  it('gives ingest and status Lambdas every setting their config parsers require', () => {
    expect(() =>
      readIngestConfig({ ...lambdaEnv(t.processing, 'Ingest'), AWS_REGION: 'us-east-1', LAMBDA_TASK_ROOT: '/var/task' }),
    ).not.toThrow();
    expect(() =>
      readJobStatusConfig({ ...lambdaEnv(t.processing, 'JobStatus'), AWS_REGION: 'us-east-1', LAMBDA_TASK_ROOT: '/var/task' }),
    ).not.toThrow();
  });

  it('lets the status Lambda read proxies, write filmstrips and waveforms, and delete graded filmstrip frames, in the derived bucket only', () => {
    const status = Object.entries(t.processing.findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith('JobStatus'))!;
    expect(status[1]['Properties']).toMatchObject({ Architectures: ['x86_64'], Timeout: 300, MemorySize: 2048 });
    const s3 = iamStatements(t.processing).filter(
      ({ owner, statement }) =>
        owner.startsWith('JobStatus') && asList(statement['Action'] as string[]).some((action) => action.startsWith('s3:')),
    );
    expect(s3.map(({ statement }) => asList(statement['Action'] as string[]).sort())).toEqual([
      ['s3:GetObject', 's3:PutObject'],
      ['s3:ListBucket'],
      ['s3:DeleteObject'],
    ]);
    expect(JSON.stringify(s3[0]!.statement['Resource'])).toMatch(/Derived/);
    expect(JSON.stringify(s3[2]!.statement['Resource'])).toMatch(/Derived[^\]]*"\/\*\/filmstrip-frames\.\*"/);
  });

  it('lets MediaConvert read only the looks and the watermark caption files from the derived bucket', () => {
    const reads = iamStatements(t.processing).filter(
      ({ owner, statement }) => owner.startsWith('MediaConvertRole') && statement['Action'] === 's3:GetObject',
    );
    const derivedReads = reads.filter(({ statement }) => JSON.stringify(statement['Resource']).includes('Derived'));
    expect(derivedReads).toHaveLength(1);
    const tails = asList(derivedReads[0]!.statement['Resource'] as unknown[]).map((resource) =>
      ((resource as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1] as unknown[]).at(-1),
    );
    expect(tails).toEqual(['/looks/*', '/*/watermark.vtt']);
  });
});

describe('transfers', () => {
  const documents = () => resourcesOf(t.transfers, 'AWS::SSM::Document');
  const document = (name: string) => props(documents().find(([, d]) => props(d)['Name'] === name)![1]);
  const content = (name: string) => document(name)['Content'] as Json;
  const step = (name: string) => (content(name)['mainSteps'] as Json[])[0]! as Json;
  const runCommand = (name: string) => (step(name)['inputs'] as Json)['runCommand'] as string[];
  const names = { windows: 'Rushes-dev-TransferWindows', linux: 'Rushes-dev-TransferLinux' };
  const scriptLines = async (file: string) => (await readFile(file, 'utf8')).replace(/\n$/, '').split('\n');

  it('has the two Command documents (schema 2.2), each embedding its script exactly as it is in the repository', async () => {
    expect(
      documents()
        .map(([, d]) => props(d)['Name'])
        .sort(),
    ).toEqual([names.linux, names.windows].sort());
    for (const name of Object.values(names)) {
      expect(document(name)).toMatchObject({ DocumentType: 'Command', DocumentFormat: 'JSON', UpdateMethod: 'NewVersion' });
      expect(content(name)['schemaVersion']).toBe('2.2');
      expect(content(name)['mainSteps']).toHaveLength(1);
      expect((step(name)['inputs'] as Json)['timeoutSeconds']).toBe(172_800);
    }
    expect(step(names.linux)['action']).toBe('aws:runShellScript');
    expect(step(names.windows)['action']).toBe('aws:runPowerShellScript');
    const linux = runCommand(names.linux);
    const start = linux.indexOf('cat > "$RUSHES_SCRIPT" <<\'RUSHES_TRANSFER_SCRIPT_END\'');
    const end = linux.indexOf('RUSHES_TRANSFER_SCRIPT_END');
    expect(linux.slice(start + 1, end)).toEqual(await scriptLines(TRANSFER_SCRIPTS.linux));
    expect(linux.slice(end + 1)).toEqual([
      'sh "$RUSHES_SCRIPT" "$RUSHES_MANIFEST_URI" "$RUSHES_JOB_ID"',
      'RUSHES_STATUS=$?',
      'rm -f "$RUSHES_SCRIPT"',
      'exit $RUSHES_STATUS',
    ]);
    const windows = runCommand(names.windows);
    expect(windows.slice(windows.indexOf('$RushesTransfer = {') + 1, -2)).toEqual(await scriptLines(TRANSFER_SCRIPTS.windows));
    expect(windows.slice(-2)).toEqual(['}', '& $RushesTransfer $RushesManifestUri $RushesJobId']);
  });

  it('takes only the manifest URI and the job id, each bounded by an allowedPattern', () => {
    for (const name of Object.values(names)) {
      const parameters = content(name)['parameters'] as Record<string, Json>;
      expect(Object.keys(parameters).sort()).toEqual(['jobId', 'manifestUri']);
      for (const parameter of Object.values(parameters)) expect(parameter['type']).toBe('String');
      expect(parameters['jobId']!['allowedPattern']).toBe('^[A-Za-z0-9-]{8,64}$');
      // The manifest pattern as CloudFormation resolves it for a derived bucket (with a dot, to see it escaped).
      const manifest = new RegExp(resolveIntrinsic(parameters['manifestUri']!['allowedPattern'], 'rushes-dev.derived-1a2b') as string);
      expect(manifest.test('s3://rushes-dev.derived-1a2b/transfers/job-7f3a9c21-aa/manifest.json')).toBe(true);
      for (const bad of [
        's3://rushes-dev-derived-1a2b/transfers/job-7f3a9c21-aa/manifest.json',
        's3://other-bucket/transfers/job-7f3a9c21-aa/manifest.json',
        "s3://rushes-dev.derived-1a2b/transfers/job-7f3a9c21-aa/manifest.json' ; reboot '",
        's3://rushes-dev.derived-1a2b/transfers/$(reboot)-aaaaaaa/manifest.json',
        's3://rushes-dev.derived-1a2b/transfers/../../media/manifest.json',
        's3://rushes-dev.derived-1a2b/transfers/job 7f3a9c21/manifest.json',
        's3://rushes-dev.derived-1a2b/transfers/job-7f3a9c21-aa/manifest.json\nreboot',
      ]) {
        expect(manifest.test(bad), bad).toBe(false);
      }
    }
  });

  it('puts the parameters only into single-quoted variable assignments, and the scripts hold no "{{" of their own', async () => {
    const placed = (name: string) => runCommand(name).filter((line) => line.includes('{{'));
    expect(placed(names.linux)).toEqual(["RUSHES_MANIFEST_URI='{{ manifestUri }}'", "RUSHES_JOB_ID='{{ jobId }}'"]);
    expect(placed(names.windows)).toEqual(["$RushesManifestUri = '{{ manifestUri }}'", "$RushesJobId = '{{ jobId }}'"]);
    for (const file of Object.values(TRANSFER_SCRIPTS)) expect(await readFile(file, 'utf8')).not.toContain('{{');
  });

  it('sends the end of those two documents’ commands, and no other, to the transfer status Lambda', () => {
    const rules = resourcesOf(t.transfers, 'AWS::Events::Rule');
    expect(rules).toHaveLength(1);
    const rule = props(rules[0]![1]);
    expect(rule['EventPattern']).toEqual({
      source: ['aws.ssm'],
      'detail-type': ['EC2 Command Status-change Notification'],
      detail: { 'document-name': [names.windows, names.linux] },
    });
    expect(rule['Targets']).toEqual([
      expect.objectContaining({ Arn: { 'Fn::GetAtt': [expect.stringMatching(/^TransferStatus/), 'Arn'] } }),
    ]);
  });

  it('lets the status Lambda read transfer results only, and gives it every setting its config parser requires', () => {
    const s3 = iamStatements(t.transfers).filter(
      ({ owner, statement }) =>
        owner.startsWith('TransferStatus') && asList(statement['Action'] as string[]).some((a) => a.startsWith('s3:')),
    );
    expect(s3.map(({ statement }) => statement['Action'])).toEqual(['s3:GetObject']);
    expect(JSON.stringify(s3[0]!.statement['Resource'])).toMatch(/ExportsOutputFnGetAttDerived[^"]*Arn[^\]]*"\/transfers\/\*"\]/);
    expect(() => readTransferStatusConfig({ ...lambdaEnv(t.transfers, 'TransferStatus'), AWS_REGION: 'us-east-1' })).not.toThrow();
    expect(lambdaEnv(t.transfers, 'TransferStatus')).toMatchObject({
      RUSHES_TRANSFER_DOCUMENT_WINDOWS: names.windows,
      RUSHES_TRANSFER_DOCUMENT_LINUX: names.linux,
      RUSHES_VERSION: pkg.version,
    });
  });

  it('lets the router send commands of the two documents only (to instances and managed instances), and cancel them', () => {
    const ssm = iamStatements(t.api).filter(({ statement }) => asList(statement['Action'] as string[]).some((a) => a.startsWith('ssm:')));
    expect(ssm.flatMap(({ statement }) => asList(statement['Action'] as string[])).sort()).toEqual([
      'ssm:CancelCommand',
      'ssm:SendCommand',
    ]);
    const send = ssm.find(({ statement }) => statement['Action'] === 'ssm:SendCommand')!;
    expect(send.owner).toMatch(/^RouterServiceRole/);
    const resources = asList(send.statement['Resource'] as unknown[]).map((r) => JSON.stringify(r));
    expect(resources).toHaveLength(4);
    expect(resources.filter((r) => r.includes(':document/')).sort()).toEqual([
      expect.stringContaining(`:document/${names.linux}"`),
      expect.stringContaining(`:document/${names.windows}"`),
    ]);
    expect(resources.filter((r) => r.includes(':instance/*"') || r.includes(':managed-instance/*"'))).toHaveLength(2);
    expect(resources).not.toContain('"*"');
    expect(lambdaEnv(t.api, 'Router')).toMatchObject({
      RUSHES_TRANSFER_DOCUMENT_WINDOWS: names.windows,
      RUSHES_TRANSFER_DOCUMENT_LINUX: names.linux,
      RUSHES_TRANSFER_LOG_GROUP: '/rushes/dev/transfers',
    });
  });

  it('has a workstation policy that reads media and manifests and writes results only, exported for instance profiles', () => {
    const policies = resourcesOf(t.transfers, 'AWS::IAM::ManagedPolicy');
    expect(policies).toHaveLength(1);
    const [policyId, policy] = policies[0]!;
    expect(props(policy)['ManagedPolicyName']).toBe('RushesWorkstationAccess-dev');
    const statements = ((props(policy)['PolicyDocument'] as Json)['Statement'] as Json[]).filter((s) =>
      asList(s['Action'] as string[]).some((a) => a.startsWith('s3:')),
    );
    const grants = statements.flatMap((s) =>
      asList(s['Action'] as string[]).flatMap((action) => asList(s['Resource'] as unknown[]).map((r) => `${action} ${JSON.stringify(r)}`)),
    );
    expect(grants).toHaveLength(3);
    expect(grants[0]).toMatch(/^s3:GetObject .*ExportsOutputFnGetAttMedia[^"]*Arn.*"\/\*"\]\]\}$/);
    expect(grants[1]).toMatch(/^s3:GetObject .*ExportsOutputFnGetAttDerived[^"]*Arn.*"\/transfers\/\*"\]\]\}$/);
    expect(grants[2]).toMatch(/^s3:PutObject .*ExportsOutputFnGetAttDerived[^"]*Arn.*"\/transfers\/\*\/result\.json"\]\]\}$/);
    const logs = ((props(policy)['PolicyDocument'] as Json)['Statement'] as Json[]).filter((s) =>
      asList(s['Action'] as string[]).some((a) => a.startsWith('logs:')),
    );
    for (const statement of logs) expect(statement['Resource']).not.toBe('*');
    const output = (t.transfers.toJSON()['Outputs'] as Record<string, Json>)['WorkstationPolicyArn']!;
    expect(output['Value']).toEqual({ Ref: policyId });
    expect(output['Export']).toEqual({ Name: 'Rushes-dev-WorkstationPolicyArn' });
  });

  it('keeps the scripts’ output in a log group with a retention', () => {
    t.transfers.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/rushes/dev/transfers', RetentionInDays: 30 });
  });
});
