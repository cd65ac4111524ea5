import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { CognitoAuthEventSchema, signInAudit } from '../../core/signInActivity';
import { CatalogConflict, type Catalog } from '../../ports';

/** What CloudWatch Logs hands a subscribed Lambda: the batch, gzipped, in base64. */
export const SubscriptionEventSchema = z.object({ awslogs: z.object({ data: z.string().min(1) }) });

/** The batch inside (`DATA_MESSAGE`), or the test message sent when the filter is created (`CONTROL_MESSAGE`). */
export const SubscriptionBatchSchema = z.object({
  messageType: z.enum(['DATA_MESSAGE', 'CONTROL_MESSAGE']),
  logGroup: z.string(),
  logStream: z.string(),
  logEvents: z.array(z.object({ id: z.string(), timestamp: z.number(), message: z.string() })),
});
export type SubscriptionBatch = z.infer<typeof SubscriptionBatchSchema>;

/** At most this many compressed bytes: CloudWatch Logs sends batches of up to 1 MB of events. */
const MAX_COMPRESSED_BYTES = 2 * 1024 * 1024;

/** Decodes and validates a subscription payload; throws naming what is wrong (the whole batch is unreadable). */
export function decodeSubscription(event: unknown): SubscriptionBatch {
  const envelope = SubscriptionEventSchema.safeParse(event);
  if (!envelope.success) throw new Error(`Not a CloudWatch Logs subscription event: ${issueText(envelope.error)}`);
  const compressed = Buffer.from(envelope.data.awslogs.data, 'base64');
  if (compressed.length > MAX_COMPRESSED_BYTES) throw new Error(`awslogs.data is ${compressed.length} bytes, more than a batch can be`);
  let json: unknown;
  try {
    json = JSON.parse(gunzipSync(compressed, { maxOutputLength: 16 * MAX_COMPRESSED_BYTES }).toString('utf8'));
  } catch (error) {
    throw new Error(`awslogs.data is not gzipped JSON: ${(error as Error).message}`);
  }
  const batch = SubscriptionBatchSchema.safeParse(json);
  if (!batch.success) throw new Error(`awslogs.data is not a subscription batch: ${issueText(batch.error)}`);
  return batch.data;
}

export interface ActivityCounts {
  written: number;
  /** Already in the audit log: the batch was delivered before. */
  duplicates: number;
  ignored: number;
  malformed: number;
  failed: number;
}

export interface UserActivityDeps {
  catalog: Pick<Catalog, 'appendAudit'>;
  /** The e-mail address of a pool user (by username or `sub`), or null when the directory no longer knows them. */
  emailOf: (username: string) => Promise<string | null>;
  log: (line: Record<string, unknown>) => void;
}

/**
 * Writes each failed sign-in, wrong code and lockout of a batch to the audit log: one
 * conditional put each (no read first). A record that cannot be read is logged with its log
 * event id and the bad field, and counted; the others still go in. A write that fails for
 * another reason is retried by Lambda with the whole batch, which is safe: events already
 * written are skipped as duplicates. So the batch throws only after trying every event.
 */
export async function recordUserActivity(batch: SubscriptionBatch, deps: UserActivityDeps): Promise<ActivityCounts> {
  const counts: ActivityCounts = { written: 0, duplicates: 0, ignored: 0, malformed: 0, failed: 0 };
  if (batch.messageType === 'CONTROL_MESSAGE') return counts;
  const emails = new Map<string, Promise<string | null>>();
  const emailOf = (name: string) => {
    if (!emails.has(name)) emails.set(name, deps.emailOf(name));
    return emails.get(name)!;
  };
  let firstError: unknown = null;
  for (const logEvent of batch.logEvents) {
    let json: unknown;
    try {
      json = JSON.parse(logEvent.message);
    } catch {
      counts.malformed++;
      deps.log({ msg: 'user-activity record is not JSON', logEventId: logEvent.id, logGroup: batch.logGroup });
      continue;
    }
    const parsed = CognitoAuthEventSchema.safeParse(json);
    if (!parsed.success) {
      counts.malformed++;
      deps.log({ msg: 'user-activity record is not a Cognito auth event', logEventId: logEvent.id, problem: issueText(parsed.error) });
      continue;
    }
    const audit = signInAudit(parsed.data, logEvent.timestamp);
    if (audit.kind === 'ignored') {
      counts.ignored++;
      continue;
    }
    try {
      const email = (await emailOf(audit.userSub ?? audit.userName)) ?? audit.userName;
      await deps.catalog.appendAudit({ ...audit.event, actor: email, target: email });
      counts.written++;
    } catch (error) {
      if (error instanceof CatalogConflict) {
        counts.duplicates++;
        continue;
      }
      counts.failed++;
      firstError ??= error;
      deps.log({ msg: 'user-activity record not written', logEventId: logEvent.id, error: (error as Error).message });
    }
  }
  deps.log({ msg: 'user activity recorded', logGroup: batch.logGroup, events: batch.logEvents.length, ...counts });
  if (firstError) throw firstError;
  return counts;
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}`;
}
