import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PushConnections } from '../../adapters/dynamo/connections';
import { DynamoCatalog } from '../../adapters/dynamoCatalog';
import { systemClock } from '../../ports';
import { readPushFanOutConfig } from './config';
import { fanOut, handleFeedStream, type FeedPump, type StreamRecord } from './push';

/**
 * The push channel's fan-out, triggered by the catalog table's stream (filtered by the event
 * source to inserted change items and to writes that carry a `feed`). A batch that carries
 * unnumbered changes is numbered first (the pump writes run items, fanned out when they
 * reach a later batch); then each open connection is nudged for the numbered changes it may
 * follow. A pump, catalog or connection-table error throws, so Lambda retries the batch
 * (halving it on error, then the on-failure queue); a failed post does not, since a desktop's
 * safety poll picks up what a lost nudge announced.
 */
const config = readPushFanOutConfig(process.env);
const client = new DynamoDBClient({ region: config.region });
// This Lambda numbers the feed; it reads the stream through the ARN it is given.
const catalog = new DynamoCatalog({
  client,
  tableName: config.table,
  clock: systemClock,
  streamArn: config.catalogStreamArn,
  pumpOnRead: false,
});
const feed: FeedPump = catalog;
const connections = new PushConnections(DynamoDBDocumentClient.from(client), config.connectionTable);
const management = new ApiGatewayManagementApiClient({ region: config.region, endpoint: config.pushEndpoint });

export async function handler(event: { Records?: StreamRecord[]; pump?: string }): Promise<void> {
  const { numbered, report } = await handleFeedStream(event, {
    pump: () => feed.pumpFeed(),
    fanOut: (changes) => fanOut(changes, { catalog, connections, management, log: (message, error) => console.error(message, error) }),
  });
  if (numbered + report.sent + report.gone + report.failed > 0) console.log(JSON.stringify({ push: { numbered, ...report } }));
}
