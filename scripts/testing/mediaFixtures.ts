// Test support: media made with ffmpeg's test sources at test time, cached between runs in
// the temp folder (media is never committed).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { proresClipArgs } from '../ffmpegRecipes';

/** Bump when a recipe changes, so stale cached files are not reused. */
const RECIPES_VERSION = 3;

const proresClip = (size: string, rate: string, seconds: number, timecode = '01:00:00:00') =>
  proresClipArgs({ size, rate, seconds, timecode });

/** File name → ffmpeg arguments before the output path. */
export const RECIPES = {
  /** ProRes 422, 1080p at 25 fps, timecode 01:00:00:00, stereo 24-bit PCM, BT.709. */
  'prores-25.mov': proresClip('1920x1080', '25', 5),
  /** ProRes 422, 720p at 24000/1001 fps (23.976), timecode 01:00:00:00. */
  'prores-23976.mov': proresClip('1280x720', '24000/1001', 5),
  /**
   * ProRes 422, 640×360 at 30000/1001 fps drop-frame, starting 2 s before a minute that
   * drops labels: 01:00:58;00, so 01:00:59;29 is followed by 01:01:00;02.
   */
  'prores-2997df.mov': proresClip('640x360', '30000/1001', 4, '01:00:58;00'),
  /** Long enough to stop a stack while its job runs. */
  'prores-10s.mov': proresClip('1920x1080', '25', 10),
  /** Broadcast WAV: 3 s, 48 kHz, 24-bit stereo. */
  'tone.wav': ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=3', '-ac', '2', '-c:a', 'pcm_s24le', '-f', 'wav'],
  // Codecs named: the cache writes to a temporary name, whose extension says nothing.
  'still.png': ['-f', 'lavfi', '-i', 'testsrc2=size=800x600:rate=1', '-frames:v', '1', '-c:v', 'png', '-f', 'image2'],
  'still.tiff': ['-f', 'lavfi', '-i', 'testsrc2=size=640x480:rate=1', '-frames:v', '1', '-c:v', 'tiff', '-f', 'image2'],
  /** For the 1,000-file test: as small as media gets. */
  'tiny.png': ['-f', 'lavfi', '-i', 'testsrc2=size=32x32:rate=1', '-frames:v', '1', '-c:v', 'png', '-f', 'image2'],
  'tiny.wav': ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=8000:duration=0.1', '-c:a', 'pcm_s16le', '-f', 'wav'],
  /** One flat colour (R 200, G 60, B 20), 640×360 ProRes at 25 fps from 01:00:00:00: a look's effect is a number to check. */
  'flat-colour.mov': [
    '-f',
    'lavfi',
    '-i',
    'color=c=0xC83C14:size=640x360:rate=25:duration=2',
    '-vf',
    // Converted with the BT.709 matrix it is tagged with, so a player decodes R 200, G 60, B 20 again.
    'scale=out_color_matrix=bt709:out_range=tv,format=yuv422p10le,setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709',
    '-c:v',
    'prores',
    '-profile:v',
    '2',
    '-pix_fmt',
    'yuv422p10le',
    '-timecode',
    '01:00:00:00',
    '-f',
    'mov',
  ],
  /** The benchmark's clip: 60 s of 1080p ProRes 422 at 25 fps. */
  'bench-60s.mov': proresClip('1920x1080', '25', 60),
} as const;

export type FixtureName = keyof typeof RECIPES | 'corrupt.mov' | 'empty.mov';

export function fixtureDir(): string {
  return path.join(os.tmpdir(), `rushes-media-fixtures-v${RECIPES_VERSION}`);
}

/** The path of a fixture, made first if the cache does not have it. */
export async function fixture(name: FixtureName): Promise<string> {
  const dir = fixtureDir();
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  if (
    await stat(file).then(
      (s) => s.isFile(),
      () => false,
    )
  )
    return file;
  const partial = `${file}.${process.pid}.partial`;
  if (name === 'empty.mov') await writeFile(partial, '');
  // Not media at all, under a media name: what a half-copied or mislabelled file looks like to
  // ffprobe. The same bytes every time: random ones now and then probed as some format with no
  // streams, which is a different failure.
  else if (name === 'corrupt.mov') await writeFile(partial, noise(64 * 1024));
  else await ffmpeg([...RECIPES[name], partial]);
  await rename(partial, file);
  return file;
}

/** `size` bytes that look random and are the same on every machine (SHA-256 in counter mode). */
function noise(size: number): Buffer {
  const blocks: Buffer[] = [];
  for (let i = 0; i * 32 < size; i += 1) blocks.push(createHash('sha256').update(`rushes corrupt fixture ${i}`).digest());
  return Buffer.concat(blocks).subarray(0, size);
}

function ffmpeg(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`ffmpeg could not make a fixture (exit ${code}): ${stderr}`)),
    );
  });
}
