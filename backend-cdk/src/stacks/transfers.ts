import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CfnOutput, Duration, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { CfnDocument } from 'aws-cdk-lib/aws-ssm';
import { TRANSFERS_PREFIX, transferManifestKey, transferResultKey } from '@rushes/shared';
import type { Construct } from 'constructs';
import pkg from '../../../package.json' with { type: 'json' };
import { MAX_EXECUTION_SECONDS, TRANSFER_DOCUMENT_PARAMETERS } from '../../../lambdas/src/adapters/ssmTransferExecutor';
import { cloudEnvNames } from '../../../lambdas/src/handlers/cloud/config';
import type { RushesContext } from '../config';
import { LOG_RETENTION, REPO_ROOT, RushesFunction } from '../lambdaFunction';
import { acknowledge, objectsFinding, wildcardFinding } from '../nag';
import { grantCatalogData } from './catalog';

/** The workstation scripts, read at synth time and embedded in the documents (no copying onto instances by hand). */
export const TRANSFER_SCRIPTS = {
  linux: path.join(REPO_ROOT, 'lambdas/src/transfers/scripts/rushes-transfer.sh'),
  windows: path.join(REPO_ROOT, 'lambdas/src/transfers/scripts/rushes-transfer.ps1'),
} as const;

export const WORKSTATION_POLICY_OUTPUT = 'WorkstationPolicyArn';
/** SSM's detail type for a command's status (one command runs on one workstation here). */
export const COMMAND_STATUS_EVENT = 'EC2 Command Status-change Notification';
/** The job id as TransferJobIdSchema has it, anchored for SSM. */
export const JOB_ID_PATTERN = '^[A-Za-z0-9-]{8,64}$';

/**
 * Names fixed by the deploy's environment, so the API stack (whose router sends the commands)
 * names the same documents and log group without depending on this stack.
 */
export function transferNames(context: RushesContext) {
  return {
    documents: { windows: `Rushes-${context.envName}-TransferWindows`, linux: `Rushes-${context.envName}-TransferLinux` },
    logGroup: `/rushes/${context.envName}/transfers`,
    workstationPolicy: `RushesWorkstationAccess-${context.envName}`,
  };
}

export interface TransfersProps extends StackProps {
  context: RushesContext;
  media: Bucket;
  derived: Bucket;
  table: Table;
}

/**
 * S3 ↔ edit share transfers in the cloud: the project's two SSM Command documents
 * (Linux: POSIX sh + aws CLI; Windows: PowerShell + AWS Tools), the rule that sends their
 * commands' end to the status Lambda, the log group of the scripts' output, and the managed
 * policy a workstation's instance profile needs. Nothing here runs or bills while idle.
 */
export class TransfersStack extends Stack {
  readonly documents: { windows: CfnDocument; linux: CfnDocument };
  readonly status: RushesFunction;
  readonly workstationPolicy: ManagedPolicy;

