import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOG_INDEXES } from '../../lambdas/src/adapters/dynamo/schema';
import { profileFromOutputs } from '../src/outputs';
import { asList, iamStatements, resourcesOf, synthesize, type Templates } from './synthesize';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// One synthesis for the whole file: what holds across all six stacks (IAM, idle cost, outputs, context).
let t: Templates;
let all: Templates[keyof Templates][];
beforeAll(() => {
  ({ templates: t } = synthesize());
  all = Object.values(t);
}, heavyTimeout(120_000));

type Json = Record<string, unknown>;
const props = (resource: Json) => resource['Properties'] as Json;

describe('least privilege', () => {
  it('has no IAM statement that allows an S3 action on "*"', () => {
    const offenders = all.flatMap(iamStatements).filter(({ statement }) => {
      const actions = asList(statement['Action'] as string | string[]);
      const resources = asList(statement['Resource'] as unknown);
      return statement['Effect'] === 'Allow' && actions.some((a) => a === '*' || a.startsWith('s3:')) && resources.some((r) => r === '*');
    });
    expect(offenders).toEqual([]);
    // The check above sees statements at all (a broken walker would find none).
    expect(
      all.flatMap(iamStatements).filter(({ statement }) => asList(statement['Action'] as string[]).some((a) => a.startsWith('s3:'))).length,
    ).toBeGreaterThan(3);
  });

  it('allows no action with a wildcard: no "*", no "s3:*", no "s3:GetObject*"', () => {
    const wild = all
      .flatMap(iamStatements)
      .filter(({ statement }) => statement['Effect'] === 'Allow')
      .flatMap(({ owner, statement }) =>
        asList(statement['Action'] as string[])
          .filter((a) => a.includes('*'))
          .map((a) => `${owner}: ${a}`),
      );
    expect(wild).toEqual([]);
  });

  it('attaches no AWS managed policy to any role', () => {
    for (const template of all) {
      for (const [id, role] of resourcesOf(template, 'AWS::IAM::Role')) expect(props(role)['ManagedPolicyArns'], id).toBeUndefined();
    }
  });

  it('lets the Lambdas read and write the catalog table and its indexes by name, never "index/*"', () => {
    const dynamo = all
      .flatMap(iamStatements)
      .filter(({ statement }) => asList(statement['Action'] as string[]).some((a) => a.startsWith('dynamodb:')))
      // The push channel's and the user-activity recorder's grants are narrower still, each
      // checked in push.test.ts and authUserActivity.test.ts.
      .filter(({ owner }) => !owner.startsWith('Push') && !owner.startsWith('UserActivity'));
    expect(dynamo.map(({ owner }) => owner.replace(/ServiceRole.*$/, '')).sort()).toEqual([
      'Ingest',
      'JobStatus',
      'LookRendersDeadLetterHandler',
      'LookRendersWorker',
      'RecoveryIngestFailed',
      'Router',
      'TransferStatus',
    ]);
    for (const { owner, statement } of dynamo) {
      const resources = asList(statement['Resource'] as unknown[]).map((r) => JSON.stringify(r));
      expect(
        resources.filter((r) => r.includes('*')),
        owner,
      ).toEqual([]);
      const indexes = resources.map((r) => /"\/index\/([^"]+)"/.exec(r)?.[1]).filter(Boolean);
      expect(indexes.sort(), owner).toEqual(CATALOG_INDEXES.map((index) => index.indexName).sort());
    }
  });

  it('gives every Lambda its own log group with a retention', () => {
    let functions = 0;
    for (const template of all) {
      const groups = template.findResources('AWS::Logs::LogGroup');
      for (const [id, fn] of resourcesOf(template, 'AWS::Lambda::Function')) {
        functions += 1;
        const ref = ((props(fn)['LoggingConfig'] as Json | undefined)?.['LogGroup'] as Json | undefined)?.['Ref'];
        expect(ref, `${id} has no log group of its own`).toBeTypeOf('string');
        expect((groups[ref as string]?.['Properties'] as Json)['RetentionInDays'], id).toBe(30);
        // Its role may write to that log group and no other (AWSLambdaBasicExecutionRole would allow any).
        const roleId = ((props(fn)['Role'] as Json)['Fn::GetAtt'] as string[])[0]!;
        const logging = iamStatements(template).filter(
          ({ owner, statement }) =>
            owner.startsWith(roleId.replace(/[0-9A-F]{8}$/, '')) && JSON.stringify(statement['Action']).includes('logs:'),
        );
        expect(
          logging.map(({ statement }) => statement),
          id,
        ).toEqual([
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: { 'Fn::GetAtt': [ref, 'Arn'] },
          },
        ]);
      }
    }
    expect(functions).toBe(10);
  });
});

