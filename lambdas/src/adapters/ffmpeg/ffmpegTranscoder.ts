import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DERIVED_FILES, FILMSTRIP_FRAMES, PROXY_SPEC, type DerivedFile, type DerivedKeys, type Size } from '@rushes/shared';
import { MediaUnusable, type DerivativePlan, type TranscodeRequest, type TranscodeResult, type Transcoder } from '../../ports';
import { LookCubeCache } from './lookCubes';
import { burnInTexts, gradedGraph, type LookFiles } from './lookFilters';
import { plannedFiles } from './plannedFiles';
import { ProcessFailed, SOURCE_PROTOCOLS, isFetchTrouble, lastLine, run } from './tools';

export interface FfmpegTranscoderOptions {
  ffmpeg: string;
  /** A GET URL for an object of the media bucket (presigned): ffmpeg streams it, no copy on disk. */
  sourceUrl(key: string): Promise<string>;
  /** Stores one finished derivative in the derived bucket. */
  store(key: string, file: string, contentType: string): Promise<void>;
  /** Where each job makes its files before they are stored (a folder per job, removed after it) and baked cubes are kept. */
  workDir: string;
  /** Copies an object of the derived bucket (a look's baked cube) to a local file; needed for looks only. */
  fetchDerived?(key: string, file: string): Promise<void>;
  /** The burn-in font (burnInFont()); null or absent falls back to fontconfig's monospace. */
  fontFile?: string | null;
}

/**
 * The Transcoder with ffmpeg (local mode). One ffmpeg run per asset decodes the source once
 * and writes every derivative from that one decode (proxy, thumbnail and filmstrip of a
 * video; proxy and waveform of a sound; preview and thumbnail of a still), then the files
 * go to the derived bucket.
 */
export class FfmpegTranscoder implements Transcoder {
  readonly name = 'ffmpeg';

  /** Baked cubes kept between jobs: the clips of one folder share its look. */
  private readonly cubes: LookCubeCache | null;

  constructor(private readonly options: FfmpegTranscoderOptions) {
    const fetch = options.fetchDerived;
    this.cubes = fetch
      ? new LookCubeCache({ dir: path.join(options.workDir, 'look-cubes'), fetch: (key, file) => fetch(key, file) })
      : null;
  }

