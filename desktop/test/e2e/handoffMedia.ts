// Media for the hand-off e2e, made at test time: camera clips carrying a start timecode and
// slate tags, Broadcast WAVs carrying a sound report (bext + iXML, written here from EBU Tech
// 3285's layout and the iXML element names), and the burn-in comparison against a reference
// that ffmpeg's drawtext draws in the test.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { BURN_IN_SPEC } from '@rushes/shared';

const exec = promisify(execFile);

export interface Slate {
  scene: string;
  take: string;
  reel: string;
}

/**
 * A 1 s camera clip, 1280×720 ProRes at 25 fps, one flat colour (R 200, G 60, B 20, tagged
 * BT.709), a start timecode, and the slate as Apple pro-apps keys (what Final Cut Pro and
 * Blackmagic cameras write; the ingest reads them).
 */
export async function cameraClip(file: string, timecode: string, slate: Slate): Promise<void> {
  await exec('ffmpeg', [
    ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=0xC83C14:size=1280x720:rate=25:duration=1'],
    ...[
      '-vf',
      'scale=out_color_matrix=bt709:out_range=tv,format=yuv422p10le,setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709',
    ],
    ...['-c:v', 'prores', '-profile:v', '0', '-timecode', timecode, '-movflags', 'use_metadata_tags'],
    ...['-metadata', `com.apple.proapps.scene=${slate.scene}`, '-metadata', `com.apple.proapps.shot=${slate.take}`],
    ...['-metadata', `com.apple.proapps.reel=${slate.reel}`, '-f', 'mov', file],
  ]);
}

/** 01:02:03:04 at 25 fps: (3723 s + 4 frames) at 48 kHz. */
const SAMPLES_AT_START = 3723 * 48_000 + 4 * (48_000 / 25);

function chunk(id: string, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'ascii');
  head.writeUInt32LE(payload.length, 4);
  return Buffer.concat([head, payload, Buffer.alloc(payload.length % 2)]);
}

function fixed(text: string, size: number): Buffer {
  const out = Buffer.alloc(size);
  out.write(text, 'ascii');
  return out;
}

