import { App, Stack, Stage } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { readContext } from '../src/config';
import { buildRushes } from '../src/rushesApp';
import { CatalogStack } from '../src/stacks/catalog';
import { describeFinding, nagApp, runNag, type NagReport } from './nagReport';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// AWS's own rule pack (cdk-nag AwsSolutions) over all six stacks, synthesized once, as `npm run synth` runs it.
let nag: NagReport;
beforeAll(() => {
  const app = nagApp();
  buildRushes(app);
  nag = runNag(app);
}, heavyTimeout(120_000));

/** A finding or acknowledgment with the bucket exports' hashes named, so the list reads as a review would. */
const readable = (text: string) =>
  text
    .replace(/Rushes-dev-Storage:ExportsOutputFnGetAtt(Media|Derived)[0-9A-F]{8}Arn[0-9A-F]{8}/g, '<$1 bucket>')
    .replace(/<RecoveryIngestFailed[0-9A-F]{8}\.Arn>/g, '<IngestFailed function>');

describe('AwsSolutions rule pack', () => {
  it('finds nothing that no construct acknowledges (errors and warnings alike)', () => {
    expect(nag.findings.map(describeFinding)).toEqual([]);
    expect(nag.failed).toBe(false);
  });

  it('acknowledges exactly these findings, each on the construct it concerns', () => {
    const acknowledged = nag.acknowledged.map((a) => readable(`${a.rule} @ ${a.acknowledgedAt}`)).sort();
    const iam5 = (resource: string, at: string) => `AwsSolutions-IAM5[Resource::${resource}] @ Rushes-dev-${at}`;
    const pseudo = 'arn:<AWS::Partition>:SERVICE:<AWS::Region>:<AWS::AccountId>:';
    const arn = (service: string, resource: string) => pseudo.replace('SERVICE', service) + resource;
    expect(acknowledged).toEqual(
      [
        'AwsSolutions-APIG4 @ Rushes-dev-Api/Http/GET--v1--health',
        'AwsSolutions-COG1 @ Rushes-dev-Auth/Users',
        'AwsSolutions-COG2 @ Rushes-dev-Auth/Users',
        // The push channel: $connect checks the token itself; the fan-out's failure queue is the dead-letter queue.
        // (The fan-out's pump writes catalog items on the table's own ARN: no wildcard, nothing to acknowledge.)
        'AwsSolutions-APIG4 @ Rushes-dev-Push/Push/Api/$connect-Route',
        'AwsSolutions-APIG4 @ Rushes-dev-Push/Push/Api/$disconnect-Route',
        'AwsSolutions-SQS3 @ Rushes-dev-Push/Push/FanOutFailures',
        iam5('*', 'Push/Push/FanOutServiceRole'),
        iam5(`${arn('execute-api', '<PushApi1A72912C>')}/live/POST/@connections/*`, 'Push/Push/FanOutServiceRole'),
        iam5('*', 'Api/RouterServiceRole'),
        iam5('<Media bucket>/*', 'Api/RouterServiceRole'),
        iam5('<Derived bucket>/*', 'Api/RouterServiceRole'),
        iam5('<Derived bucket>/transfers/*/manifest.json', 'Api/RouterServiceRole'),
        iam5(arn('ec2', 'instance/*'), 'Api/RouterServiceRole'),
        iam5(arn('ssm', 'managed-instance/*'), 'Api/RouterServiceRole'),
        iam5('<Media bucket>/*', 'Api/UploadRole'),
        iam5('<Media bucket>/*', 'Processing/MediaConvertRole'),
        iam5('<Derived bucket>/*', 'Processing/MediaConvertRole'),
        iam5('<Derived bucket>/looks/*', 'Processing/MediaConvertRole'),
        iam5('<Derived bucket>/*/watermark.vtt', 'Processing/MediaConvertRole'),
        iam5('<Media bucket>/*', 'Processing/IngestServiceRole'),
        iam5('<Derived bucket>/*', 'Processing/IngestServiceRole'),
        iam5(arn('mediaconvert', 'jobs/*'), 'Processing/IngestServiceRole'),
        iam5('<Derived bucket>/*', 'Processing/JobStatusServiceRole'),
        iam5('<Derived bucket>/*/filmstrip-frames.*', 'Processing/JobStatusServiceRole'),
        iam5('<IngestFailed function>:*', 'Processing/IngestServiceRole'),
        // The look render worker creates jobs as ingest does; the router cancels a re-render's jobs.
        iam5('<Media bucket>/*', 'Processing/LookRenders/WorkerServiceRole'),
        iam5('<Derived bucket>/*', 'Processing/LookRenders/WorkerServiceRole'),
        iam5(arn('mediaconvert', 'jobs/*'), 'Processing/LookRenders/WorkerServiceRole'),
        iam5(arn('mediaconvert', 'jobs/*'), 'Api/RouterServiceRole'),
        'AwsSolutions-SQS3 @ Rushes-dev-Processing/Recovery/DeadLetters',
        iam5('<Derived bucket>/transfers/*', 'Transfers/TransferStatusServiceRole'),
        iam5('<Media bucket>/*', 'Transfers/WorkstationAccess'),
        iam5('<Derived bucket>/transfers/*', 'Transfers/WorkstationAccess'),
        iam5('<Derived bucket>/transfers/*/result.json', 'Transfers/WorkstationAccess'),
        iam5(arn('logs', 'log-group:*'), 'Transfers/WorkstationAccess'),
      ].sort(),
    );
  });

  it('acknowledges narrowly: never on an app or a stack, each wildcard by its exact resource, never a whole rule, always with a reason', () => {
    expect(nag.acknowledgments.length).toBeGreaterThan(10);
    for (const { id, reason, construct } of nag.acknowledgments) {
      expect(Stack.isStack(construct) || Stage.isStage(construct) || construct instanceof App, `${id} on ${construct.node.path}`).toBe(
        false,
      );
      expect(id, construct.node.path).toMatch(/^AwsSolutions::AwsSolutions-(IAM5\[Resource::[^\]]+\]|APIG4|COG1|COG2|SQS3)$/);
      expect(reason.length, id).toBeGreaterThan(60);
    }
    // Every acknowledgment answers a finding that is really there (none left behind by a fix).
    const used = new Set(nag.acknowledged.map((a) => `${a.acknowledgedId} @ ${a.acknowledgedAt}`));
    const recorded = nag.acknowledgments.map(({ id, construct }) => `${id} @ ${construct.node.path}`);
    expect(recorded.filter((ack) => !used.has(ack))).toEqual([]);
    expect(new Set(recorded).size).toBe(used.size);
  });

  it('stops synthesis with IAM5 when a stack gains a wildcard policy', () => {
    const app = nagApp();
    const stack = new CatalogStack(app, 'Rushes-dev-Catalog', { context: readContext(app.node) });
    const role = new Role(stack, 'Careless', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
    const careless = runNag(app);
    expect(careless.failed).toBe(true);
    expect(careless.findings.map(describeFinding)).toEqual([
      expect.stringMatching(
        /^AwsSolutions-IAM5\[Action::s3:\*\] Rushes-dev-Catalog\/Careless\/DefaultPolicy\/Resource \(error\): .*wildcard/,
      ),
      expect.stringMatching(
        /^AwsSolutions-IAM5\[Resource::\*\] Rushes-dev-Catalog\/Careless\/DefaultPolicy\/Resource \(error\): .*wildcard/,
      ),
    ]);
  });
});
