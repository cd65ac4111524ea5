import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteCatalog } from '../src/adapters/sqliteCatalog';
import {
  MediaUnusable,
  type CatalogAsset,
  type MediaProbe,
  type ObjectStore,
  type ProbeResult,
  type TranscodeRequest,
  type Transcoder,
} from '../src/ports';
import { Ingest } from '../src/core/ingest';
import { cameraTechnical } from '../../scripts/testing/technical';

const ID = '0e5c2f9a-1111-4222-8333-444455556666';
const technical = cameraTechnical({
  container: 'mov,mp4,m4a,3gp,3g2,mj2',
  videoProfile: 'HQ',
  width: 1920,
  height: 1080,
  durationSeconds: 20,
});
const decodable: ProbeResult = {
  technical,
  video: { codec: 'prores', codecTag: 'apch', decodable: true },
  audio: { codec: 'pcm_s24le', codecTag: null, decodable: true },
};

let catalog: SqliteCatalog;
let requests: TranscodeRequest[];
let transcode: Transcoder['transcode'];
let probeResult: ProbeResult | null;

const objects = {
  head: async (key: string) => ({ key, size: key.includes('empty') ? 0 : 1000, etag: 'e', lastModified: '2026-01-01T00:00:00.000Z' }),
} as unknown as ObjectStore;
const probe: MediaProbe = { probe: async () => probeResult };
const transcoder: Transcoder = { name: 'fake', transcode: (request, signal) => (requests.push(request), transcode(request, signal)) };
const ingest = () => new Ingest({ catalog, objects, probe, transcoder, clock: { now: () => new Date('2026-02-01T10:00:00.000Z') } });

function record(status: CatalogAsset['status'], name = 'A001_C001.mov'): CatalogAsset {
  return {
    id: ID,
    key: `Show/${name}`,
    folderPath: 'Show/',
    name,
    size: 1000,
    checksum: null,
    kind: 'video',
    status,
    failureReason: null,
    locations: {},
    technical: null,
    derived: { proxy: null, thumbnail: null, filmstrip: null, waveform: null, preview: null },
    createdBy: 'system',
    createdAt: '2026-01-01T00:00:00.000Z',
    modifiedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    trash: null,
  };
}

beforeEach(() => {
  catalog = new SqliteCatalog(':memory:');
  requests = [];
  probeResult = decodable;
  transcode = async (request) => ({
    status: 'done',
    derived: { proxy: `${request.assetId}/proxy.mp4`, thumbnail: `${request.assetId}/thumbnail.jpg` },
  });
});
afterEach(() => catalog.close());

