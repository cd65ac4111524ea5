import { GoneException, PostToConnectionCommand, type ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { decodeJwt } from 'jose';
import { z } from 'zod';
import { DomainError, PUSH_PROTOCOL, tokenFromProtocols } from '@rushes/shared';
import type { PushConnections } from '../../adapters/dynamo/connections';
import { CHANGE_PK } from '../../adapters/dynamo/records';
import { planNudges } from '../../core/push';
import type { Catalog, Change, Principal } from '../../ports';

/** The fan-out's hourly input: number whatever the stream still holds (pushFanOut.ts). */
export const PUMP_EVENT = { pump: 'feed' } as const;

/** A connection is kept until its token expires, and never longer than this. */
export const MAX_CONNECTION_SECONDS = 3 * 60 * 60;

/** API Gateway's WebSocket event, the parts read here. */
export interface WebSocketEvent {
  requestContext: { routeKey?: string; connectionId?: string };
  headers?: Record<string, string | undefined> | null;
}
export interface WebSocketAnswer {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * `$connect` and `$disconnect`. A browser or Electron cannot set headers on a WebSocket, so
 * the ID token comes as the second offered subprotocol; it is checked with the verifier the
 * local API uses (jose, the pool's JWKS), the user must not be disabled, and the connection
 * is recorded with the user's groups until the token expires (at most three hours). The
 * answer picks our subprotocol, or refuses with a status before the socket opens.
 */
export async function pushConnectionRoute(
  event: WebSocketEvent,
  deps: {
    verify: (token: string) => Promise<Principal>;
    disabledUsers: Pick<Catalog, 'userDisabled'>;
    connections: Pick<PushConnections, 'put' | 'remove'>;
    now: () => number;
    log: (message: string, error: unknown) => void;
  },
): Promise<WebSocketAnswer> {
  const { routeKey, connectionId } = event.requestContext;
  if (!connectionId) return { statusCode: 400, body: 'The event names no connection.' };
  if (routeKey === '$disconnect') {
    await deps.connections.remove(connectionId);
    return { statusCode: 200 };
  }
  if (routeKey !== '$connect') return { statusCode: 400, body: `Route ${String(routeKey)} is not one of the push channel's.` };
  const offered = headerOf(event, 'sec-websocket-protocol')
    .split(',')
    .map((protocol) => protocol.trim());
  const token = tokenFromProtocols(offered);
  if (!token) return { statusCode: 401, body: `Offer the subprotocols "${PUSH_PROTOCOL}" and the ID token.` };
  let principal: Principal;
  try {
    principal = await deps.verify(token);
    if (await deps.disabledUsers.userDisabled(principal.userId)) {
      throw new DomainError('UNAUTHENTICATED', 'This account has been disabled; ask an admin.');
    }
  } catch (error) {
    if (error instanceof DomainError && error.code === 'UNAUTHENTICATED') return { statusCode: 401, body: error.message };
    deps.log('push channel: the token could not be checked', error);
    return { statusCode: 503, body: 'The token could not be checked right now.' };
  }
  const nowSeconds = Math.floor(deps.now() / 1000);
  const expiresAt = Math.min(decodeJwt(token).exp ?? nowSeconds, nowSeconds + MAX_CONNECTION_SECONDS);
  await deps.connections.put({ connectionId, principal, expiresAt });
  return { statusCode: 200, headers: { 'Sec-WebSocket-Protocol': PUSH_PROTOCOL } };
}

function headerOf(event: WebSocketEvent, name: string): string {
  for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === name && value) return value;
  return '';
}

/** A DynamoDB Streams record (NEW_AND_OLD_IMAGES view), the parts read here. */
export interface StreamRecord {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, unknown>; OldImage?: Record<string, unknown> };
}

const ChangeFields = z.object({
  seq: z.object({ N: z.string().regex(/^\d+$/) }),
  kind: z.object({ S: z.enum(['folder.put', 'folder.removed', 'asset.put', 'asset.removed']) }),
  folderPath: z.object({ S: z.string() }),
  target: z.object({ S: z.string() }),
  at: z.object({ S: z.string() }),
});
const ChangePartition = z.object({ pk: z.object({ S: z.literal(CHANGE_PK) }) });
/** An item numbering one change (written before runs; still valid). */
const ChangeImage = ChangePartition.extend(ChangeFields.shape);
/** A run: the changes one pump numbered together, each entry a map of a change's fields. */
const RunImage = ChangePartition.extend({ changes: z.object({ L: z.array(z.unknown()) }) });
const RunEntry = z.object({ M: ChangeFields });

function changeOf({ seq, kind, folderPath, target, at }: z.output<typeof ChangeFields>): Change {
  return { seq: Number(seq.N), kind: kind.S, folderPath: folderPath.S, target: target.S, at: at.S };
}

/**
 * The numbered changes a stream batch inserted, oldest first: each run item's changes and
 * each single change item. A malformed run entry is skipped, not thrown (its neighbours are
 * still news, and a desktop's safety poll reads the feed itself); every other record is not news.
 */
export function changesFromStream(records: readonly StreamRecord[]): Change[] {
  const changes: Change[] = [];
  for (const record of records) {
    if (record.eventName !== 'INSERT') continue;
    const image = record.dynamodb?.NewImage;
    const run = RunImage.safeParse(image);
    if (run.success) {
      for (const entry of run.data.changes.L) {
        const parsed = RunEntry.safeParse(entry);
        if (parsed.success) changes.push(changeOf(parsed.data.M));
      }
      continue;
    }
    const single = ChangeImage.safeParse(image);
    if (single.success) changes.push(changeOf(single.data));
  }
  return changes.sort((a, b) => a.seq - b.seq);
}

const FeedCarrier = z.object({ feed: z.object({ M: z.object({ token: z.object({ S: z.string() }).optional() }) }) });

/** The token of the changes an image carries, `null` when it carries none. */
function feedToken(image: unknown): string | null {
  const carrier = FeedCarrier.safeParse(image);
  return carrier.success ? (carrier.data.feed.M.token?.S ?? '') : null;
}

/**
 * Whether a write in the batch carried changes no pump has numbered yet: an item written or
 * rewritten with a `feed` other than the one it had. An update that leaves an item's feed as
 * it was (the same token) carries nothing new, and a removal carries nothing at all.
 */
export function carriesUnnumberedChanges(records: readonly StreamRecord[]): boolean {
  return records.some((record) => {
    if (record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') return false;
    const carried = feedToken(record.dynamodb?.NewImage);
    return carried !== null && carried !== feedToken(record.dynamodb?.OldImage);
  });
}

/** Numbers the changes the catalog's stream holds (DynamoCatalog.pumpFeed); answers how many it numbered. */
export interface FeedPump {
  pumpFeed(): Promise<number>;
}

/**
 * The fan-out's event: one batch of the catalog's stream, or the hourly schedule's input.
 * Changes carried but not numbered are numbered first (the pump writes them as run items,
 * which reach the fan-out in a later batch), then the runs this batch holds are fanned out.
 * The schedule only numbers: a safety net for records whose batch failed every retry, since
 * the stream keeps them a day. A pump error throws, so Lambda retries.
 */
export async function handleFeedStream(
  event: { Records?: readonly StreamRecord[]; pump?: string },
  deps: { pump: () => Promise<number>; fanOut: (changes: readonly Change[]) => Promise<FanOutReport> },
): Promise<{ numbered: number; report: FanOutReport }> {
  const records = event.Records ?? [];
  const scheduled = event.pump === PUMP_EVENT.pump && records.length === 0;
  const numbered = scheduled || carriesUnnumberedChanges(records) ? await deps.pump() : 0;
  const report = scheduled ? { sent: 0, gone: 0, failed: 0 } : await deps.fanOut(changesFromStream(records));
  return { numbered, report };
}

export interface FanOutReport {
  readonly sent: number;
  /** Connections API Gateway no longer knows: removed from the table. */
  readonly gone: number;
  /** Posts that failed otherwise: the desktop's safety poll covers them. */
  readonly failed: number;
}

/**
 * Tells every open connection "changes up to N" for the last change in the batch it may
 * follow (core/push.ts), nothing for the rest: the message names no folder or asset, and a
 * change in a folder the receiver may not read sends it nothing at all. A connection API
 * Gateway answers Gone for was closed without a `$disconnect` reaching us: it is removed.
 */
export async function fanOut(
  changes: readonly Change[],
  deps: {
    catalog: Catalog;
    connections: Pick<PushConnections, 'live' | 'remove'>;
    management: Pick<ApiGatewayManagementApiClient, 'send'>;
    log: (message: string, error: unknown) => void;
  },
): Promise<FanOutReport> {
  if (changes.length === 0) return { sent: 0, gone: 0, failed: 0 };
  const receivers = [];
  for await (const connection of deps.connections.live()) receivers.push(connection);
  const planned = await planNudges(deps.catalog, changes, receivers);
  let sent = 0;
  let gone = 0;
  let failed = 0;
  await Promise.all(
    planned.map(async ({ receiver, nudge }) => {
      try {
        await deps.management.send(
          new PostToConnectionCommand({ ConnectionId: receiver.connectionId, Data: new TextEncoder().encode(JSON.stringify(nudge)) }),
        );
        sent += 1;
      } catch (error) {
        if (error instanceof GoneException || (error as { name?: string }).name === 'GoneException') {
          gone += 1;
          await deps.connections.remove(receiver.connectionId);
        } else {
          failed += 1;
          deps.log(`push channel: nudging ${receiver.connectionId}`, error);
        }
      }
    }),
  );
  return { sent, gone, failed };
}
