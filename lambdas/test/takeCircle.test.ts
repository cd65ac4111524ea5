import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProductionMetadata } from '@rushes/shared';
import { SqliteCatalog } from '../src/adapters/sqliteCatalog';
import type { CatalogAsset, MediaProbe, ObjectStore, ProbeResult, Transcoder } from '../src/ports';
import { CIRCLED_BY_SOUND_REPORT, Ingest } from '../src/core/ingest';
import { FOLDER_PAGE, takeKey } from '../src/core/takeMatching';
import { cameraTechnical } from '../../scripts/testing/technical';

// A take circled by the sound report is circled on its picture too, in the library, through
// the real SQLite catalog (versions, change feed, audit log).

const NOW = '2026-02-01T10:00:00.000Z';

/** A RIFF chunk: id, little-endian size, payload, pad byte to an even length. */
function chunk(id: string, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'latin1');
  head.writeUInt32LE(payload.length, 4);
  return Buffer.concat([head, payload, payload.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

/** A short 48 kHz mono WAV whose iXML names the scene and take and says whether it is circled. */
function wav(scene: string, take: string, circled: boolean): Buffer {
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(1, 0);
  fmt.writeUInt16LE(1, 2);
  fmt.writeUInt32LE(48_000, 4);
  fmt.writeUInt32LE(96_000, 8);
  fmt.writeUInt16LE(2, 12);
  fmt.writeUInt16LE(16, 14);
  const ixml = `<?xml version="1.0"?><BWFXML><SCENE>${scene}</SCENE><TAKE>${take}</TAKE><CIRCLED>${circled ? 'TRUE' : 'FALSE'}</CIRCLED></BWFXML>`;
  const body = Buffer.concat([Buffer.from('WAVE'), chunk('fmt ', fmt), chunk('iXML', Buffer.from(ixml)), chunk('data', Buffer.alloc(960))]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

let catalog: SqliteCatalog;
let bodies: Map<string, Buffer>;
let cameraTags: Map<string, ProductionMetadata>;
let serial: number;

const objects = {
  head: async (key: string) => ({ key, size: 1000, etag: 'e', lastModified: NOW }),
  read: async (key: string) => {
    const body = bodies.get(key);
    return body
      ? (async function* () {
          yield new Uint8Array(body);
        })()
      : null;
  },
} as unknown as ObjectStore;
const probe: MediaProbe = {
  probe: async (key): Promise<ProbeResult> => {
    const sound = key.endsWith('.wav');
    const production = cameraTags.get(key);
    return {
      technical: cameraTechnical(sound ? { width: null, height: null, frameRate: null, videoCodec: null } : {}),
      video: sound ? null : { codec: 'prores', codecTag: 'apch', decodable: true },
      audio: { codec: 'pcm_s16le', codecTag: null, decodable: true },
      ...(production ? { production } : {}),
    };
  },
};
const transcoder: Transcoder = {
  name: 'fake',
  transcode: async (request) => ({ status: 'done', derived: { proxy: `${request.assetId}/p` } }),
};
const ingest = () => new Ingest({ catalog, objects, probe, transcoder, clock: { now: () => new Date(NOW) } });

/** A new asset waiting for ingest in `Show/Day 1/`. */
async function waiting(name: string): Promise<string> {
  serial += 1;
  const id = `0e5c2f9a-1111-4222-8333-${String(serial).padStart(12, '0')}`;
  await catalog.createAsset({
    id,
    key: `Show/Day 1/${name}`,
    folderPath: 'Show/Day 1/',
    name,
    size: 1000,
    checksum: null,
    kind: name.endsWith('.wav') ? 'audio' : 'video',
    status: 'processing',
    failureReason: null,
    locations: {},
    technical: null,
    derived: { proxy: null, thumbnail: null, filmstrip: null, waveform: null, preview: null },
    createdBy: 'system',
    createdAt: '2026-01-01T00:00:00.000Z',
    modifiedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    trash: null,
  });
  return id;
}

async function camera(name: string, scene: string, take: string): Promise<string> {
  cameraTags.set(`Show/Day 1/${name}`, { scene, take, camera: 'A' });
  return waiting(name);
}

async function sound(name: string, scene: string, take: string, circled = true): Promise<string> {
  bodies.set(`Show/Day 1/${name}`, wav(scene, take, circled));
  return waiting(name);
}

async function asset(id: string): Promise<CatalogAsset> {
  return (await catalog.getAsset(id))!;
}

async function takeAudits() {
  return (await catalog.listAudit({ limit: 100, cursor: null, action: 'take.set' })).items.filter((event) => event.action === 'take.set');
}

beforeEach(() => {
  catalog = new SqliteCatalog(':memory:');
  bodies = new Map();
  cameraTags = new Map();
  serial = 0;
});
afterEach(() => catalog.close());

describe('takeKey', () => {
  it('meets a slate however it was typed, and needs both scene and take', () => {
    expect(takeKey({ scene: ' 12a ', take: '003' })).toBe(takeKey({ scene: '12A', take: '3' }));
    expect(takeKey({ scene: '12A', take: '3' })).not.toBe(takeKey({ scene: '12B', take: '3' }));
    expect(takeKey({ scene: '12A', take: '3' })).not.toBe(takeKey({ scene: '12A', take: '30' }));
    expect(takeKey({ scene: '12A' })).toBeNull();
    expect(takeKey({ scene: '  ', take: '3' })).toBeNull();
  });
});

describe('a take circled by its sound report', () => {
  it('circles the picture of the same scene and take in the folder, through the catalog, and nothing else', async () => {
    const picture = await camera('A001_C003.mov', '12a', '03');
    const otherTake = await camera('A001_C004.mov', '12A', '4');
    await ingest().process(picture);
    await ingest().process(otherTake);
    const before = await asset(picture);
    const feedBefore = await catalog.latestChange();

    const wavId = await sound('T003.wav', ' 12A', '3');
    expect(await ingest().process(wavId)).toMatchObject({ status: 'success' });

    const after = await asset(picture);
    expect(after.review).toMatchObject({ circled: true, setBy: CIRCLED_BY_SOUND_REPORT, setAt: NOW });
    expect(after.version).toBe(before.version + 1);
    expect((await asset(otherTake)).review?.circled ?? false).toBe(false);
    const changes = await catalog.changesSince(feedBefore, 100);
    expect(changes.filter((change) => change.target === picture)).toHaveLength(1);
    const audits = await takeAudits();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actor: 'system',
      target: 'Show/Day 1/A001_C003.mov',
      details: { assetId: picture, circled: 'no → yes', by: CIRCLED_BY_SOUND_REPORT, soundFile: 'Show/Day 1/T003.wav' },
    });
  });

  it('circles a camera clip that arrives after the circled WAV', async () => {
    await ingest().process(await sound('T003.wav', '12A', '3'));
    const picture = await camera('A001_C003.mov', '12A', '3');
    await ingest().process(picture);
    expect((await asset(picture)).review).toMatchObject({ circled: true, setBy: CIRCLED_BY_SOUND_REPORT });
    expect(await takeAudits()).toHaveLength(1);
  });

  it("never changes a person's marks, on the picture or on the sound", async () => {
    const picture = await camera('A001_C003.mov', '12A', '3');
    await ingest().process(picture);
    await catalog.setTakes([{ id: picture, circled: false, rating: 2 }], 'editor@example.com', NOW);
    const marked = await asset(picture);
    await ingest().process(await sound('T003.wav', '12A', '3'));
    expect(await asset(picture)).toEqual(marked);

    // A WAV a person uncircled before the camera clip came circles nothing.
    const wavId = await sound('T004.wav', '12A', '4');
    await ingest().process(wavId);
    await catalog.setTakes([{ id: wavId, circled: false }], 'mixer@example.com', NOW);
    const late = await camera('A001_C004.mov', '12A', '4');
    await ingest().process(late);
    expect((await asset(late)).review?.circled ?? false).toBe(false);
    expect(await takeAudits()).toHaveLength(0);
  });

  it('circles nothing for an uncircled WAV, and a second ingest flips nothing', async () => {
    const picture = await camera('A001_C003.mov', '12A', '3');
    await ingest().process(picture);
    await ingest().process(await sound('T003_uncircled.wav', '12A', '3', false));
    expect((await asset(picture)).review?.circled ?? false).toBe(false);

    const wavId = await sound('T003.wav', '12A', '3');
    await ingest().process(wavId);
    const once = await asset(picture);
    expect(once.review?.circled).toBe(true);
    const feed = await catalog.latestChange();
    // The same WAV ingested again (a re-run) and the picture too: nothing changes.
    for (const id of [wavId, picture]) {
      const current = await asset(id);
      await catalog.updateAsset({ ...current, status: 'processing', version: current.version + 1 });
      await ingest().process(id);
    }
    const twice = await asset(picture);
    expect(twice.review).toEqual(once.review);
    expect(await takeAudits()).toHaveLength(1);
    const later = await catalog.changesSince(feed, 100);
    // Only the two re-runs' own status changes: no circle written again.
    expect(later.every((change) => change.target === wavId || change.target === picture)).toBe(true);
  });

  it('finds the picture past the first page of a big folder', async () => {
    for (let n = 0; n < FOLDER_PAGE + 5; n += 1) await waiting(`B${String(n).padStart(4, '0')}.mov`);
    const picture = await camera('Z001_C003.mov', '12A', '3');
    await ingest().process(picture);
    await ingest().process(await sound('T003.wav', '12A', '3'));
    expect((await asset(picture)).review?.circled).toBe(true);
  });
});