  async transcode(request: TranscodeRequest, signal?: AbortSignal): Promise<TranscodeResult> {
    await mkdir(this.options.workDir, { recursive: true });
    const dir = await mkdtemp(path.join(this.options.workDir, 'job-'));
    try {
      const input = await this.options.sourceUrl(request.sourceKey);
      const files = plannedFiles(request.plan);
      const local = (file: DerivedFile, graded = false) => path.join(dir, `${graded ? 'graded-' : ''}${DERIVED_FILES[file].name}`);
      const look = await this.lookFiles(request.plan, dir);
      const args = ffmpegArguments(request.plan, input, local, look);
      try {
        await run(this.options.ffmpeg, args, { timeoutMs: timeoutFor(request.plan), signal });
      } catch (error) {
        throw classify(error);
      }
      const stored = new Map<string, string>();
      await Promise.all(
        files.map(async ({ file, key, required, graded }) => {
          const made = local(file, graded);
          const size = await stat(made).then(
            (s) => s.size,
            () => 0,
          );
          if (size === 0) {
            // A thumbnail past the real end of a clip whose header lied about its length: the proxy still counts.
            if (required) throw new Error(`ffmpeg finished but wrote no ${DERIVED_FILES[file].name}`);
            return;
          }
          await this.options.store(key, made, DERIVED_FILES[file].contentType);
          stored.set(`${graded}:${file}`, key);
        }),
      );
      const derived: Partial<Record<keyof DerivedKeys, string>> = {};
      for (const { file, derivative, graded } of files) {
        const key = stored.get(`${graded}:${file}`);
        if (key && !graded) derived[derivative] = key;
      }
      const graded = request.plan.kind === 'video' ? request.plan.graded : undefined;
      if (!graded) return { status: 'done', derived };
      return {
        status: 'done',
        derived,
        graded: {
          lookId: graded.lookId,
          proxy: graded.proxyKey,
          thumbnail: stored.get('true:thumbnail') ?? null,
          filmstrip: stored.get('true:filmstrip') ?? null,
        },
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** The baked cube fetched and the burn-in texts written into the job's folder, for a graded plan. */
  private async lookFiles(plan: DerivativePlan, dir: string): Promise<LookFiles | undefined> {
    if (plan.kind !== 'video' || !plan.graded) return undefined;
    const { cubeKey, burnIn } = plan.graded;
    const cube = cubeKey ? path.join(dir, 'look.cube') : null;
    if (cube && cubeKey) {
      if (!this.cubes) throw new Error('This ffmpeg transcoder was set up without a way to read looks');
      await this.cubes.place(cubeKey, cube);
    }
    const files: LookFiles = { cube, font: this.options.fontFile ?? null, text: (name) => path.join(dir, `${name}.txt`) };
    for (const { name, text } of burnInTexts(burnIn)) await writeFile(files.text(name), text, 'utf8');
    return files;
  }
}

/** ffmpeg's JPEG scale runs 2 (best) to 31; PROXY_SPEC says percent. */
const JPEG_Q = String(Math.max(2, Math.min(31, Math.round(2 + (100 - PROXY_SPEC.jpegQuality) / 5))));

/** One JPEG still from a filter graph label. */
function jpeg(label: string, file: string): string[] {
  return ['-map', label, '-frames:v', '1', '-q:v', JPEG_Q, '-f', 'image2', file];
}

/** The proxy's encoding (PROXY_SPEC), from a filter graph label, with the source's sound. */
function proxyOutput(plan: Extract<DerivativePlan, { kind: 'video' }>, label: string, file: string): string[] {
  const { video, audio } = PROXY_SPEC;
  const rate = plan.proxy.frameRate;
  const keyframes = rate ? Math.max(1, Math.round((video.keyframeSeconds * rate.num) / rate.den)) : 48;
  return [
    '-map',
    label,
    ...(plan.proxy.withAudio
      ? ['-map', '0:a:0', '-c:a', 'aac', '-b:a', String(audio.bitrate), '-ac', String(audio.channels), '-ar', String(audio.sampleRate)]
      : ['-an']),
    '-c:v',
    'libx264',
    '-profile:v',
    video.profile,
    '-preset',
    'veryfast',
    '-crf',
    String(video.crf),
    '-maxrate',
    String(video.maxBitrate),
    '-bufsize',
    String(video.bufferSize),
    '-g',
    String(keyframes),
    // The source's exact rate (24000/1001 stays 24000/1001), never a rounded one.
    ...(rate ? ['-r', `${rate.num}/${rate.den}`] : []),
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    file,
  ];
}

/**
 * The ffmpeg arguments for a plan: one input, one filter graph that splits the decoded
 * picture (or sound) to every output. Exported so the benchmark runs exactly these, bare.
 */
export function ffmpegArguments(
  plan: DerivativePlan,
  input: string,
  output: (file: DerivedFile, graded?: boolean) => string,
  look?: LookFiles,
): string[] {
  const head = inputArguments(input);
  const { video, audio } = PROXY_SPEC;
  switch (plan.kind) {
    case 'video': {
      const { proxy, thumbnail, graded } = plan;
      const asShot = !(graded && plan.gradedOnly);
      // trim, then the first frame left: one still, without buffering the rest of the clip.
      const still = (size: Size) => `trim=start=${thumbnail.atSeconds},select=eq(n\\,0),scale=${size.width}:${size.height},setsar=1`;
      const strip = plan.filmstrip ? filmstripFilter(plan.filmstrip.durationSeconds) : null;
      const labels = [...(asShot ? ['[p]', '[t]', ...(strip ? ['[f]'] : [])] : []), ...(graded ? ['[g]'] : [])];
      const graph = [labels.length > 1 ? `[0:v:0]split=${labels.length}${labels.join('')}` : `[0:v:0]null${labels[0]}`];
      if (asShot) {
        graph.push(`[p]scale=${proxy.size.width}:${proxy.size.height},setsar=1,format=${video.pixelFormat}[proxy]`);
        graph.push(`[t]${still(thumbnail.size)}[thumb]`);
        if (strip) graph.push(`[f]${strip}[film]`);
      }
      if (graded) {
        if (!look) throw new Error('A graded plan needs the look files on disk');
        graph.push(
          ...gradedGraph('g', graded, proxy.size, { thumbnail: still(thumbnail.size), filmstrip: strip }, look, video.pixelFormat),
        );
      }
      const stills = (thumb: string, film: string, graded: boolean) => [
        ...jpeg(thumb, output('thumbnail', graded)),
        ...(strip ? jpeg(film, output('filmstrip', graded)) : []),
      ];
      return [
        ...head,
        '-filter_complex',
        graph.join(';'),
        ...(asShot ? [...proxyOutput(plan, '[proxy]', output('videoProxy', false)), ...stills('[thumb]', '[film]', false)] : []),
        ...(graded ? [...proxyOutput(plan, '[gproxy]', output('videoProxy', true)), ...stills('[gthumb]', '[gfilm]', true)] : []),
      ];
    }
    case 'audio': {
      const graph = ['[0:a:0]asplit=2[a][w]', `[w]${waveformFilter()}[wave]`];
      return [
        ...head,
        '-filter_complex',
        graph.join(';'),
        '-map',
        '[a]',
        '-c:a',
        'aac',
        '-b:a',
        String(audio.audioOnlyBitrate),
        '-ac',
        String(audio.channels),
        '-ar',
        String(audio.sampleRate),
        '-movflags',
        '+faststart',
        '-f',
        'mp4',
        output('audioProxy'),
        '-map',
        '[wave]',
        '-frames:v',
        '1',
        '-f',
        'image2',
        output('waveform'),
      ];
    }
    case 'image': {
      const { preview, thumbnail } = plan;
      const graph = [
        '[0:v:0]split=2[p][t]',
        `[p]scale=${preview.size.width}:${preview.size.height},setsar=1[preview]`,
        `[t]scale=${thumbnail.size.width}:${thumbnail.size.height},setsar=1[thumb]`,
      ];
      return [
        ...head,
        '-filter_complex',
        graph.join(';'),
        '-map',
        '[preview]',
        '-frames:v',
        '1',
        '-q:v',
        JPEG_Q,
        '-f',
        'image2',
        output('preview'),
        '-map',
        '[thumb]',
        '-frames:v',
        '1',
        '-q:v',
        JPEG_Q,
        '-f',
        'image2',
        output('thumbnail'),
      ];
    }
  }
}

function inputArguments(input: string, options: { keyframesOnly?: boolean } = {}): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    '-loglevel',
    'error',
    '-y',
    '-protocol_whitelist',
    SOURCE_PROTOCOLS,
    ...(options.keyframesOnly ? ['-skip_frame', 'nokey'] : []),
    '-i',
    input,
  ];
}

/** FILMSTRIP_FRAMES pictures spread over the duration, letterboxed into one tiled JPEG. */
function filmstripFilter(durationSeconds: number): string {
  const { frameWidth: w, frameHeight: h, columns, rows } = PROXY_SPEC.filmstrip;
  return `fps=${FILMSTRIP_FRAMES}/${durationSeconds},scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2,setsar=1,tile=${columns}x${rows}`;
}

/**
 * showwavespic keeps every sample until the end: one channel at 16 kHz keeps that small. It
 * also wants a sample per column, so a blip shorter than that is padded with silence.
 */
function waveformFilter(): string {
  const { width, height, colour } = PROXY_SPEC.waveform;
  return `aresample=16000,aformat=sample_fmts=s16:channel_layouts=mono,apad=whole_len=${width},showwavespic=s=${width}x${height}:colors=${colour}`;
}

/** What a proxy made elsewhere (MediaConvert) still needs: a video's filmstrip, a sound's waveform. */
export type CompanionRequest =
  | { readonly kind: 'video'; readonly proxyKey: string; readonly filmstrip: { readonly key: string; readonly durationSeconds: number } }
  | { readonly kind: 'audio'; readonly proxyKey: string; readonly waveform: { readonly key: string } };

/**
 * Past this many seconds per filmstrip frame, decoding only the proxy's keyframes (one every
 * PROXY_SPEC.video.keyframeSeconds) still gives every frame of the filmstrip its own picture,
 * at a fraction of the decoding.
 */
const KEYFRAMES_SUFFICE_SECONDS = FILMSTRIP_FRAMES * PROXY_SPEC.video.keyframeSeconds * 2;

/** The ffmpeg arguments that make a companion from the proxy: one input, one output. */
export function companionArguments(request: CompanionRequest, input: string, output: (file: DerivedFile) => string): string[] {
  if (request.kind === 'video') {
    const { durationSeconds } = request.filmstrip;
    return [
      ...inputArguments(input, { keyframesOnly: durationSeconds > KEYFRAMES_SUFFICE_SECONDS }),
      '-filter_complex',
      `[0:v:0]${filmstripFilter(durationSeconds)}[film]`,
      '-map',
      '[film]',
      '-frames:v',
      '1',
      '-q:v',
      JPEG_Q,
      '-f',
      'image2',
      output('filmstrip'),
    ];
  }
  return [
    ...inputArguments(input),
    '-filter_complex',
    `[0:a:0]${waveformFilter()}[wave]`,
    '-map',
    '[wave]',
    '-frames:v',
    '1',
    '-f',
    'image2',
    output('waveform'),
  ];
}

/**
 * Filmstrips and waveforms for proxies made by MediaConvert, which has no such outputs: ffmpeg
 * reads the finished proxy (small, 720p H.264 or AAC) from the derived bucket, so the cloud
 * shows the same hover scrub and waveform as local mode. `sourceUrl` reads the derived bucket.
 */
export class FfmpegCompanions {
  constructor(private readonly options: Pick<FfmpegTranscoderOptions, 'ffmpeg' | 'sourceUrl' | 'store' | 'workDir'>) {}