describe('idle cost', () => {
  // Billed by the hour whether used or not; none may be in the default deploy.
  const alwaysOn = [
    'AWS::EC2::NatGateway',
    'AWS::EC2::Instance',
    'AWS::EC2::VPC',
    'AWS::OpenSearchService::Domain',
    'AWS::Elasticsearch::Domain',
    'AWS::RDS::DBInstance',
    'AWS::RDS::DBCluster',
    'AWS::ECS::Service',
    'AWS::ECS::Cluster',
    'AWS::EKS::Cluster',
    'AWS::ElastiCache::CacheCluster',
    'AWS::ElasticLoadBalancingV2::LoadBalancer',
    'AWS::KMS::Key',
    'AWS::MediaConvert::Queue',
    'AWS::Lambda::Version',
  ];

  it('has no always-on billed resource', () => {
    const found = all.flatMap((template) =>
      Object.values(template.toJSON()['Resources'] as Record<string, Json>)
        .map((r) => r['Type'] as string)
        .filter((type) => alwaysOn.includes(type)),
    );
    expect(found).toEqual([]);
  });

  it('bills the table per request and keeps no Lambda warm', () => {
    for (const template of all) {
      for (const [, table] of resourcesOf(template, 'AWS::DynamoDB::Table')) expect(props(table)['BillingMode']).toBe('PAY_PER_REQUEST');
      for (const [, fn] of resourcesOf(template, 'AWS::Lambda::Function'))
        expect(props(fn)['ProvisionedConcurrencyConfig']).toBeUndefined();
      template.resourceCountIs('AWS::Lambda::Alias', 0);
    }
  });
});

describe('outputs', () => {
  it('publish everything the desktop’s connection profile needs', () => {
    const outputs: Record<string, Record<string, string>> = {};
    for (const [name, template] of Object.entries(t)) {
      outputs[name] = Object.fromEntries(Object.keys(template.toJSON()['Outputs'] ?? {}).map((key) => [key, sample(key)]));
    }
    expect(profileFromOutputs(outputs)).toMatchObject({
      mode: 'cloud',
      apiUrl: 'https://example.execute-api.us-east-1.amazonaws.com',
      pushUrl: 'wss://push.execute-api.us-east-1.amazonaws.com/live',
    });
  });
});

describe('context', () => {
  it(
    'creates the first admin in the admin group when an e-mail is given, and names stacks after the environment',
    { timeout: heavyTimeout(120_000) },
    () => {
      const { stacks, templates } = synthesize({ adminEmail: 'Boss@Example.com', envName: 'prod', removalPolicy: 'destroy' });
      expect(stacks.api.stackName).toBe('Rushes-prod-Api');
      templates.auth.hasResourceProperties('AWS::Cognito::UserPoolUser', {
        Username: 'boss@example.com',
        DesiredDeliveryMediums: ['EMAIL'],
      });
      templates.auth.hasResourceProperties('AWS::Cognito::UserPoolUserToGroupAttachment', { GroupName: 'admin' });
      // destroy: buckets and table go with the stack; retain (the default) keeps them.
      for (const [, bucket] of resourcesOf(templates.storage, 'AWS::S3::Bucket')) expect(bucket['DeletionPolicy']).toBe('Delete');
      for (const [, bucket] of resourcesOf(t.storage, 'AWS::S3::Bucket')) expect(bucket['DeletionPolicy']).toBe('Retain');
      for (const [, table] of resourcesOf(t.catalog, 'AWS::DynamoDB::Table')) expect(table['DeletionPolicy']).toBe('Retain');
    },
  );

  it('refuses a bad environment name, e-mail, removal policy or a "*" origin, naming the setting', () => {
    expect(() => synthesize({ envName: 'no spaces' })).toThrow(/envName/);
    expect(() => synthesize({ adminEmail: 'not-an-email' })).toThrow(/adminEmail/);
    expect(() => synthesize({ removalPolicy: 'sometimes' })).toThrow(/removalPolicy/);
    expect(() => synthesize({ appOrigins: '*' })).toThrow(/appOrigins/);
  });
});

function sample(outputKey: string): string {
  if (outputKey === 'ApiUrl') return 'https://example.execute-api.us-east-1.amazonaws.com';
  if (outputKey === 'Region') return 'us-east-1';
  if (outputKey === 'PushUrl') return 'wss://push.execute-api.us-east-1.amazonaws.com/live';
  return `sample-${outputKey.toLowerCase()}`;
}
