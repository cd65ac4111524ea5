import { readFile } from 'node:fs/promises';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_GROUPS, routes } from '@rushes/shared';
import { CATALOG_INDEXES, CATALOG_KEYS } from '../../lambdas/src/adapters/dynamo/schema';
import { UPLOAD_ACTIONS } from '../../lambdas/src/adapters/uploadCredentials';
import { readApiConfig } from '../../lambdas/src/handlers/cloud/config';
import { DIRECTORY_ACTIONS } from '../src/stacks/api';
import { asList, iamStatements, lambdaEnv, resourcesOf, synthesize, type Templates } from './synthesize';

// One synthesis for the whole file (STYLE: CDK assertion tests for IAM, encryption, wiring): storage, auth, catalog, api.
let t: Templates;
beforeAll(() => {
  ({ templates: t } = synthesize());
}, 120_000);

type Json = Record<string, unknown>;
const props = (resource: Json) => resource['Properties'] as Json;

describe('storage', () => {
  it('has the media, derived and access log buckets, each with all public access blocked, SSE encryption and TLS-only access', () => {
    const buckets = resourcesOf(t.storage, 'AWS::S3::Bucket');
    expect(buckets.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual(['AccessLogs', 'Derived', 'Media']);
    for (const [, bucket] of buckets) {
      expect(props(bucket)['PublicAccessBlockConfiguration']).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(props(bucket)['BucketEncryption']).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
      expect(props(bucket)['OwnershipControls']).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
      expect(props(bucket)['AccessControl']).toBeUndefined();
    }
    const policies = resourcesOf(t.storage, 'AWS::S3::BucketPolicy');
    expect(policies).toHaveLength(3);
    for (const [, policy] of policies) {
      const statements = (props(policy)['PolicyDocument'] as Json)['Statement'] as Json[];
      expect(statements).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
      const allows = statements.filter((s) => s['Effect'] === 'Allow');
      if (!JSON.stringify(props(policy)['Bucket']).includes('AccessLogs')) {
        // Nothing in the media or derived bucket's policy grants anyone access.
        expect(allows).toEqual([]);
        continue;
      }
      // The log bucket lets S3's log delivery put objects, from this account's two buckets, each under its prefix only.
      expect(allows).toHaveLength(2);
      for (const [bucket, prefix] of [
        ['Media', 'media'],
        ['Derived', 'derived'],
      ] as const) {
        expect(allows).toContainEqual({
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^AccessLogs/), 'Arn'] }, `/${prefix}/*`]] },
          Condition: {
            ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [expect.stringMatching(new RegExp(`^${bucket}`)), 'Arn'] } },
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          },
        });
      }
    }
  });

  it('logs every request to the media and derived buckets into the log bucket, which expires logs after a year', () => {
    const buckets = Object.fromEntries(resourcesOf(t.storage, 'AWS::S3::Bucket').map(([id, b]) => [id.replace(/[0-9A-F]{8}$/, ''), b]));
    const logBucket = resourcesOf(t.storage, 'AWS::S3::Bucket').find(([id]) => id.startsWith('AccessLogs'))![0];
    expect(props(buckets['Media']!)['LoggingConfiguration']).toEqual({
      DestinationBucketName: { Ref: logBucket },
      LogFilePrefix: 'media/',
    });
    expect(props(buckets['Derived']!)['LoggingConfiguration']).toEqual({
      DestinationBucketName: { Ref: logBucket },
      LogFilePrefix: 'derived/',
    });
    expect(props(buckets['AccessLogs']!)['LoggingConfiguration']).toBeUndefined();
    expect((props(buckets['AccessLogs']!)['LifecycleConfiguration'] as Json)['Rules']).toContainEqual(
      expect.objectContaining({ ExpirationInDays: 365, Status: 'Enabled' }),
    );
  });

  it('versions the media bucket, sends its events to EventBridge, and aborts unfinished multipart uploads in both', () => {
    t.storage.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: 'Enabled' })]),
      },
    });
    for (const [, bucket] of resourcesOf(t.storage, 'AWS::S3::Bucket')) {
      const rules = (props(bucket)['LifecycleConfiguration'] as Json)['Rules'] as Json[];
      expect(rules).toContainEqual(
        expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, Status: 'Enabled' }),
      );
    }
  });

  it('allows cross-origin GET and HEAD (playback) from the app’s origins only, never "*"; the log bucket not at all', () => {
    const buckets = resourcesOf(t.storage, 'AWS::S3::Bucket');
    const served = buckets.filter(([id]) => !id.startsWith('AccessLogs'));
    expect(served).toHaveLength(2);
    for (const [, logs] of buckets.filter(([id]) => id.startsWith('AccessLogs'))) expect(props(logs)['CorsConfiguration']).toBeUndefined();
    for (const [, bucket] of served) {
      const rules = (props(bucket)['CorsConfiguration'] as Json)['CorsRules'] as Json[];
      expect(rules).toHaveLength(1);
      expect(rules[0]!['AllowedMethods']).toEqual(['GET', 'HEAD']);
      expect(rules[0]!['AllowedOrigins']).toEqual(['http://127.0.0.1:4780', 'http://localhost:4780', 'file://']);
    }
  });
});

