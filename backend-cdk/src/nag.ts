import { Stack, Validations, type App } from 'aws-cdk-lib';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';

/** The rule pack's name: its report's plugin name and the prefix of its rule ids. */
export const NAG_PACK = 'AwsSolutions';

/**
 * AWS's own rule pack (cdk-nag's AwsSolutions) over every stack of the app: synthesis stops
 * on any finding that no construct acknowledges with a reason.
 */
export function checkWithAwsSolutions(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

/**
 * Acknowledges one finding on one construct (never an app or a stack: `test/nag.test.ts`
 * refuses those), with the reason a security review reads.
 */
export function acknowledge(scope: IConstruct, finding: string, reason: string): void {
  // Namespaced, so cdk-nag still reports the finding and CDK files it with this reason and place
  // among the report's acknowledged violations: the audit trail is the synth's own report.
  Validations.of(scope).acknowledge({ id: `${NAG_PACK}::${NAG_PACK}-${finding}`, reason });
}

/**
 * The wildcard finding (IAM5) that a grant on `<bucket ARN>/<keyPattern>` raises in `grantee`'s
 * stack, spelled exactly as the rule spells it, so an acknowledgment names that one bucket and
 * key pattern and nothing else. A bucket in another stack is seen through its export, whose
 * name CDK derives from the producing stack; asking the producer for it here gives the same name.
 */
export function objectsFinding(grantee: IConstruct, bucket: IBucket, keyPattern: string): string {
  const producer = Stack.of(bucket);
  const arn = producer === Stack.of(grantee) ? bucket.bucketArn : producer.exportValue(bucket.bucketArn);
  return wildcardFinding(grantee, `${arn}/${keyPattern}`);
}

/** The wildcard finding (IAM5) for one resource ARN granted in `grantee`'s stack. */
export function wildcardFinding(grantee: IConstruct, resource: string): string {
  return `IAM5[Resource::${flattenCfnReference(Stack.of(grantee).resolve(resource))}]`;
}
