import { describe, expect, it } from 'vitest';
import { broadcastWaveStartTimecode, readBroadcastWave, startTimecodeFromBext } from './bwf';

// A WAV writer for these tests only, from EBU Tech 3285/3306 layouts; the reader never writes.
declare const TextEncoder: new () => { encode(input: string): Uint8Array };
const utf8 = (text: string) => new TextEncoder().encode(text);
const u32 = (value: number) => Uint8Array.of(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff);
const u16 = (value: number) => Uint8Array.of(value & 0xff, (value >>> 8) & 0xff);
const u64 = (value: bigint) => Uint8Array.from([...u32(Number(value & 0xffffffffn)), ...u32(Number(value >> 32n))]);
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => Array.from(part)));
const fixed = (text: string, size: number) => {
  const out = new Uint8Array(size);
  out.set(utf8(text));
  return out;
};
const chunk = (id: string, payload: Uint8Array, declaredSize = payload.length) =>
  concat(utf8(id), u32(declaredSize), payload, payload.length % 2 ? Uint8Array.of(0) : new Uint8Array(0));
const fmt = (channels = 2, rate = 48000, bits = 24) =>
  chunk('fmt ', concat(u16(1), u16(channels), u32(rate), u32((rate * channels * bits) / 8), u16((channels * bits) / 8), u16(bits)));
