import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RemovalPolicy } from 'aws-cdk-lib';
import { Duration } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** The repository root: esbuild bundles from here with the root package-lock.json. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Cloud entry points: they import cloud adapters only, never the local runtime. */
export const CLOUD_HANDLERS = path.join(REPO_ROOT, 'lambdas/src/handlers/cloud');

export const LOG_RETENTION = RetentionDays.ONE_MONTH;

export interface RushesFunctionProps extends Omit<NodejsFunctionProps, 'entry' | 'logGroup' | 'runtime' | 'role'> {
  /** The file name under lambdas/src/handlers/cloud, without `.ts`. */
  handlerFile: string;
  removalPolicy: RemovalPolicy;
}

/**
 * A Lambda from one cloud entry point: Node 24 (the newest Lambda runtime aws-cdk-lib knows), ESM,
 * bundled by the repository's own esbuild (no Docker), AWS SDK included so the code runs with the
 * SDK it was tested with, and a log group of its own with a retention, so logs never pile up
 * forever. Its role may write to that log group only: AWS's managed AWSLambdaBasicExecutionRole
 * would let it create and write any log group in the account.
 */
export class RushesFunction extends NodejsFunction {
  /** The function's own role, for grants and for acknowledging what they must leave open. */
  readonly serviceRole: Role;

  constructor(scope: Construct, id: string, props: RushesFunctionProps) {
    const { handlerFile, removalPolicy, bundling, ...rest } = props;
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: LOG_RETENTION, removalPolicy });
    const role = new Role(scope, `${id}ServiceRole`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
    );
    super(scope, id, {
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(29),
      ...rest,
      entry: path.join(CLOUD_HANDLERS, `${handlerFile}.ts`),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      logGroup,
      role,
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        minify: true,
        keepNames: true,
        bundleAwsSDK: true,
        // ESM output has no `require`; some CommonJS dependencies call it.
        banner: "import { createRequire as __rushesRequire } from 'node:module'; const require = __rushesRequire(import.meta.url);",
        forceDockerBundling: false,
        ...bundling,
      },
    });
    this.serviceRole = role;
  }
}