/** The iXML a recorder writes for a take, at 25 fps NDF from 01:02:03:04 (TimeReference 3723.16 s × 48000). */
export function soundReportXml(slate: Slate, circled: boolean): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\r\n<BWFXML><IXML_VERSION>1.61</IXML_VERSION><PROJECT>HANDOFF</PROJECT>` +
    `<SCENE>${slate.scene}</SCENE><TAKE>${slate.take}</TAKE><TAPE>${slate.reel}</TAPE><CIRCLED>${circled ? 'TRUE' : 'FALSE'}</CIRCLED>` +
    `<NOTE>clean take</NOTE><SPEED><TIMECODE_RATE>25/1</TIMECODE_RATE><TIMECODE_FLAG>NDF</TIMECODE_FLAG>` +
    `<FILE_SAMPLE_RATE>48000</FILE_SAMPLE_RATE><TIMESTAMP_SAMPLE_RATE>48000</TIMESTAMP_SAMPLE_RATE>` +
    `<TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>0</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI>` +
    `<TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO>${SAMPLES_AT_START}</TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO></SPEED>` +
    `<TRACK_LIST><TRACK_COUNT>2</TRACK_COUNT>` +
    `<TRACK><CHANNEL_INDEX>1</CHANNEL_INDEX><INTERLEAVE_INDEX>1</INTERLEAVE_INDEX><NAME>Boom</NAME></TRACK>` +
    `<TRACK><CHANNEL_INDEX>2</CHANNEL_INDEX><INTERLEAVE_INDEX>2</INTERLEAVE_INDEX><NAME>Lav 1</NAME></TRACK></TRACK_LIST></BWFXML>`
  );
}

/**
 * Half a second of 16-bit stereo silence at 48 kHz in a Broadcast WAV laid out as a Sound
 * Devices recorder writes it (bext, iXML, fmt, data); `ixml` is the iXML chunk's text as given.
 */
export async function broadcastWav(file: string, slate: Slate, ixml: string): Promise<void> {
  const description = `sSCENE=${slate.scene}\r\nsTAKE=${slate.take}\r\nsTAPE=${slate.reel}\r\n`;
  const reference = Buffer.alloc(8);
  reference.writeBigUInt64LE(BigInt(SAMPLES_AT_START));
  const version = Buffer.alloc(2);
  version.writeUInt16LE(1);
  const bext = Buffer.concat([
    fixed(description, 256),
    fixed('Rushes e2e', 32),
    fixed('RUSHESE2E0001', 32),
    fixed('2026-12-07', 10),
    fixed('09:00:00', 8),
    reference,
    version,
    Buffer.alloc(64 + 190),
    Buffer.from('A=PCM,F=48000,W=16,M=stereo,T=Rushes e2e\r\n', 'ascii'),
  ]);
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(1, 0); // PCM
  fmt.writeUInt16LE(2, 2);
  fmt.writeUInt32LE(48_000, 4);
  fmt.writeUInt32LE(48_000 * 4, 8);
  fmt.writeUInt16LE(4, 12);
  fmt.writeUInt16LE(16, 14);
  const body = Buffer.concat([
    Buffer.from('WAVE', 'ascii'),
    chunk('bext', bext),
    chunk('iXML', Buffer.from(ixml, 'utf8')),
    chunk('fmt ', fmt),
    chunk('data', Buffer.alloc(24_000 * 4)),
  ]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'ascii');
  head.writeUInt32LE(body.length, 4);
  await writeFile(file, Buffer.concat([head, body]));
}

/** A picture as 8-bit luma, row by row. */
export interface GreyFrame {
  width: number;
  height: number;
  pixels: Buffer;
}

/** The first frame of a video file as luma. */
export async function firstFrame(file: string): Promise<GreyFrame> {
  const { stdout: size } = await exec('ffprobe', [
    ...['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file],
  ]);
  const [width, height] = size.trim().split(',').map(Number) as [number, number];
  const { stdout } = await exec('ffmpeg', ['-v', 'error', '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], {
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { width, height, pixels: stdout as Buffer };
}

/**
 * A frame of `width`×`height` in one grey (`background`, 0–255), with `text` drawn where and
 * how the proxy spec says a timecode burn-in goes: DejaVu Sans Mono at 4.5 % of the height,
 * white on a half-black box, bottom right, 3 % in from the edges.
 */
export async function referenceBurnIn(
  width: number,
  height: number,
  background: number,
  text: string,
  scratch: string,
): Promise<GreyFrame> {
  const size = Math.max(10, Math.round(height * BURN_IN_SPEC.fontHeight));
  const margin = Math.max(4, Math.round(height * BURN_IN_SPEC.margin));
  await writeFile(scratch, text);
  const grey = background.toString(16).padStart(2, '0').repeat(3);
  const draw =
    `drawtext=fontfile=${BURN_IN_SPEC.fontFile}:textfile=${scratch}:expansion=none:fontsize=${size}:fontcolor=white` +
    `:box=1:boxcolor=black@0.5:boxborderw=${Math.round(size / 5)}:x=w-tw-${margin}:y=h-th-${margin}`;
  const { stdout } = await exec(
    'ffmpeg',
    [
      ...['-v', 'error', '-f', 'lavfi', '-i', `color=c=0x${grey}:size=${width}x${height}:rate=25`, '-vf', `format=yuv420p,${draw}`],
      ...['-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'],
    ],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  return { width, height, pixels: stdout as Buffer };
}

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where a reference frame differs from its flat background: the burn-in's box. */
export function drawnRegion(reference: GreyFrame, background: number): Region {
  let [left, top, right, bottom] = [reference.width, reference.height, -1, -1];
  for (let y = 0; y < reference.height; y++) {
    for (let x = 0; x < reference.width; x++) {
      if (reference.pixels[y * reference.width + x] === background) continue;
      [left, top, right, bottom] = [Math.min(left, x), Math.min(top, y), Math.max(right, x), Math.max(bottom, y)];
    }
  }
  if (right < 0) throw new Error('the reference frame has nothing drawn on it');
  return { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}

/** Mean absolute difference of two frames' luma over a region, in code values. */
export function meanDifference(a: GreyFrame, b: GreyFrame, region: Region): number {
  if (a.width !== b.width || a.height !== b.height)
    throw new Error(`frames differ in size: ${a.width}×${a.height}, ${b.width}×${b.height}`);
  let sum = 0;
  for (let y = region.y; y < region.y + region.height; y++) {
    for (let x = region.x; x < region.x + region.width; x++) sum += Math.abs(a.pixels[y * a.width + x]! - b.pixels[y * b.width + x]!);
  }
  return sum / (region.width * region.height);
}

/** The luma at a point: the picture's own grey where no burn-in is drawn. */
export function lumaAt(frame: GreyFrame, x: number, y: number): number {
  return frame.pixels[y * frame.width + x]!;
}