describe('auth', () => {
  it('lets only admins create users, with a length-first password policy (12 characters, no composition rules)', () => {
    t.auth.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ['email'],
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: false,
          RequireUppercase: false,
          RequireNumbers: false,
          RequireSymbols: false,
          TemporaryPasswordValidityDays: 7,
        },
      },
    });
  });

  it('offers TOTP as the only second factor, on the Plus plan with threat protection enforced', () => {
    t.auth.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
    const [[, risk]] = resourcesOf(t.auth, 'AWS::Cognito::UserPoolRiskConfigurationAttachment') as [[string, Json]];
    expect(props(risk)).toMatchObject({
      ClientId: { Ref: expect.stringMatching(/^UsersDesktop/) },
      CompromisedCredentialsRiskConfiguration: {
        Actions: { EventAction: 'BLOCK' },
        EventFilter: ['SIGN_IN', 'PASSWORD_CHANGE', 'SIGN_UP'],
      },
      AccountTakeoverRiskConfiguration: {
        Actions: {
          LowAction: { EventAction: 'NO_ACTION', Notify: false },
          MediumAction: { EventAction: 'MFA_IF_CONFIGURED', Notify: false },
          HighAction: { EventAction: 'MFA_IF_CONFIGURED', Notify: false },
        },
      },
    });
  });

  it('keeps a session a working day: refresh tokens 12 hours, access and ID tokens 1 hour, revocable', () => {
    t.auth.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      RefreshTokenValidity: 720,
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      EnableTokenRevocation: true,
    });
  });

  it('has the groups local mode has: admin, media-managers, editors', () => {
    const groups = resourcesOf(t.auth, 'AWS::Cognito::UserPoolGroup').map(([, g]) => props(g)['GroupName']);
    expect(groups.sort()).toEqual(BUILT_IN_GROUPS.map((g) => g.name).sort());
    expect(groups).toEqual(expect.arrayContaining(['admin', 'media-managers', 'editors']));
  });

  it('has one public app client: no secret; password, SRP and refresh sign-in only', () => {
    const clients = resourcesOf(t.auth, 'AWS::Cognito::UserPoolClient');
    expect(clients).toHaveLength(1);
    const client = props(clients[0]![1]);
    expect(client['GenerateSecret']).toBe(false);
    expect([...(client['ExplicitAuthFlows'] as string[])].sort()).toEqual([
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_USER_SRP_AUTH',
    ]);
    expect(client['PreventUserExistenceErrors']).toBe('ENABLED');
  });

  it('creates no user unless an initial admin e-mail is given', () => {
    t.auth.resourceCountIs('AWS::Cognito::UserPoolUser', 0);
  });
});

