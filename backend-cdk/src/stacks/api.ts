import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpNoneAuthorizer, LogGroupLogDestination, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { routes, transferManifestKey } from '@rushes/shared';
import pkg from '../../../package.json' with { type: 'json' };
import { cloudEnvNames } from '../../../lambdas/src/handlers/cloud/config';
import { UPLOAD_ACTIONS, UPLOAD_CREDENTIAL_SECONDS } from '../../../lambdas/src/adapters/uploadCredentials';
import type { RushesContext } from '../config';
import { RushesFunction } from '../lambdaFunction';
import { acknowledge, objectsFinding, wildcardFinding } from '../nag';
import { outputNames } from '../outputs';
import type { LookRenderQueue } from './lookRenderQueue';
import { grantCatalogData } from './catalog';
import { transferNames } from './transfers';

/**
 * Cognito admin calls the API makes for the directory and the user administration screens.
 * Listed one by one, on this user pool only.
 */
export const DIRECTORY_ACTIONS = [
  'ListUsers',
  'ListGroups',
  'ListUsersInGroup',
  'AdminListGroupsForUser',
  'AdminCreateUser',
  'AdminDisableUser',
  'AdminEnableUser',
  'AdminSetUserPassword',
  'AdminDeleteUser',
  'AdminGetUser',
  'GetGroup',
  'CreateGroup',
  'DeleteGroup',
  'AdminAddUserToGroup',
  'AdminRemoveUserFromGroup',
  // Two-step sign-in: an admin's reset, and signing a disabled user out everywhere.
  'AdminSetUserMFAPreference',
  'AdminUserGlobalSignOut',
].map((action) => `cognito-idp:${action}`);

/** API access logs are audit material: kept a year, as the buckets' access logs are. */
export const API_ACCESS_LOG_RETENTION = RetentionDays.ONE_YEAR;

/**
 * One JSON line per request: who (the token's subject, never a file name: paths and query
 * strings are left out), which route, the answer, and how long it took.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  time: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  user: '$context.authorizer.claims.sub',
  route: '$context.routeKey',
  status: '$context.status',
  bytes: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
};

export interface ApiProps extends StackProps {
  context: RushesContext;
  media: Bucket;
  derived: Bucket;
  table: Table;
  userPool: UserPool;
  appClient: UserPoolClient;
  /** Look re-renders: the router sends batches to this queue and cancels their jobs. */
  lookRenders?: LookRenderQueue;
}

/**
 * The HTTP API: one route per entry of the shared route table, each behind Cognito's JWT
 * authorizer unless the table says it needs no sign-in (health); all to the router Lambda.
 * Uploads: the role whose credentials the API hands out, narrowed per upload by a session
 * policy to the exact keys (lambdas/src/adapters/uploadCredentials.ts).
 */
