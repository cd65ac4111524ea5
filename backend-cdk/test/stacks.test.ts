import { readFile } from 'node:fs/promises';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_GROUPS, routes } from '@rushes/shared';
import { CATALOG_INDEXES, CATALOG_KEYS } from '../../lambdas/src/adapters/dynamo/schema';
import { UPLOAD_ACTIONS } from '../../lambdas/src/adapters/uploadCredentials';
import { readApiConfig, readIngestConfig, readJobStatusConfig, readTransferStatusConfig } from '../../lambdas/src/handlers/cloud/config';
import { profileFromOutputs } from '../src/outputs';
import { DIRECTORY_ACTIONS } from '../src/stacks/api';
import { TRANSFER_SCRIPTS } from '../src/stacks/transfers';
import { asList, iamStatements, resolveIntrinsic, resourcesOf, synthesize, type Templates } from './synthesize';

// One synthesis for the whole file (STYLE: CDK assertion tests for IAM, encryption, wiring).
let t: Templates;
let all: Templates[keyof Templates][];
beforeAll(() => {
  ({ templates: t } = synthesize());
  all = Object.values(t);
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
  it('lets only admins create users, with a length-first password policy (12 characters, upper case, digit, symbol)', () => {
    t.auth.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ['email'],
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
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
    expect(() => readApiConfig({ ...env, AWS_REGION: 'us-east-1' })).not.toThrow();
  });
});

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

  it('has a MediaConvert role only MediaConvert may assume, passed by the ingest Lambda only to MediaConvert', () => {
    t.processing.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'mediaconvert.amazonaws.com' } }],
      },
    });
    const passRole = iamStatements(t.processing).filter(({ statement }) =>
      asList(statement['Action'] as string[]).includes('iam:PassRole'),
    );
    expect(passRole).toHaveLength(1);
    expect(passRole[0]!.statement['Condition']).toEqual({ StringEquals: { 'iam:PassedToService': 'mediaconvert.amazonaws.com' } });
    expect(JSON.stringify(passRole[0]!.statement['Resource'])).toMatch(/MediaConvertRole/);
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

  it('lets the status Lambda read proxies and write filmstrips and waveforms in the derived bucket only, on x86-64 for its ffmpeg', () => {
    const status = Object.entries(t.processing.findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith('JobStatus'))!;
    expect(status[1]['Properties']).toMatchObject({ Architectures: ['x86_64'], Timeout: 300, MemorySize: 2048 });
    const s3 = iamStatements(t.processing).filter(
      ({ owner, statement }) =>
        owner.startsWith('JobStatus') && asList(statement['Action'] as string[]).some((action) => action.startsWith('s3:')),
    );
    expect(s3.map(({ statement }) => asList(statement['Action'] as string[]).sort())).toEqual([['s3:GetObject', 's3:PutObject']]);
    expect(JSON.stringify(s3[0]!.statement['Resource'])).toMatch(/Derived/);
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
      .filter(({ statement }) => asList(statement['Action'] as string[]).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo.map(({ owner }) => owner.replace(/ServiceRole.*$/, '')).sort()).toEqual([
      'Ingest',
      'JobStatus',
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
    expect(functions).toBe(4);
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
    expect(profileFromOutputs(outputs)).toMatchObject({ mode: 'cloud', apiUrl: 'https://example.execute-api.us-east-1.amazonaws.com' });
  });
});

describe('context', () => {
  it(
    'creates the first admin in the admin group when an e-mail is given, and names stacks after the environment',
    { timeout: 120_000 },
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

function lambdaEnv(template: Templates[keyof Templates], prefix: string): Record<string, string> {
  const fns = resourcesOf(template, 'AWS::Lambda::Function').filter(([id]) => id.startsWith(prefix));
  expect(fns).toHaveLength(1);
  const variables = ((props(fns[0]![1])['Environment'] as Json)['Variables'] ?? {}) as Record<string, unknown>;
  // Tokens (Refs to other resources) become placeholder strings: what matters is that each is set.
  return Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, typeof value === 'string' ? value : `token:${key}`]));
}

function sample(outputKey: string): string {
  if (outputKey === 'ApiUrl') return 'https://example.execute-api.us-east-1.amazonaws.com';
  if (outputKey === 'Region') return 'us-east-1';
  return `sample-${outputKey.toLowerCase()}`;
}