describe('Ingest', () => {
  it('takes a video from processing to ready in one change, with the probe and the derivative keys', async () => {
    await catalog.createAsset(record('processing'));
    expect(await ingest().process(ID)).toMatchObject({ status: 'success' });
    const ready = await catalog.getAsset(ID);
    expect(ready).toMatchObject({
      status: 'ready',
      version: 2,
      technical,
      derived: { proxy: `${ID}/proxy.mp4`, thumbnail: `${ID}/thumbnail.jpg`, filmstrip: null },
    });
    expect(requests[0]!.plan).toMatchObject({
      kind: 'video',
      proxy: { size: { width: 1280, height: 720 }, frameRate: { num: 24000, den: 1001 }, withAudio: true },
    });
    // Run again (a duplicate event, a restart): nothing changes.
    expect(await ingest().process(ID)).toMatchObject({ status: 'skipped' });
    expect((await catalog.getAsset(ID))!.version).toBe(2);
  });

  it('moves an upload that finished to processing, and leaves a ready asset alone', async () => {
    await catalog.createAsset(record('uploading'));
    expect(await ingest().objectCreated(`Show/A001_C001.mov`)).toBe(ID);
    expect(await catalog.getAsset(ID)).toMatchObject({ status: 'processing', version: 2 });
    expect(await ingest().objectCreated(`Show/A001_C001.mov`)).toBe(ID);
    expect((await catalog.getAsset(ID))!.version).toBe(2);
    expect(await ingest().objectCreated('Show/nothing.mov')).toBeNull();
  });

  it('finds every asset waiting for ingest, trashed ones too, across pages, and nothing else', async () => {
    const waiting: string[] = [];
    for (let i = 0; i < 450; i += 1) {
      const status = i % 3 === 0 ? 'ready' : 'processing';
      const asset = { ...record(status, `clip ${i}.mov`), id: `asset-${String(i).padStart(4, '0')}` };
      await catalog.createAsset(i === 7 ? { ...asset, trash: { trashedAt: asset.createdAt, trashedBy: 'ana@example.com' } } : asset);
      if (status === 'processing') waiting.push(asset.id);
    }
    const found: string[] = [];
    for await (const id of ingest().pending()) found.push(id);
    expect(found).toEqual(waiting);
  });

  it('throws trouble worth another try, and fails with the last error when tries run out', async () => {
    await catalog.createAsset(record('processing'));
    transcode = async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:4782');
    };
    await expect(ingest().process(ID)).rejects.toThrow(/ECONNREFUSED/);
    expect(await catalog.getAsset(ID)).toMatchObject({ status: 'processing', version: 1 });
    await ingest().giveUp(ID, 3, new Error('connect ECONNREFUSED 127.0.0.1:4782'));
    expect(await catalog.getAsset(ID)).toMatchObject({
      status: 'failed',
      failureReason: expect.stringMatching(/tried 3 times.*ECONNREFUSED/),
    });
  });

  it('fails with a reason for damaged data, unknown codecs and empty files, without retrying', async () => {
    await catalog.createAsset(record('processing'));
    transcode = async () => {
      throw new MediaUnusable('The file could not be decoded to the end.');
    };
    expect(await ingest().process(ID)).toEqual({ status: 'failed', reason: 'The file could not be decoded to the end.' });

    await catalog.removeAsset(ID);
    await catalog.createAsset(record('processing', 'A002.mxf'));
    probeResult = { ...decodable, video: { codec: null, codecTag: 'ARRI', decodable: false } };
    expect(await ingest().process(ID)).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/coded as "ARRI", which Rushes cannot decode/),
    });
    expect(requests).toHaveLength(1);

    await catalog.removeAsset(ID);
    await catalog.createAsset(record('processing', 'empty.mov'));
    expect(await ingest().process(ID)).toMatchObject({ status: 'failed', reason: expect.stringMatching(/empty \(0 bytes\)/) });

    await catalog.removeAsset(ID);
    await catalog.createAsset(record('processing', 'B001.mov'));
    probeResult = null;
    expect(await ingest().process(ID)).toMatchObject({ status: 'failed', reason: expect.stringMatching(/not really a MOV file/) });
  });

  it('turns a .mov that holds only sound into a sound proxy and waveform', async () => {
    await catalog.createAsset(record('processing'));
    probeResult = { technical: { ...technical, videoCodec: null, width: null, height: null }, video: null, audio: decodable.audio };
    await ingest().process(ID);
    expect(requests[0]!.plan).toEqual({ kind: 'audio', proxy: { key: `${ID}/proxy.m4a` }, waveform: { key: `${ID}/waveform.png` } });
  });

  it('keeps a submitted job processing until it reports back', async () => {
    await catalog.createAsset(record('processing'));
    transcode = async (request) => ({ status: 'submitted', jobId: 'job-1', derived: { proxy: `${request.assetId}/proxy.mp4` } });
    expect(await ingest().process(ID)).toMatchObject({ status: 'success', detail: expect.stringMatching(/job-1 submitted/) });
    expect(await catalog.getAsset(ID)).toMatchObject({ status: 'processing', technical });
    await ingest().transcodeFinished(ID, { derived: { proxy: `${ID}/proxy.mp4` } });
    expect(await catalog.getAsset(ID)).toMatchObject({ status: 'ready', technical, derived: { proxy: `${ID}/proxy.mp4` } });
  });
});
