import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '@rushes/lambdas/sqlite-migrate';
import { UPLOAD_MIGRATIONS, UploadStore, type UploadRecord } from './store';

const record = (id: string): Omit<UploadRecord, 'seq'> => ({
  id,
  localPath: `/cards/A/${id}.mov`,
  folderPath: 'Show/',
  relativePath: `${id}.mov`,
  onConflict: null,
  key: `Show/${id}.mov`,
  assetId: 'asset-1',
  size: 100,
  mtimeMs: 1,
  state: 'queued',
  error: null,
  sha256: null,
  xxh64: null,
  md5: null,
  custodyState: null,
  custodyMessage: null,
  partSize: 50,
  uploadId: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  startedAt: null,
  finishedAt: null,
});

describe('UploadStore', () => {
  it('keeps uploads in order with their parts, and forgets parts with the multipart upload', () => {
    const store = new UploadStore(':memory:');
    store.insert([record('a'), record('b')]);
    store.update('a', { uploadId: 'u1', state: 'running' });
    store.addPart('a', { partNumber: 2, etag: '"e2"', size: 50 });
    store.addPart('a', { partNumber: 1, etag: '"e1"', size: 50 });
    expect(store.all().map((r) => [r.id, r.seq, r.state, r.uploadId])).toEqual([
      ['a', 1, 'running', 'u1'],
      ['b', 2, 'queued', null],
    ]);
    expect(store.parts('a').map((p) => p.partNumber)).toEqual([1, 2]);
    store.resetMultipart('a', { sha256: null });
    expect(store.parts('a')).toEqual([]);
    expect(store.all()[0]!.uploadId).toBeNull();
    store.remove(['a']);
    expect(store.all().map((r) => r.id)).toEqual(['b']);
    store.close();
  });

  it('refuses a queue written by a newer Rushes', () => {
    const db = new Database(':memory:');
    migrate(db, UPLOAD_MIGRATIONS);
    db.pragma(`user_version = ${UPLOAD_MIGRATIONS.length + 1}`);
    expect(() => migrate(db, UPLOAD_MIGRATIONS)).toThrow(/newer than this build knows/);
  });
});