describe('catalog', () => {
  it('is on-demand with point-in-time recovery, keyed and indexed as the DynamoDB adapter expects', () => {
    const tables = resourcesOf(t.catalog, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    const table = props(tables[0]![1]);
    expect(table['BillingMode']).toBe('PAY_PER_REQUEST');
    expect(table['PointInTimeRecoverySpecification']).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table['KeySchema']).toEqual([
      { AttributeName: CATALOG_KEYS.partitionKey, KeyType: 'HASH' },
      { AttributeName: CATALOG_KEYS.sortKey, KeyType: 'RANGE' },
    ]);
    const indexes = (table['GlobalSecondaryIndexes'] as Json[]).map((index) => ({
      indexName: index['IndexName'],
      keys: index['KeySchema'],
      projection: index['Projection'],
    }));
    expect(indexes).toEqual(
      CATALOG_INDEXES.map((index) => ({
        indexName: index.indexName,
        keys: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        projection: { ProjectionType: 'ALL' },
      })),
    );
    for (const attribute of table['AttributeDefinitions'] as Json[]) expect(attribute['AttributeType']).toBe('S');
  });

  it('streams new and old images (the fan-out compares feed tokens) and lets feed notes expire by TTL', () => {
    const table = props(resourcesOf(t.catalog, 'AWS::DynamoDB::Table')[0]![1]);
    expect(table['StreamSpecification']).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(table['TimeToLiveSpecification']).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    // The TTL attribute is not a key: the indexes, and so the attribute definitions, never name it.
    expect((table['AttributeDefinitions'] as Json[]).map((attribute) => attribute['AttributeName'])).not.toContain('expiresAt');
  });
});

