import { describe, expect, it } from 'vitest';
import type { ObjectStore } from '../src/ports';
import { soundReportOf } from '../src/core/production';

// A WAV's clock kept on its sound report: bext TimeReference at the file's sample rate, with
// the rate and flag iXML states, so an ALE can place the sound roll at the picture's rate.

function chunk(id: string, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'latin1');
  head.writeUInt32LE(payload.length, 4);
  return Buffer.concat([head, payload, payload.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

/** A 48 kHz WAV with a bext whose TimeReference is `samples`, and an iXML chunk when given. */
function wav(samples: bigint, ixml: string | null): Buffer {
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(1, 0);
  fmt.writeUInt16LE(1, 2);
  fmt.writeUInt32LE(48_000, 4);
  fmt.writeUInt32LE(96_000, 8);
  fmt.writeUInt16LE(2, 12);
  fmt.writeUInt16LE(16, 14);
  const bext = Buffer.alloc(602);
  bext.writeUInt32LE(Number(samples & 0xffffffffn), 338);
  bext.writeUInt32LE(Number(samples >> 32n), 342);
  bext.writeUInt16LE(1, 346);
  const body = Buffer.concat([
    Buffer.from('WAVE'),
    chunk('fmt ', fmt),
    chunk('bext', bext),
    ...(ixml ? [chunk('iXML', Buffer.from(ixml))] : []),
    chunk('data', Buffer.alloc(96)),
  ]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

const store = (body: Buffer) =>
  ({
    read: async () =>
      (async function* () {
        yield new Uint8Array(body);
      })(),
  }) as unknown as ObjectStore;

describe('a sound report’s clock', () => {
  it('keeps TimeReference, the sample rate, and the rate and flag iXML states', async () => {
    const ixml = `<BWFXML><SCENE>12A</SCENE><TAKE>3</TAKE><SPEED><TIMECODE_RATE>24000/1001</TIMECODE_RATE><TIMECODE_FLAG>NDF</TIMECODE_FLAG></SPEED></BWFXML>`;
    const report = await soundReportOf(store(wav(172_972_800n, ixml)), 'T003.wav');
    expect(report?.soundTimecode).toEqual({
      samplesSinceMidnight: '172972800',
      sampleRate: 48_000,
      rate: { num: 24000, den: 1001 },
      dropFrame: false,
    });
  });

  it('keeps a count past 32 bits exactly, and leaves the rate to the picture when nothing states one', async () => {
    const report = await soundReportOf(store(wav(0x1_0000_0005n, null)), 'T004.wav');
    expect(report?.soundTimecode).toEqual({ samplesSinceMidnight: String(0x1_0000_0005), sampleRate: 48_000 });
  });
});
