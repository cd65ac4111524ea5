import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteCatalog } from '../src/adapters/sqliteCatalog';
import { Ingest } from '../src/core/ingest';
import { IngestRecovery, STUCK_AFTER_MS, parseIngestFailure } from '../src/core/ingestRecovery';
import { StorageSync } from '../src/core/sync';
import type { MediaProbe, ObjectStore, StoredObject, Transcoder } from '../src/ports';
import { makeAsset } from '../../scripts/testing/assets';

// The cloud's ingest recovery over a real SQLite catalog: the record Lambda hands an
// on-failure destination after the last retry (its shape as AWS documents it), and the
// hourly reconcile's choice of what to hand back to ingest.
const NOW = new Date('2026-12-06T12:00:00.000Z');
const clock = { now: () => NOW };
const refuse = () => Promise.reject(new Error('not used here'));

/** The media bucket as a sorted list: the reconcile only lists and heads. */
function bucket(objects: StoredObject[]): ObjectStore {
  const sorted = [...objects].sort((a, b) => (a.key < b.key ? -1 : 1));
  return {
    bucket: 'media',
    head: async (key) => sorted.find((object) => object.key === key) ?? null,
    async *list(prefix, options) {
      for (const object of sorted) if (object.key.startsWith(prefix) && object.key > (options?.startAfter ?? '')) yield object;
    },
    copy: refuse,
    delete: refuse,
    read: refuse,
    putText: refuse,
    presignGet: refuse,
  };
}

function failureRecord(key: string, errorMessage = 'MediaConvert CreateJob: AccessDeniedException') {
  return {
    version: '1.0',
    timestamp: NOW.toISOString(),
    requestContext: {
      requestId: 'r-1',
      functionArn: 'arn:aws:lambda:eu-west-1:1:function:Ingest:$LATEST',
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    },
    requestPayload: {
      'detail-type': 'Object Created',
      source: 'aws.s3',
      time: NOW.toISOString(),
      detail: { bucket: { name: 'media' }, object: { key } },
    },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorType: 'AccessDeniedException', errorMessage },
  };
}

let catalog: SqliteCatalog;
let objects: StoredObject[];
const recovery = () => {
  const store = bucket(objects);
  const ingest = new Ingest({
    catalog,
    objects: store,
    clock,
    probe: { probe: refuse } satisfies MediaProbe,
    transcoder: { name: 'none', transcode: refuse } satisfies Transcoder,
  });
  return new IngestRecovery({ catalog, ingest, sync: new StorageSync({ catalog, objects: store, derived: store, clock }), clock });
};

beforeEach(() => {
  catalog = new SqliteCatalog(':memory:');
  objects = [];
});
afterEach(async () => catalog.close());

describe('the ingest failure handler', () => {
  it('marks the asset failed with the last error and the number of tries, and leaves others alone', async () => {
    const stuck = makeAsset('Show/', 'A001.mov', { status: 'processing' });
    const done = makeAsset('Show/', 'A002.mov', { status: 'ready' });
    await catalog.createAsset(stuck);
    await catalog.createAsset(done);
    const failure = parseIngestFailure(failureRecord('Show/A001.mov'));
    expect(failure).toMatchObject({ ok: true, bucket: 'media', key: 'Show/A001.mov', attempts: 3, created: true });
    expect(await recovery().ingestGaveUp(failure as Extract<typeof failure, { ok: true }>, ['Show/A001.mov'])).toBe('failed');
    const after = (await catalog.getAsset(stuck.id))!;
    expect(after.status).toBe('failed');
    expect(after.failureReason).toMatch(/tried 3 times.*AccessDeniedException.*ask an admin/s);

    const late = parseIngestFailure(failureRecord('Show/A002.mov'));
    expect(await recovery().ingestGaveUp(late as Extract<typeof late, { ok: true }>, ['Show/A002.mov'])).toBe('skipped');
    expect((await catalog.getAsset(done.id))!.status).toBe('ready');
  });

  it('refuses a record that is not a failed ingest event, naming the field', () => {
    const record = failureRecord('x');
    expect(parseIngestFailure({ ...record, requestPayload: { ...record.requestPayload, detail: { bucket: { name: 'media' } } } })).toEqual({
      ok: false,
      field: 'requestPayload.detail.object',
      message: expect.any(String),
    });
    expect(parseIngestFailure('nonsense')).toMatchObject({ ok: false, field: '(record)' });
  });
});

describe('the scheduled reconcile', () => {
  it('adds an object whose event was lost and hands back assets stuck processing past the timeout, not fresh ones', async () => {
    const old = new Date(NOW.getTime() - STUCK_AFTER_MS - 60_000).toISOString();
    const fresh = new Date(NOW.getTime() - 60_000).toISOString();
    await catalog.createAsset(makeAsset('Show/', 'stuck.mov', { status: 'processing', createdAt: old, modifiedAt: old }));
    await catalog.createAsset(makeAsset('Show/', 'busy.mov', { status: 'processing', createdAt: fresh, modifiedAt: fresh }));
    objects = ['Show/stuck.mov', 'Show/busy.mov', 'Show/lost.mov'].map((key) => ({ key, size: 10, etag: 'e', lastModified: old }));
    const run = await recovery().reconcile('');
    expect(run.added).toBe(1);
    expect(run.next).toBe('');
    expect(run.requeue.sort()).toEqual(['Show/lost.mov', 'Show/stuck.mov']);
  });
});
