import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CancelJobCommand, MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { DEFAULT_SECURITY_SETTINGS } from '@rushes/shared';
import { CognitoAuthenticatorApps } from '../../adapters/cognitoAuthenticatorApps';
import { CognitoDirectory } from '../../adapters/cognitoDirectory';
import { CognitoJwtVerifier } from '../../adapters/jwtVerifier';
import { DynamoSecuritySettings } from '../../adapters/securitySettingsStores';
import { sqsMessageSender } from '../../adapters/sqsSender';
import { StsUploadCredentials } from '../../adapters/uploadCredentials';
import { systemClock } from '../../ports';
import { apiServices } from '../apiServices';
import { createApiRouter, gatewayClaimsAuthenticator } from '../router';
import { cloudLookRenderStore, cloudStorage, cloudTransferExecutor, cognitoClient } from './clients';
import { readApiConfig } from './config';
import { httpApiHandler } from './httpApi';
import { queuedLookRenderer } from './lookRenderQueue';

/**
 * The API Lambda: API Gateway (HTTP API, JWT authorizer) → the same router local mode runs.
 * API Gateway has verified the ID token; the router refuses an authenticated route whose
 * event carries no verified claims.
 */
const config = readApiConfig(process.env);
const { catalog, objects, derived } = cloudStorage(config);
const cognito = cognitoClient(config.region);
// API Gateway checks the ID token; the access token an enrolment passes on is checked here, against the same pool.
const issuer = `https://cognito-idp.${config.region}.amazonaws.com/${config.userPoolId}`;
const accessTokens = new CognitoJwtVerifier({ issuer, jwksUrl: `${issuer}/.well-known/jwks.json`, audience: config.appClientId });
const dynamo = new DynamoDBClient({ region: config.region });

/** A look change re-renders through the render queue and its worker; progress and cancel read the catalog table. */
function cloudRenders(queueUrl: string) {
  const send = sqsMessageSender(new SQSClient({ region: config.region }), queueUrl);
  const mediaConvert = new MediaConvertClient({ region: config.region });
  return queuedLookRenderer({
    catalog,
    store: cloudLookRenderStore(config),
    send,
    cancelJob: async (jobId) => void (await mediaConvert.send(new CancelJobCommand({ Id: jobId }))),
    newId: randomUUID,
    log: (message, error) => console.warn(JSON.stringify({ msg: message, error: String(error ?? '').slice(0, 500) })),
  });
}

const route = createApiRouter({
  authenticate: gatewayClaimsAuthenticator(),
  clock: systemClock,
  mode: 'cloud',
  version: config.version,
  ...apiServices({
    catalog,
    objects,
    derived,
    directory: new CognitoDirectory(cognito, config.userPoolId),
    authenticators: new CognitoAuthenticatorApps(cognito, (token) => accessTokens.accessTokenOwner(token)),
    credentials: new StsUploadCredentials(new STSClient({ region: config.region }), {
      roleArn: config.uploadRoleArn,
      bucket: config.mediaBucket,
      region: config.region,
    }),
    clock: systemClock,
    // Saved by an admin in the catalog's table; until then the product's defaults.
    securitySettings: {
      store: new DynamoSecuritySettings(dynamo, config.table),
      defaults: DEFAULT_SECURITY_SETTINGS,
    },
    version: config.version,
    // SSM Run Command of the project's transfer documents on the workstation.
    executor: cloudTransferExecutor(config),
    ...(config.renderQueueUrl ? { renders: cloudRenders(config.renderQueueUrl) } : {}),
  }),
});

export const handler = httpApiHandler(route, randomUUID);
