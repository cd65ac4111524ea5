/**
 * The CloudFormation outputs the stacks publish and how they become the desktop's connection
 * profile: defined in shared/ because the desktop also reads a `cdk deploy --outputs-file`.
 */
export { outputNames, profileFromOutputs } from '@rushes/shared';
