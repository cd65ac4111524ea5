import { z } from 'zod';

/**
 * The push channel of the change feed: a WebSocket (API Gateway in the cloud, the local API
 * server in local mode) that tells a signed-in desktop "there are changes up to N for you",
 * so it reads them through `GET /v1/changes` at once instead of asking every second.
 *
 * Browsers and Electron cannot set headers on a WebSocket, so the ID token travels as the
 * second offered subprotocol, after `PUSH_PROTOCOL`, which the server picks: the token
 * never lands in a URL, where access logs would keep it.
 */
export const PUSH_PROTOCOL = 'rushes.push.v1';

/** The subprotocols a client offers: ours, then its ID token. */
export function pushProtocols(idToken: string): [string, string] {
  return [PUSH_PROTOCOL, idToken];
}

/** The token a client offered, if the offer is ours: exactly our protocol and one token. */
export function tokenFromProtocols(offered: readonly string[]): string | null {
  if (offered.length !== 2 || offered[0] !== PUSH_PROTOCOL) return null;
  const token = offered[1]!;
  return /^[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+$/.test(token) ? token : null;
}

/**
 * The one message the server sends: the feed holds a change this receiver may follow at
 * position `upTo`. It names no folder, asset or kind; what changed is read through the
 * feed route, which applies the access rules again.
 */
export const PushNudgeSchema = z.strictObject({
  type: z.literal('changes'),
  upTo: z.number().int().nonnegative(),
});
export type PushNudge = z.infer<typeof PushNudgeSchema>;

/** A message from the channel, or null for anything that is not a nudge (ignored, never trusted). */
export function parsePushMessage(text: string): PushNudge | null {
  try {
    const parsed = PushNudgeSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
