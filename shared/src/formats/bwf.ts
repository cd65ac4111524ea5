/**
 * Sound reports from Broadcast WAV files: the `fmt `, `bext` and `iXML` chunks of a RIFF,
 * RF64 or BW64 file, read from its bytes or from the first few megabytes of it.
 *
 * Chunk order is not fixed (a Gallery Metacorder writes its iXML after the audio), so the
 * whole chunk list is walked; when only the start of a file is given, `complete` says whether
 * the walk reached its end. A broken iXML does not hide the `bext` chunk: it is reported in
 * `ixmlError` and the rest still reads. Layout: EBU Tech 3285 (bext), EBU Tech 3306 (RF64),
 * the iXML specification (gallery.co.uk/ixml).
 */
import type { Fraction } from '../domain';
import { framesPerDay, framesToTimecode, dropFrameAllowed, type TimecodeBase } from '../timecode';
import { FormatError } from './formatError';
import { parseIxml, type IxmlInfo } from './ixml';

export interface BextInfo {
  readonly description: string;
  readonly originator: string;
  readonly originatorReference: string;
  /** As written, `yyyy-mm-dd` by the spec though recorders use other separators. */
  readonly originationDate: string;
  /** Wall-clock time the file was made (`hh:mm:ss`), not its timecode. */
  readonly originationTime: string;
  /** The first sample's count since midnight, up to 64 bits. */
  readonly timeReference: bigint;
  readonly version: number;
  /** SMPTE UMID as lower-case hex, null when the field is all zeros. */
  readonly umid: string | null;
  readonly codingHistory: string;
}

export interface BroadcastWave {
  readonly container: 'RIFF' | 'RF64' | 'BW64';
  /** 1 = PCM, 3 = float, 0xFFFE = extensible. */
  readonly formatTag: number;
  readonly sampleRate: number;
  readonly channels: number;
  readonly bitsPerSample: number;
  readonly bext: BextInfo | null;
  readonly ixml: IxmlInfo | null;
  /** Why the iXML chunk could not be read, when there is one and it is broken. */
  readonly ixmlError: string | null;
  /** Chunk ids in file order, as found. */
  readonly chunks: readonly string[];
  /** False when the bytes given end before the file does, so chunks after them were not seen. */
  readonly complete: boolean;
}

const BEXT_FIXED_SIZE = 602;
const NO_SIZE = 0xffffffff;

const fail = (location: string | null, problem: string) => new FormatError('bwf', location, problem);

function ascii(bytes: Uint8Array, start: number, length: number): string {
  let text = '';
  for (let index = start; index < start + length; index += 1) {
    const code = bytes[index]!;
    if (code === 0) break; // after a NUL some recorders leave uninitialised bytes
    text += String.fromCharCode(code);
  }
  return text;
}

function readBext(payload: Uint8Array): BextInfo {
  if (payload.length < BEXT_FIXED_SIZE) throw fail('chunk bext', `is ${payload.length} bytes; its fixed part alone is ${BEXT_FIXED_SIZE}`);
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const umidBytes = payload.subarray(348, 412);
  const umid = umidBytes.some((byte) => byte !== 0) ? Array.from(umidBytes, (byte) => byte.toString(16).padStart(2, '0')).join('') : null;
  return {
    description: ascii(payload, 0, 256),
    originator: ascii(payload, 256, 32),
    originatorReference: ascii(payload, 288, 32),
    originationDate: ascii(payload, 320, 10),
    originationTime: ascii(payload, 330, 8),
    timeReference: (BigInt(view.getUint32(342, true)) << 32n) | BigInt(view.getUint32(338, true)),
    version: view.getUint16(346, true),
    umid,
    codingHistory: ascii(payload, BEXT_FIXED_SIZE, payload.length - BEXT_FIXED_SIZE),
  };
}

/**
 * Reads a Broadcast WAV's metadata. `bytes` may be the whole file or its first part: audio
 * data is skipped, never read.
 */