describe('api', () => {
  const routeList = Object.values(routes);

  it('has one route per entry of the shared route table and no catch-all', () => {
    const keys = resourcesOf(t.api, 'AWS::ApiGatewayV2::Route').map(([, r]) => props(r)['RouteKey']);
    expect(keys.sort()).toEqual(routeList.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('puts the Cognito JWT authorizer on every route except health', () => {
    const authorizers = resourcesOf(t.api, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizers).toHaveLength(1);
    const [authorizerId, authorizer] = authorizers[0]!;
    expect(props(authorizer)['AuthorizerType']).toBe('JWT');
    const jwt = JSON.stringify(props(authorizer)['JwtConfiguration']);
    expect(jwt).toMatch(/"Issuer":.*https:\/\/cognito-idp\..*Auth:ExportsOutputRefUsers/);
    expect(jwt).toMatch(/"Audience":\[\{"Fn::ImportValue":"Rushes-dev-Auth:ExportsOutputRefUsersDesktop/);
    for (const [, route] of resourcesOf(t.api, 'AWS::ApiGatewayV2::Route')) {
      const key = props(route)['RouteKey'];
      if (key === 'GET /v1/health') {
        expect(props(route)['AuthorizationType']).toBe('NONE');
      } else {
        expect(props(route)['AuthorizationType'], String(key)).toBe('JWT');
        expect(props(route)['AuthorizerId'], String(key)).toEqual({ Ref: authorizerId });
      }
    }
    expect(routeList.filter((r) => !r.auth).map((r) => r.path)).toEqual(['/v1/health']);
  });

  it('throttles the stage', () => {
    t.api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
    });
  });

  it('logs each request as one JSON line (request id, user, route, status; no path or query) to a log group kept a year', () => {
    const [[stageId, stage]] = resourcesOf(t.api, 'AWS::ApiGatewayV2::Stage') as [[string, Json]];
    const settings = props(stage)['AccessLogSettings'] as Json;
    const groupId = ((settings['DestinationArn'] as Json)['Fn::GetAtt'] as string[])[0]!;
    expect(props(t.api.findResources('AWS::Logs::LogGroup')[groupId]!)['RetentionInDays'], stageId).toBe(365);
    const fields = JSON.parse(settings['Format'] as string) as Record<string, string>;
    expect(fields).toMatchObject({
      requestId: '$context.requestId',
      user: '$context.authorizer.claims.sub',
      route: '$context.routeKey',
      status: '$context.status',
    });
    expect(Object.values(fields).filter((v) => /\$context\.(path|rawPath|rawQueryString)\b/.test(v))).toEqual([]);
  });

  it('has an upload role that only the API may assume and that can only put objects into the media bucket', () => {
    const roles = resourcesOf(t.api, 'AWS::IAM::Role').filter(([id]) => id.startsWith('UploadRole'));
    expect(roles).toHaveLength(1);
    const [roleId, role] = roles[0]!;
    const trust = (props(role)['AssumeRolePolicyDocument'] as Json)['Statement'] as Json[];
    expect(trust).toHaveLength(1);
    expect(JSON.stringify(trust[0]!['Principal'])).toMatch(/RouterServiceRole/);
    const statements = iamStatements(t.api).filter(({ owner }) => owner.startsWith('UploadRole'));
    expect(statements.flatMap(({ statement }) => asList(statement['Action'] as string[]))).toEqual([...UPLOAD_ACTIONS]);
    expect(JSON.stringify(statements.map(({ statement }) => statement['Resource']))).toMatch(
      /Storage:ExportsOutputFnGetAttMedia[^"]*Arn[^\]]*"\/\*"/,
    );
    expect(roleId).toBeTruthy();
  });

  it('grants the router exactly the Cognito calls the directory adapter makes', async () => {
    const source = await readFile(new URL('../../lambdas/src/adapters/cognitoDirectory.ts', import.meta.url), 'utf8');
    const used = [...new Set([...source.matchAll(/new (\w+)Command\(/g)].map((match) => `cognito-idp:${match[1]}`))].sort();
    expect([...DIRECTORY_ACTIONS].sort()).toEqual(used);
  });

  it('lets the router call exactly the listed Cognito admin actions, on this user pool only', () => {
    const cognito = iamStatements(t.api).filter(({ statement }) =>
      asList(statement['Action'] as string[]).some((a) => a.startsWith('cognito-idp:')),
    );
    expect(cognito).toHaveLength(1);
    expect(asList(cognito[0]!.statement['Action'] as string[]).sort()).toEqual([...DIRECTORY_ACTIONS].sort());
    expect(JSON.stringify(cognito[0]!.statement['Resource'])).toEqual(
      '{"Fn::ImportValue":"Rushes-dev-Auth:ExportsOutputFnGetAttUsers0A0EEA89Arn6658B146"}',
    );
  });

  it('lets the router only read and delete derivatives (presigned GETs, purge), write transfer manifests, and write, move and delete media', () => {
    const s3 = iamStatements(t.api).filter(
      ({ owner, statement }) =>
        owner.startsWith('RouterServiceRole') && asList(statement['Action'] as string[]).some((a) => a.startsWith('s3:')),
    );
    const on = (bucket: RegExp) =>
      s3
        .filter(({ statement }) => bucket.test(JSON.stringify(statement['Resource'])))
        .flatMap(({ statement }) => asList(statement['Action'] as string[]))
        .sort();
    expect(on(/ExportsOutputFnGetAttDerived/)).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:PutObject']);
    const puts = s3.filter(
      ({ statement }) =>
        asList(statement['Action'] as string[]).includes('s3:PutObject') && /Derived/.test(JSON.stringify(statement['Resource'])),
    );
    expect(puts).toHaveLength(1);
    expect(JSON.stringify(puts[0]!.statement['Resource'])).toMatch(/"\/transfers\/\*\/manifest\.json"\]/);
    expect(on(/ExportsOutputFnGetAttMedia/)).toEqual([
      's3:AbortMultipartUpload',
      's3:DeleteObject',
      's3:GetObject',
      's3:ListBucket',
      's3:ListMultipartUploadParts',
      's3:PutObject',
    ]);
  });

  it('gives the router Lambda every setting its config parser requires', () => {
    const env = lambdaEnv(t.api, 'Router');
    // The queue URL is a token here (set: lookRenderQueue.test.ts); the parser wants an https URL.
    expect(env['RUSHES_RENDER_QUEUE_URL']).toBe('token:RUSHES_RENDER_QUEUE_URL');
    const queueUrl = 'https://sqs.us-east-1.amazonaws.com/123456789012/renders';
    expect(() => readApiConfig({ ...env, AWS_REGION: 'us-east-1', RUSHES_RENDER_QUEUE_URL: queueUrl })).not.toThrow();
  });
});
