import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '@rushes/lambdas/local';
import { CIRCLED_BY_SOUND_REPORT } from '../src/core/ingest';
import { createLocalS3Client } from '../src/local/s3Client';
import { startTestStack, tempDataDir } from '../../scripts/testing/localStack';
import { heavyTimeout } from '../../scripts/testing/timeouts';

// A WAV's sound report through the real local stack: the recorder's iXML lands on the asset,
// a circled take is circled, and a broken iXML chunk leaves the file ingested with the reason.

/** A RIFF chunk: id, little-endian size, payload, pad byte to an even length. */
function chunk(id: string, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'latin1');
  head.writeUInt32LE(payload.length, 4);
  return Buffer.concat([head, payload, payload.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

/** Half a second of 48 kHz 16-bit mono silence with an iXML chunk before the sound, as recorders write it. */
function wavWithIxml(ixml: string): Buffer {
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(1, 0);
  fmt.writeUInt16LE(1, 2);
  fmt.writeUInt32LE(48_000, 4);
  fmt.writeUInt32LE(96_000, 8);
  fmt.writeUInt16LE(2, 12);
  fmt.writeUInt16LE(16, 14);
  const body = Buffer.concat([
    Buffer.from('WAVE'),
    chunk('fmt ', fmt),
    chunk('iXML', Buffer.from(ixml, 'utf8')),
    chunk('data', Buffer.alloc(48_000)),
  ]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

const REPORT = `<?xml version="1.0" encoding="UTF-8"?>
<BWFXML><IXML_VERSION>2.10</IXML_VERSION><PROJECT>Show</PROJECT><SCENE>12A</SCENE><TAKE>3</TAKE><TAPE>SR004</TAPE>
<CIRCLED>TRUE</CIRCLED><NOTE>plane overhead</NOTE>
<TRACK_LIST><TRACK_COUNT>1</TRACK_COUNT><TRACK><CHANNEL_INDEX>1</CHANNEL_INDEX><INTERLEAVE_INDEX>1</INTERLEAVE_INDEX><NAME>Boom</NAME></TRACK></TRACK_LIST>
</BWFXML>`;

let stack: LocalStack;
let data: Awaited<ReturnType<typeof tempDataDir>>;
let s3: S3Client;

beforeAll(async () => {
  data = await tempDataDir();
  stack = await startTestStack({ dataDir: data.dir, ingest: true });
  s3 = createLocalS3Client(stack.profile.s3.endpoint!);
}, heavyTimeout(240_000));

afterAll(async () => {
  s3?.destroy();
  await stack?.stop();
  await data?.remove();
});

async function ingested(key: string, body: Buffer) {
  await s3.send(new PutObjectCommand({ Bucket: stack.profile.s3.mediaBucket, Key: key, Body: body }));
  await stack.ingest.idle();
  return (await stack.catalog.getAssetByKey(key))!;
}

describe('a sound report', () => {
  it('puts scene, take, roll, notes and track names on the asset, and circles the take it circles', async () => {
    const sound = await ingested('Show/Sound/T003.wav', wavWithIxml(REPORT));
    expect(sound.status).toBe('ready');
    expect(sound.production).toEqual({
      scene: '12A',
      take: '3',
      reel: 'SR004',
      circled: true,
      soundNotes: 'plane overhead',
      trackNames: ['Boom'],
    });
    expect(sound.review).toMatchObject({ circled: true, setBy: CIRCLED_BY_SOUND_REPORT });
  });

  it('keeps a file whose iXML is broken, with the reason in its metadata', async () => {
    const sound = await ingested('Show/Sound/T004.wav', wavWithIxml('<BWFXML><SCENE>12A</SCENE><TAKE>4</BWFXML>'));
    expect(sound.status).toBe('ready');
    expect(sound.derived.proxy).toBeTruthy();
    expect(sound.production?.problem).toMatch(/iXML/);
    expect(sound.review?.circled ?? false).toBe(false);
  });
});