  constructor(scope: Construct, id: string, props: TransfersProps) {
    super(scope, id, props);
    const { context, media, derived, table } = props;
    const names = transferNames(context);

    // The bucket name's dots escaped (CloudFormation has no replace: split on "." and join with "\."),
    // so the pattern admits this bucket and nothing else.
    const bucketPattern = Fn.join('\\.', Fn.split('.', derived.bucketName));
    // The manifest key with the job id's pattern (its anchors dropped) in the id's place, its dots escaped.
    const manifestPattern = Fn.join('', [
      '^s3://',
      bucketPattern,
      '/',
      transferManifestKey(JOB_ID_PATTERN.slice(1, -1)).replaceAll('.', '\\.'),
      '$',
    ]);
    const parameters = {
      [TRANSFER_DOCUMENT_PARAMETERS.manifestUri]: {
        type: 'String',
        description: "The job's manifest: s3://<derived bucket>/transfers/<job id>/manifest.json",
        allowedPattern: manifestPattern,
      },
      [TRANSFER_DOCUMENT_PARAMETERS.jobId]: { type: 'String', description: 'The transfer job id.', allowedPattern: JOB_ID_PATTERN },
    };
    const document = (platform: 'windows' | 'linux') =>
      new CfnDocument(this, platform === 'windows' ? 'TransferWindows' : 'TransferLinux', {
        name: names.documents[platform],
        documentType: 'Command',
        documentFormat: 'JSON',
        // A fixed name cannot be replaced in place; a new version keeps the name and the API's grant.
        updateMethod: 'NewVersion',
        content: {
          schemaVersion: '2.2',
          description: `Rushes: copy files between S3 and this ${platform === 'windows' ? 'Windows' : 'Linux'} workstation's edit share, or remove them, as the manifest says.`,
          parameters,
          mainSteps: [
            {
              action: platform === 'windows' ? 'aws:runPowerShellScript' : 'aws:runShellScript',
              name: 'transfer',
              inputs: {
                // SSM's longest run: the job's own deadline (the transfers use case) cancels the command sooner.
                timeoutSeconds: MAX_EXECUTION_SECONDS,
                runCommand: platform === 'windows' ? windowsCommands() : linuxCommands(),
              },
            },
          ],
        },
      });
    this.documents = { windows: document('windows'), linux: document('linux') };

    // Command output: only the scripts' own short messages (never file names), so it stays cheap.
    const output = new LogGroup(this, 'TransferOutput', {
      logGroupName: names.logGroup,
      retention: LOG_RETENTION,
      removalPolicy: context.removalPolicy,
    });

    this.status = new RushesFunction(this, 'TransferStatus', {
      handlerFile: 'transferStatus',
      removalPolicy: context.removalPolicy,
      description: 'Rushes: a transfer command ended on a workstation → its result read → the job and its assets updated.',
      environment: {
        [cloudEnvNames.table]: table.tableName,
        [cloudEnvNames.mediaBucket]: media.bucketName,
        [cloudEnvNames.derivedBucket]: derived.bucketName,
        [cloudEnvNames.transferDocumentWindows]: names.documents.windows,
        [cloudEnvNames.transferDocumentLinux]: names.documents.linux,
        // Written into the MHL generation a finished copy records (the tool's version).
        [cloudEnvNames.version]: pkg.version,
      },
    });
    grantCatalogData(table, this.status);
    this.status.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:GetObject'], resources: [derived.arnForObjects(`${TRANSFERS_PREFIX}*`)] }),
    );
    acknowledge(
      this.status.serviceRole,
      objectsFinding(this.status.serviceRole, derived, `${TRANSFERS_PREFIX}*`),
      "Each job's manifest and result sit under its own id, known only when the command ends; GetObject only, under transfers/ only.",
    );
    new Rule(this, 'TransferCommandStatus', {
      description: "Rushes: a transfer document's command changed status → the transfer status Lambda.",
      eventPattern: {
        source: ['aws.ssm'],
        detailType: [COMMAND_STATUS_EVENT],
        detail: { 'document-name': [names.documents.windows, names.documents.linux] },
      },
      targets: [new LambdaFunction(this.status, { retryAttempts: 4, maxEventAge: Duration.hours(6) })],
    });

    const describeLogGroups = `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*`;
    // What a workstation does with S3: read the media it is sent and the manifest, write its result. Nothing else.
    this.workstationPolicy = new ManagedPolicy(this, 'WorkstationAccess', {
      managedPolicyName: names.workstationPolicy,
      description: 'Rushes edit workstations: read media and transfer manifests, write transfer results, log command output.',
      statements: [
        new PolicyStatement({
          actions: ['s3:GetObject'],
          resources: [media.arnForObjects('*'), derived.arnForObjects(`${TRANSFERS_PREFIX}*`)],
        }),
        new PolicyStatement({ actions: ['s3:PutObject'], resources: [derived.arnForObjects(transferResultKey('*'))] }),
        new PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [output.logGroupArn],
        }),
        // The SSM agent looks its log group up before writing; DescribeLogGroups has no narrower resource.
        new PolicyStatement({ actions: ['logs:DescribeLogGroups'], resources: [describeLogGroups] }),
      ],
    });
    const workstationReasons: [string, string][] = [
      [
        objectsFinding(this.workstationPolicy, media, '*'),
        'A workstation copies the media files a transfer names, in any folder; the API sends it a job only for assets the user may read. Read only.',
      ],
      [
        objectsFinding(this.workstationPolicy, derived, `${TRANSFERS_PREFIX}*`),
        "A workstation reads its job's manifest under the job's id, known only per job; read only, under transfers/ only.",
      ],
      [
        objectsFinding(this.workstationPolicy, derived, transferResultKey('*')),
        "A workstation writes its job's result.json under the job's id, known only per job; that file name only.",
      ],
      [
        wildcardFinding(this.workstationPolicy, describeLogGroups),
        'The SSM agent looks up its log group before writing; DescribeLogGroups takes no narrower resource, and it only lists names.',
      ],
    ];
    for (const [finding, reason] of workstationReasons) acknowledge(this.workstationPolicy, finding, reason);
    new CfnOutput(this, WORKSTATION_POLICY_OUTPUT, {
      value: this.workstationPolicy.managedPolicyArn,
      description: "Attach to each edit workstation's instance profile, with AmazonSSMManagedInstanceCore.",
      exportName: `Rushes-${context.envName}-${WORKSTATION_POLICY_OUTPUT}`,
    });
  }
}