export function readBroadcastWave(bytes: Uint8Array): BroadcastWave {
  if (bytes.length < 12) throw fail(null, `only ${bytes.length} bytes; a WAV file starts with a 12-byte RIFF header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = ascii(bytes, 0, 4);
  if ((magic !== 'RIFF' && magic !== 'RF64' && magic !== 'BW64') || ascii(bytes, 8, 4) !== 'WAVE') {
    throw fail(null, `starts with “${magic}…${ascii(bytes, 8, 4)}”, not RIFF/RF64/BW64 … WAVE`);
  }
  const container = magic;
  let fileEnd = view.getUint32(4, true) + 8;
  let dataSize64: number | null = null;
  let fmt: Pick<BroadcastWave, 'formatTag' | 'channels' | 'sampleRate' | 'bitsPerSample'> | null = null;
  let bext: BextInfo | null = null;
  let ixml: IxmlInfo | null = null;
  let ixmlError: string | null = null;
  const chunks: string[] = [];
  let offset = 12;
  let complete = true;

  while (offset + 8 <= fileEnd) {
    if (offset + 8 > bytes.length) {
      complete = false;
      break;
    }
    const id = ascii(bytes, offset, 4).padEnd(4, ' ');
    let size = view.getUint32(offset + 4, true);
    const where = `chunk “${id}” at byte ${offset}`;
    if (container !== 'RIFF' && id === 'data' && size === NO_SIZE) {
      if (dataSize64 === null) throw fail(where, 'has no 32-bit size and no ds64 chunk came before it');
      size = dataSize64;
    }
    const needed = id === 'fmt ' || id === 'bext' || id === 'iXML' || id === 'ds64';
    // Two of a metadata chunk would leave it to chance which one is believed.
    if (needed && chunks.includes(id)) throw fail(where, `is the second “${id}” chunk in the file`);
    chunks.push(id);
    const start = offset + 8;
    if (needed && start + size > bytes.length) {
      if (bytes.length < fileEnd) {
        complete = false;
        break;
      }
      throw fail(where, `claims ${size} bytes but the file ends at byte ${bytes.length}`);
    }
    const payload = needed ? bytes.subarray(start, start + size) : null;
    if (id === 'ds64' && payload) {
      if (container === 'RIFF') throw fail(where, 'a ds64 chunk belongs in an RF64/BW64 file, not RIFF');
      if (size < 24) throw fail(where, `is ${size} bytes; it holds at least three 64-bit sizes (24 bytes)`);
      const ds = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
      const u64 = (at: number) => ds.getUint32(at + 4, true) * 2 ** 32 + ds.getUint32(at, true);
      fileEnd = u64(0) + 8;
      dataSize64 = u64(8);
    } else if (id === 'fmt ' && payload) {
      if (size < 16) throw fail(where, `is ${size} bytes; a format chunk has at least 16`);
      const fv = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
      fmt = {
        formatTag: fv.getUint16(0, true),
        channels: fv.getUint16(2, true),
        sampleRate: fv.getUint32(4, true),
        bitsPerSample: fv.getUint16(14, true),
      };
      if (fmt.channels === 0 || fmt.sampleRate === 0) throw fail(where, `says ${fmt.channels} channels at ${fmt.sampleRate} Hz`);
    } else if (id === 'bext' && payload) {
      bext = readBext(payload);
    } else if (id === 'iXML' && payload) {
      try {
        ixml = parseIxml(payload);
      } catch (error) {
        if (!(error instanceof FormatError)) throw error;
        ixmlError = error.message;
      }
    }
    offset = start + size + (size & 1);
  }
  if (fmt === null) {
    throw fail(null, complete ? 'has no “fmt ” chunk' : `no “fmt ” chunk in the first ${bytes.length} bytes; read more of the file`);
  }
  return { container, ...fmt, bext, ixml, ixmlError, chunks, complete };
}

/**
 * The timecode label of a take's first sample: samples since midnight → frames with the exact
 * rate (never via seconds, which puts a 23.976 take 45 s late), floored, but snapped to the
 * next frame when within one sample of it, since writers store the sample at or after a frame
 * start that falls between samples.
 */
export function startTimecodeFromBext(timeReference: bigint, sampleRate: number, rate: Fraction, dropFrame: boolean): string {
  if (timeReference < 0n) throw new Error('TimeReference cannot be negative');
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) throw new Error(`${sampleRate} is not a sample rate`);
  if (!(Number.isInteger(rate.num) && Number.isInteger(rate.den) && rate.num > 0 && rate.den > 0)) {
    throw new Error(`${rate.num}/${rate.den} is not a frame rate`);
  }
  if (dropFrame && !dropFrameAllowed(rate)) throw new Error(`drop-frame timecode does not exist at ${rate.num}/${rate.den}`);
  const numerator = timeReference * BigInt(rate.num);
  const denominator = BigInt(sampleRate) * BigInt(rate.den);
  let frames = numerator / denominator;
  if ((numerator % denominator) + BigInt(rate.num) > denominator) frames += 1n;
  const base: TimecodeBase = { rate, nominal: Math.round(rate.num / rate.den), dropFrame };
  return framesToTimecode(Number(frames % BigInt(framesPerDay(base))), base);
}

/** The take's start timecode from iXML's rate and flag and bext's TimeReference (or iXML's own timestamp); null when either is missing. */
export function broadcastWaveStartTimecode(wave: BroadcastWave): string | null {
  const speed = wave.ixml?.speed;
  if (!speed?.timecodeRate) return null;
  const dropFrame = speed.timecodeFlag === 'DF';
  // bext counts samples at the file's own rate; iXML states the rate of its timestamp.
  if (wave.bext) return startTimecodeFromBext(wave.bext.timeReference, wave.sampleRate, speed.timecodeRate, dropFrame);
  if (speed.timestampSamplesSinceMidnight === null) return null;
  return startTimecodeFromBext(
    speed.timestampSamplesSinceMidnight,
    speed.timestampSampleRate ?? wave.sampleRate,
    speed.timecodeRate,
    dropFrame,
  );
}