function bext(timeReference: bigint, description = 'sSCENE=12A\r\nsTAKE=3\r\n', history = 'A=PCM,F=48000,W=24,M=stereo,T=test\r\n') {
  return chunk(
    'bext',
    concat(
      fixed(description, 256),
      fixed('Sound Devices', 32),
      fixed('USSDVAA0123', 32),
      fixed('2024-05-17', 10),
      fixed('14:30:00', 8),
      u64(timeReference),
      u16(1),
      Uint8Array.from({ length: 64 }, (_, i) => (i < 4 ? i + 1 : 0)),
      new Uint8Array(190),
      utf8(history),
    ),
  );
}
const ixmlDoc = (speed: string, extra = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>\r\n<BWFXML><IXML_VERSION>1.61</IXML_VERSION><PROJECT>NIGHT &amp; DAY</PROJECT><SCENE>12A</SCENE>` +
  `<TAKE>3</TAKE><TAPE>SR001</TAPE><CIRCLED>TRUE</CIRCLED><NOTE>plane overhead</NOTE>${extra}<SPEED>${speed}</SPEED>` +
  `<TRACK_LIST><TRACK_COUNT>2</TRACK_COUNT><TRACK><CHANNEL_INDEX>1</CHANNEL_INDEX><INTERLEAVE_INDEX>1</INTERLEAVE_INDEX><NAME>Boom</NAME></TRACK>` +
  `<TRACK><CHANNEL_INDEX>3</CHANNEL_INDEX><INTERLEAVE_INDEX>2</INTERLEAVE_INDEX><NAME>Lav 1</NAME></TRACK></TRACK_LIST></BWFXML>`;
const sdSpeed =
  '<MASTER_SPEED>24000/1001</MASTER_SPEED><TIMECODE_RATE>24000/1001</TIMECODE_RATE><TIMECODE_FLAG>NDF</TIMECODE_FLAG>' +
  '<FILE_SAMPLE_RATE>48000</FILE_SAMPLE_RATE><TIMESTAMP_SAMPLE_RATE>48000</TIMESTAMP_SAMPLE_RATE>' +
  '<TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>0000000000</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI><TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>2190940753</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>';
const riff = (...chunks: Uint8Array[]) => {
  const body = concat(utf8('WAVE'), ...chunks);
  return concat(utf8('RIFF'), u32(body.length), body);
};
const audio = (bytes: number) => chunk('data', new Uint8Array(bytes));

describe('readBroadcastWave', () => {
  it('reads a Sound Devices layout (bext iXML fmt data, iXML padded with spaces) and its start timecode', () => {
    const ixml = concat(utf8(ixmlDoc(sdSpeed)), new Uint8Array(300).fill(0x20));
    const wave = readBroadcastWave(riff(bext(2190940753n), chunk('iXML', ixml), fmt(), audio(600)));
    expect(wave).toMatchObject({
      container: 'RIFF',
      formatTag: 1,
      channels: 2,
      sampleRate: 48000,
      bitsPerSample: 24,
      complete: true,
      ixmlError: null,
    });
    expect(wave.chunks).toEqual(['bext', 'iXML', 'fmt ', 'data']);
    expect(wave.bext).toEqual({
      description: 'sSCENE=12A\r\nsTAKE=3\r\n',
      originator: 'Sound Devices',
      originatorReference: 'USSDVAA0123',
      originationDate: '2024-05-17',
      originationTime: '14:30:00',
      timeReference: 2190940753n,
      version: 1,
      umid: `01020304${'00'.repeat(60)}`,
      codingHistory: 'A=PCM,F=48000,W=24,M=stereo,T=test\r\n',
    });
    expect(wave.ixml).toMatchObject({
      project: 'NIGHT & DAY',
      scene: '12A',
      take: '3',
      tape: 'SR001',
      circled: true,
      notes: 'plane overhead',
      speed: { timecodeRate: { num: 24000, den: 1001 }, timecodeFlag: 'NDF', timestampSamplesSinceMidnight: 2190940753n },
      tracks: [
        { channel: 1, interleave: 1, name: 'Boom' },
        { channel: 3, interleave: 2, name: 'Lav 1' },
      ],
    });
    expect(broadcastWaveStartTimecode(wave)).toBe('12:39:59:00');
  });

  it('finds an iXML written after the audio (Metacorder), skips odd-sized chunks with their pad byte, and strips Zoom’s NUL padding', () => {
    const ixml = concat(utf8(ixmlDoc('<TIMECODE_RATE>25/1</TIMECODE_RATE><TIMECODE_FLAG>NDF</TIMECODE_FLAG>')), new Uint8Array(101));
    const wave = readBroadcastWave(riff(bext(2350375830n), fmt(1), chunk('PAD ', new Uint8Array(7)), audio(301), chunk('iXML', ixml)));
    expect(wave.chunks).toEqual(['bext', 'fmt ', 'PAD ', 'data', 'iXML']);
    expect(wave.ixml?.speed.timecodeRate).toEqual({ num: 25, den: 1 });
    expect(broadcastWaveStartTimecode(wave)).toBe('13:36:06:04');
  });

  it('says when the bytes given end before the file does, and still reads what came first', () => {
    const file = riff(bext(3917280000n), fmt(), audio(4000), chunk('iXML', utf8(ixmlDoc(''))));
    const start = readBroadcastWave(file.subarray(0, 1200));
    expect(start.complete).toBe(false);
    expect(start.bext?.timeReference).toBe(3917280000n);
    expect(start.ixml).toBeNull();
    expect(() => readBroadcastWave(riff(bext(0n), audio(4000), fmt()).subarray(0, 1000))).toThrow(
      'Broadcast WAV: no “fmt ” chunk in the first 1000 bytes; read more of the file',
    );
  });

  it('reads RF64 with a ds64 chunk and a data chunk whose 32-bit size is 0xFFFFFFFF', () => {
    const pcm = new Uint8Array(64);
    const ixml = chunk('iXML', utf8(ixmlDoc('')));
    const body = concat(
      utf8('WAVE'),
      chunk('ds64', concat(u64(0n), u64(64n), u64(16n), u32(0))),
      fmt(),
      chunk('data', pcm, 0xffffffff),
      ixml,
    );
    body.set(u64(BigInt(body.length)), 4 + 8); // riff size in ds64 now that the length is known
    const wave = readBroadcastWave(concat(utf8('RF64'), u32(0xffffffff), body));
    expect(wave).toMatchObject({ container: 'RF64', channels: 2, complete: true, bext: null });
    expect(wave.chunks).toEqual(['ds64', 'fmt ', 'data', 'iXML']);
    expect(wave.ixml?.scene).toBe('12A');
  });

  it('reports a broken iXML by name and line while bext still reads', () => {
    const broken = '<?xml version="1.0"?>\n<BWFXML>\n<SCENE>12A</SCENE>\n<TAKE>3</TAK>\n</BWFXML>';
    const wave = readBroadcastWave(riff(bext(100n), chunk('iXML', utf8(broken)), fmt(), audio(10)));
    expect(wave.ixml).toBeNull();
    expect(wave.ixmlError).toMatch(/^iXML, line 4: not well-formed XML: /);
    expect(wave.bext?.timeReference).toBe(100n);
  });

  it.each([
    ['<BWFXML><CIRCLED>maybe</CIRCLED></BWFXML>', 'iXML, CIRCLED: “maybe” is neither TRUE nor FALSE'],
    [
      '<BWFXML><SPEED><TIMECODE_RATE>fast</TIMECODE_RATE></SPEED></BWFXML>',
      'iXML, SPEED > TIMECODE_RATE: “fast” is not a frame rate (expected e.g. 24000/1001 or 25/1)',
    ],
    ['<BWFXML><SPEED><TIMECODE_FLAG>DROP</TIMECODE_FLAG></SPEED></BWFXML>', 'iXML, SPEED > TIMECODE_FLAG: “DROP” is neither DF nor NDF'],
    [
      '<BWFXML><SPEED><TIMECODE_RATE>25/1</TIMECODE_RATE><TIMECODE_FLAG>DF</TIMECODE_FLAG></SPEED></BWFXML>',
      'iXML, SPEED > TIMECODE_FLAG: DF at 25/1: drop-frame exists only at 30000/1001 and 60000/1001',
    ],
    [
      '<BWFXML><SPEED><TIMESTAMP_SAMPLE_RATE>0</TIMESTAMP_SAMPLE_RATE></SPEED></BWFXML>',
      'iXML, SPEED > TIMESTAMP_SAMPLE_RATE: a sample rate cannot be 0',
    ],
    [
      '<BWFXML><TRACK_LIST><TRACK><CHANNEL_INDEX>two</CHANNEL_INDEX></TRACK></TRACK_LIST></BWFXML>',
      'iXML, TRACK_LIST > TRACK #1 > CHANNEL_INDEX: “two” is not a whole number',
    ],
    ['<SOUNDREPORT/>', 'iXML: root element is SOUNDREPORT, not BWFXML'],
    ['<!DOCTYPE BWFXML [<!ENTITY x "x">]><BWFXML/>', 'iXML, line 1: a DOCTYPE is not allowed in this file'],
  ])('names the iXML element at fault (%#)', (xml, message) => {
    expect(readBroadcastWave(riff(fmt(), chunk('iXML', utf8(xml)))).ixmlError).toBe(message);
  });

  it.each([
    [utf8('RIFX\0\0\0\0WAVE'), 'Broadcast WAV: starts with “RIFX…WAVE”, not RIFF/RF64/BW64 … WAVE'],
    [utf8('RIFF'), 'Broadcast WAV: only 4 bytes; a WAV file starts with a 12-byte RIFF header'],
    [riff(chunk('bext', new Uint8Array(100)), fmt()), 'Broadcast WAV, chunk bext: is 100 bytes; its fixed part alone is 602'],
    [
      riff(chunk('fmt ', new Uint8Array(16), 4000)),
      'Broadcast WAV, chunk “fmt ” at byte 12: claims 4000 bytes but the file ends at byte 36',
    ],
    [riff(audio(8)), 'Broadcast WAV: has no “fmt ” chunk'],
    [riff(fmt(), bext(1n), bext(2n)), 'Broadcast WAV, chunk “bext” at byte 682: is the second “bext” chunk in the file'],
  ])('refuses a file that is not a readable WAV (%#)', (bytes, message) => {
    expect(() => readBroadcastWave(bytes)).toThrow(message);
  });
});

describe('startTimecodeFromBext', () => {
  it.each([
    // Real recorder files and Wave Agent's start timecodes for them.
    [2190940753n, 48000, { num: 24000, den: 1001 }, false, '12:39:59:00'],
    [2350375830n, 48000, { num: 25, den: 1 }, false, '13:36:06:04'],
    [3917280000n, 48000, { num: 25, den: 1 }, false, '22:40:10:00'],
    // 29.97 DF: frame 107892 starts at 172799827.2 samples; writers store the next whole sample.
    [172799828n, 48000, { num: 30000, den: 1001 }, true, '01:00:00;00'],
    [172799827n, 48000, { num: 30000, den: 1001 }, true, '01:00:00;00'],
    [172798226n, 48000, { num: 30000, den: 1001 }, true, '00:59:59;29'],
    // Beyond 32 bits: 23:00:00:00 at 96 kHz.
    [7948800000n, 96000, { num: 25, den: 1 }, false, '23:00:00:00'],
  ])('%s samples at %i Hz → %s', (timeReference, sampleRate, rate, dropFrame, expected) => {
    expect(startTimecodeFromBext(timeReference, sampleRate, rate, dropFrame)).toBe(expected);
  });

  it('refuses drop-frame at a rate that has none', () => {
    expect(() => startTimecodeFromBext(0n, 48000, { num: 25, den: 1 }, true)).toThrow('drop-frame timecode does not exist at 25/1');
  });
});