  async make(request: CompanionRequest, signal?: AbortSignal): Promise<Partial<DerivedKeys>> {
    await mkdir(this.options.workDir, { recursive: true });
    const dir = await mkdtemp(path.join(this.options.workDir, 'companion-'));
    try {
      const file: DerivedFile = request.kind === 'video' ? 'filmstrip' : 'waveform';
      const local = path.join(dir, DERIVED_FILES[file].name);
      const input = await this.options.sourceUrl(request.proxyKey);
      const seconds = request.kind === 'video' ? request.filmstrip.durationSeconds : 0;
      await run(
        this.options.ffmpeg,
        companionArguments(request, input, () => local),
        { timeoutMs: 10 * 60_000 + seconds * 1000, signal },
      );
      if (
        (await stat(local).then(
          (s) => s.size,
          () => 0,
        )) === 0
      )
        throw new Error(`ffmpeg finished but wrote no ${DERIVED_FILES[file].name}`);
      const key = request.kind === 'video' ? request.filmstrip.key : request.waveform.key;
      await this.options.store(key, local, DERIVED_FILES[file].contentType);
      return request.kind === 'video' ? { filmstrip: key } : { waveform: key };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/** Generous: a 1080p ProRes hour takes about 45 minutes on two cores. */
function timeoutFor(plan: DerivativePlan): number {
  const seconds = plan.kind === 'video' ? (plan.filmstrip?.durationSeconds ?? 0) : 0;
  return 30 * 60_000 + seconds * 10_000;
}

const DAMAGED_DATA =
  /Invalid data found|Error while decoding|corrupt|moov atom not found|Invalid NAL|error reading header|could not find codec parameters|Decoder \(codec [^)]*\) not found|Unsupported codec|does not contain any stream|Output file #\d+ does not contain any stream/i;

/**
 * A decoder that gives up on the data fails the asset with a reason; anything else (a killed
 * process, a full disk, a source that could not be fetched) is thrown for another try.
 */
function classify(error: unknown): unknown {
  if (!(error instanceof ProcessFailed) || error.signal !== null || isFetchTrouble(error.stderrTail)) return error;
  if (DAMAGED_DATA.test(error.stderrTail)) {
    return new MediaUnusable(
      `The file could not be decoded to the end: it may be damaged or cut short (ffmpeg: ${lastLine(error.stderrTail).slice(0, 200)}).`,
      {
        cause: error,
      },
    );
  }
  return error;
}
