import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { DERIVED_FILES, FILMSTRIP_FRAMES, PROXY_SPEC } from '@rushes/shared';
import type { ObjectStore } from '../ports';
import { run } from './ffmpeg/tools';
import type { GradedFilmstripFrames } from './mediaConvertTranscoder';

export interface FilmstripTilerOptions {
  ffmpeg: string;
  /** The derived bucket: the frames are read from it, and deleted once tiled. */
  derived: Pick<ObjectStore, 'list' | 'delete'>;
  /** Copies one object to a local file. */
  fetch(key: string, file: string): Promise<void>;
  /** Uploads the finished filmstrip. */
  store(key: string, file: string, contentType: string): Promise<void>;
  workDir: string;
}

/** The same JPEG quality as the ffmpeg adapter's filmstrips (ffmpeg's 2–31 scale from a percentage). */
const JPEG_Q = String(Math.max(2, Math.min(31, Math.round(2 + (100 - PROXY_SPEC.jpegQuality) / 5))));

/**
 * The graded filmstrip in the cloud: MediaConvert captured its frames through the look (a job
 * output, see filmstripFramesOutput); ffmpeg in the status Lambda lays them out as local mode
 * lays its filmstrip out (each frame letterboxed into a cell, cells in rows), stores the one
 * JPEG and deletes the frames. Nothing is graded here: the frames already are.
 */
export class FilmstripTiler {
  constructor(private readonly options: FilmstripTilerOptions) {}

  /** The key of the stored filmstrip; throws when there are no frames or ffmpeg fails. */
  async tile(request: GradedFilmstripFrames, signal?: AbortSignal): Promise<string> {
    const frames: string[] = [];
    for await (const object of this.options.derived.list(`${request.frames}.`)) {
      if (/\.\d{7}\.jpg$/.test(object.key)) frames.push(object.key);
    }
    frames.sort();
    if (frames.length === 0) throw new Error(`MediaConvert left no filmstrip frames at ${request.frames}`);
    await mkdir(this.options.workDir, { recursive: true });
    const dir = await mkdtemp(path.join(this.options.workDir, 'filmstrip-'));
    try {
      const kept = frames.slice(0, FILMSTRIP_FRAMES);
      for (const [index, key] of kept.entries()) await this.options.fetch(key, path.join(dir, frameName(index)));
      const output = path.join(dir, DERIVED_FILES.filmstrip.name);
      await run(this.options.ffmpeg, tileArguments(path.join(dir, 'frame-%07d.jpg'), output), { timeoutMs: 5 * 60_000, signal });
      const size = await stat(output).then(
        (s) => s.size,
        () => 0,
      );
      if (size === 0) throw new Error('ffmpeg finished but wrote no filmstrip');
      await this.options.store(request.key, output, DERIVED_FILES.filmstrip.contentType);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    // The frames were only a means: once the filmstrip is stored they go (a retry finds none and fails, keeping the filmstrip).
    for (const key of frames) await this.options.derived.delete(key);
    return request.key;
  }
}

/** ffmpeg's arguments: a numbered JPEG sequence in, one tiled JPEG out (a short sequence leaves the last cells black). */
export function tileArguments(pattern: string, output: string): string[] {
  const { frameWidth: w, frameHeight: h, columns, rows } = PROXY_SPEC.filmstrip;
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-y',
    '-framerate',
    '1',
    '-start_number',
    '0',
    '-i',
    pattern,
    '-vf',
    `scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2,setsar=1,tile=${columns}x${rows}`,
    '-frames:v',
    '1',
    '-q:v',
    JPEG_Q,
    '-f',
    'image2',
    output,
  ];
}

function frameName(index: number): string {
  return `frame-${String(index).padStart(7, '0')}.jpg`;
}
