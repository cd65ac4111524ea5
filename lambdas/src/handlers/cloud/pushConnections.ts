import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PushConnections } from '../../adapters/dynamo/connections';
import { DynamoCatalog } from '../../adapters/dynamoCatalog';
import { CognitoJwtVerifier } from '../../adapters/jwtVerifier';
import { systemClock } from '../../ports';
import { readPushConnectConfig } from './config';
import { pushConnectionRoute, type WebSocketAnswer, type WebSocketEvent } from './push';

/**
 * The push channel's `$connect` and `$disconnect` (API Gateway WebSocket API). WebSocket APIs
 * have no JWT authorizer, so the token is checked here, with the same verifier and rules the
 * local API uses; the pool's issuer and app client are the HTTP API authorizer's.
 */
const config = readPushConnectConfig(process.env);
const client = new DynamoDBClient({ region: config.region });
const issuer = `https://cognito-idp.${config.region}.amazonaws.com/${config.userPoolId}`;
const verifier = new CognitoJwtVerifier({ issuer, jwksUrl: `${issuer}/.well-known/jwks.json`, audience: config.appClientId });
const catalog = new DynamoCatalog({ client, tableName: config.table, clock: systemClock, pumpOnRead: false });
const connections = new PushConnections(DynamoDBDocumentClient.from(client), config.connectionTable);

export async function handler(event: WebSocketEvent): Promise<WebSocketAnswer> {
  return pushConnectionRoute(event, {
    verify: (token) => verifier.verify(token),
    disabledUsers: catalog,
    connections,
    now: Date.now,
    log: (message, error) => console.error(message, error),
  });
}
