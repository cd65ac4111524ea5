/**
 * S3 → EventBridge events for the media bucket ("Object Created", "Object Deleted"), as the
 * ingest Lambda receives them, and the work each asks for.
 */
export interface S3BucketEvent {
  'detail-type': string;
  source: string;
  time: string;
  detail: { bucket: { name: string }; object: { key: string; size?: number }; reason?: string };
}

export type StorageWork =
  { kind: 'created'; key: string } | { kind: 'removed'; key: string; at: string } | { kind: 'ignored'; why: string };

export function storageWork(event: S3BucketEvent, mediaBucket: string): StorageWork {
  if (event.source !== 'aws.s3') return { kind: 'ignored', why: `source ${event.source}` };
  if (event.detail.bucket.name !== mediaBucket) return { kind: 'ignored', why: `bucket ${event.detail.bucket.name}` };
  const key = event.detail.object.key;
  if (event['detail-type'] === 'Object Created') return { kind: 'created', key };
  if (event['detail-type'] === 'Object Deleted') return { kind: 'removed', key, at: event.time };
  return { kind: 'ignored', why: event['detail-type'] };
}

/**
 * The key as stored, then (should the event have carried it URL-encoded, as S3's own
 * notifications do) decoded: the caller uses the first one the bucket or catalog knows.
 */
export function keyCandidates(key: string): string[] {
  try {
    const decoded = decodeURIComponent(key.replace(/\+/g, ' '));
    return decoded === key ? [key] : [key, decoded];
  } catch {
    return [key];
  }
}
