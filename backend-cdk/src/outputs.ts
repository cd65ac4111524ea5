import { ConnectionProfileSchema, type ConnectionProfile } from '@rushes/shared';

/**
 * The CloudFormation outputs the cloud stacks publish, and how they become the connection
 * profile the desktop reads (the same shape local mode writes). `cdk deploy --outputs-file`
 * gives `{ StackName: { OutputName: value } }`.
 */
export const outputNames = {
  region: 'Region',
  apiUrl: 'ApiUrl',
  userPoolId: 'UserPoolId',
  appClientId: 'AppClientId',
  mediaBucket: 'MediaBucketName',
  derivedBucket: 'DerivedBucketName',
} as const;

export function profileFromOutputs(outputsFile: Record<string, Record<string, string>>): ConnectionProfile {
  const merged: Record<string, string> = Object.assign({}, ...Object.values(outputsFile));
  const need = (key: keyof typeof outputNames): string => {
    const value = merged[outputNames[key]];
    if (!value) throw new Error(`The stack outputs have no ${outputNames[key]}; deploy every Rushes stack first.`);
    return value;
  };
  return ConnectionProfileSchema.parse({
    mode: 'cloud',
    region: need('region'),
    apiUrl: need('apiUrl'),
    cognito: { userPoolId: need('userPoolId'), clientId: need('appClientId') },
    s3: { forcePathStyle: false, mediaBucket: need('mediaBucket'), derivedBucket: need('derivedBucket') },
  });
}