export class ApiStack extends Stack {
  readonly httpApi: HttpApi;
  readonly router: RushesFunction;
  readonly uploadRole: Role;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id, props);
    const { context, media, derived, table, userPool, appClient } = props;
    const transfers = transferNames(context);

    this.router = new RushesFunction(this, 'Router', {
      handlerFile: 'api',
      removalPolicy: context.removalPolicy,
      description: 'Rushes API: the router local mode runs, behind API Gateway.',
      memorySize: 1024,
      environment: {
        [cloudEnvNames.userPoolId]: userPool.userPoolId,
        [cloudEnvNames.appClientId]: appClient.userPoolClientId,
        [cloudEnvNames.table]: table.tableName,
        [cloudEnvNames.mediaBucket]: media.bucketName,
        [cloudEnvNames.derivedBucket]: derived.bucketName,
        [cloudEnvNames.version]: pkg.version,
        [cloudEnvNames.transferDocumentWindows]: transfers.documents.windows,
        [cloudEnvNames.transferDocumentLinux]: transfers.documents.linux,
        [cloudEnvNames.transferLogGroup]: transfers.logGroup,
      },
    });

    // The upload role: its own policy caps what any session may do; each session policy narrows it to exact keys.
    this.uploadRole = new Role(this, 'UploadRole', {
      assumedBy: this.router.grantPrincipal,
      maxSessionDuration: Duration.seconds(Math.max(UPLOAD_CREDENTIAL_SECONDS, 3600)),
      description: 'Rushes uploads: assumed by the API with a session policy naming the exact keys.',
    });
    this.uploadRole.addToPolicy(new PolicyStatement({ actions: [...UPLOAD_ACTIONS], resources: [media.arnForObjects('*')] }));
    this.uploadRole.grantAssumeRole(this.router.grantPrincipal);
    this.router.addEnvironment(cloudEnvNames.uploadRoleArn, this.uploadRole.roleArn);
    acknowledge(
      this.uploadRole,
      objectsFinding(this.uploadRole, media, '*'),
      'The cap on what any upload session may do, on the media bucket only; each session policy the API ' +
        'attaches narrows it to the exact keys of one upload into a folder the user may write.',
    );

    grantCatalogData(table, this.router);
    props.lookRenders?.grantRouter(this.router);
    // Library: head, presigned downloads, move (copy + delete, multipart copy over 5 GB); ListBucket so a missing key is a 404.
    this.router.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        resources: [media.arnForObjects('*')],
      }),
    );
    this.router.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [media.bucketArn] }));
    // Derivatives: presigned GETs, and deleting an asset's own when an admin empties the trash.
    this.router.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:GetObject', 's3:DeleteObject'], resources: [derived.arnForObjects('*')] }),
    );
    // Enrolment's VerifySoftwareToken and SetUserMFAPreference carry the user's access token:
    // Cognito evaluates no IAM policy for them, so none is granted.
    this.router.addToRolePolicy(new PolicyStatement({ actions: DIRECTORY_ACTIONS, resources: [userPool.userPoolArn] }));
    // Transfers: the manifest next to which the workstation writes its result; the project's two
    // documents only, on any managed instance (which workstation is the API's check, per job).
    this.router.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:PutObject'], resources: [derived.arnForObjects(transferManifestKey('*'))] }),
    );
    this.router.addToRolePolicy(
      new PolicyStatement({
        actions: ['ssm:SendCommand'],
        resources: [
          ...Object.values(transfers.documents).map((name) => `arn:${this.partition}:ssm:${this.region}:${this.account}:document/${name}`),
          `arn:${this.partition}:ec2:${this.region}:${this.account}:instance/*`,
          `arn:${this.partition}:ssm:${this.region}:${this.account}:managed-instance/*`,
        ],
      }),
    );
    // CancelCommand names no resource type in IAM: a command id is all it takes.
    this.router.addToRolePolicy(new PolicyStatement({ actions: ['ssm:CancelCommand'], resources: ['*'] }));
    this.acknowledgeRouterWildcards(media, derived);

    const jwt = new HttpJwtAuthorizer('Cognito', `https://cognito-idp.${this.region}.amazonaws.com/${userPool.userPoolId}`, {
      jwtAudience: [appClient.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });
    this.httpApi = new HttpApi(this, 'Http', {
      apiName: context.resourceName,
      description: 'Rushes API',
      // The desktop's main process calls the API; no browser does, so no CORS.
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: API_ACCESS_LOG_RETENTION, removalPolicy: context.removalPolicy });
    this.httpApi.addStage('Stage', {
      stageName: '$default',
      autoDeploy: true,
      // Abuse stays cheap: API Gateway refuses beyond this rate before any Lambda runs.
      throttle: { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    const integration = new HttpLambdaIntegration('Router', this.router);
    for (const spec of Object.values(routes)) {
      const authorizer: IHttpRouteAuthorizer = spec.auth ? jwt : new HttpNoneAuthorizer();
      const [route] = this.httpApi.addRoutes({ path: spec.path, methods: [spec.method as HttpMethod], integration, authorizer });
      if (!spec.auth && route) {
        acknowledge(
          route,
          'APIG4',
          'The health check must answer before sign-in (monitoring, and telling "backend down" from "signed out"); ' +
            'it returns status, service name, version, mode and time only, and reads no catalog, bucket or user.',
        );
      }
    }

    new CfnOutput(this, outputNames.apiUrl, { value: this.httpApi.apiEndpoint });
  }

  /** The router's grants that must name a pattern, each acknowledged for this role and that resource only. */
  private acknowledgeRouterWildcards(media: Bucket, derived: Bucket): void {
    const role = this.router.serviceRole;
    const arn = (resource: string) => `arn:${this.partition}:${resource}`;
    const reasons: [string, string][] = [
      [
        objectsFinding(role, media, '*'),
        'Media keys are the folders and file names users choose; which objects a user may touch is decided per ' +
          'request by the API against the folder ACLs. This bucket only.',
      ],
      [
        objectsFinding(role, derived, '*'),
        "Derivatives are keyed by asset id; the API hands out presigned GETs and purges derivatives only of assets the user's folder ACLs allow. This bucket only.",
      ],
      [
        objectsFinding(role, derived, transferManifestKey('*')),
        'Each transfer job writes its manifest under its own id, unknown until the job exists; PutObject on manifest.json under transfers/ only.',
      ],
      [
        wildcardFinding(role, arn(`ec2:${this.region}:${this.account}:instance/*`)),
        'Workstations are registered by admins at run time; the API sends a command only to the workstation the user ' +
          'may use, and only the two Rushes documents (named in the same statement).',
      ],
      [
        wildcardFinding(role, arn(`ssm:${this.region}:${this.account}:managed-instance/*`)),
        'On-premises workstations (mi-…) are registered at run time, like EC2 ones; the same per-job check and the two documents apply.',
      ],
      [
        wildcardFinding(role, '*'),
        'ssm:CancelCommand has no resource type in IAM; it is the only action on "*", and cancels a command by its id.',
      ],
    ];
    for (const [finding, reason] of reasons) acknowledge(role, finding, reason);
  }
}