/** The lines of a script file, as an SSM document's runCommand holds them. */
function scriptLines(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
  // SSM replaces every {{ name }} in runCommand; the scripts must hold none of their own.
  if (text.includes('{{')) throw new Error(`${file} contains "{{", which SSM would read as a document parameter`);
  return text.replace(/\n$/, '').split('\n');
}

/*
 * Why putting {{ manifestUri }} and {{ jobId }} into the scripts is safe: SSM substitutes them
 * as text before the shell reads the command, but only after checking each against its
 * allowedPattern, which admits `s3://`, this bucket's name ([a-z0-9.-]), `/transfers/`, 8 to 64
 * letters, digits or hyphens, and `/manifest.json` — no quote, space, `$`, backtick,
 * backslash, `;` or newline. Inside single quotes such text is only text, and it lands in a
 * variable assignment, never in a command's position. The script checks both again, and every
 * file name comes from the manifest, never from the command line.
 */
const HEREDOC_END = 'RUSHES_TRANSFER_SCRIPT_END';

function linuxCommands(): string[] {
  const script = scriptLines(TRANSFER_SCRIPTS.linux);
  if (script.includes(HEREDOC_END)) throw new Error(`rushes-transfer.sh has a line ${HEREDOC_END}, which would end its embedding early`);
  return [
    "# Rushes transfer. The values below can only be what the parameters' allowedPattern admits",
    '# (no quote, space, $, backtick or newline), so single quotes keep them plain text.',
    `RUSHES_MANIFEST_URI='{{ ${TRANSFER_DOCUMENT_PARAMETERS.manifestUri} }}'`,
    `RUSHES_JOB_ID='{{ ${TRANSFER_DOCUMENT_PARAMETERS.jobId} }}'`,
    'RUSHES_SCRIPT=$(mktemp "${TMPDIR:-/tmp}/rushes-transfer-script.XXXXXX") || exit 1',
    // A quoted here-document: the shell expands nothing in the script's text.
    `cat > "$RUSHES_SCRIPT" <<'${HEREDOC_END}'`,
    ...script,
    HEREDOC_END,
    'sh "$RUSHES_SCRIPT" "$RUSHES_MANIFEST_URI" "$RUSHES_JOB_ID"',
    'RUSHES_STATUS=$?',
    'rm -f "$RUSHES_SCRIPT"',
    'exit $RUSHES_STATUS',
  ];
}

function windowsCommands(): string[] {
  return [
    "# Rushes transfer. The values below can only be what the parameters' allowedPattern admits",
    '# (no quote, space, $, backtick or newline), so single quotes keep them plain text.',
    `$RushesManifestUri = '{{ ${TRANSFER_DOCUMENT_PARAMETERS.manifestUri} }}'`,
    `$RushesJobId = '{{ ${TRANSFER_DOCUMENT_PARAMETERS.jobId} }}'`,
    // The script as a script block: its text is code the document carries, never built from input.
    '$RushesTransfer = {',
    ...scriptLines(TRANSFER_SCRIPTS.windows),
    '}',
    '& $RushesTransfer $RushesManifestUri $RushesJobId',
  ];
}
