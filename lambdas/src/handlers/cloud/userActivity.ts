import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CognitoDirectory } from '../../adapters/cognitoDirectory';
import { DynamoCatalog } from '../../adapters/dynamoCatalog';
import { systemClock } from '../../ports';
import { cognitoClient } from './clients';
import { readUserActivityConfig } from './config';
import { decodeSubscription, recordUserActivity } from './userActivityLog';

/**
 * Cognito's user-activity log group's subscription: wrong passwords, wrong authenticator
 * codes and lockouts in the cloud reach Rushes' own audit log, as local mode's guard writes
 * them. Invoked by CloudWatch Logs only when Cognito logs something (nothing runs idle).
 */
const config = readUserActivityConfig(process.env);
const catalog = new DynamoCatalog({
  client: new DynamoDBClient({ region: config.region }),
  tableName: config.table,
  clock: systemClock,
  pumpOnRead: false,
});
const directory = new CognitoDirectory(cognitoClient(config.region), config.userPoolId);

export async function handler(event: unknown): Promise<void> {
  await recordUserActivity(decodeSubscription(event), {
    catalog,
    emailOf: async (username) => (await directory.getUser(username))?.email ?? null,
    log: (line) => console.log(JSON.stringify(line)),
  });
}
