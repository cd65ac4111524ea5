import { CreateJobCommand, type CreateJobCommandInput, type MediaConvertClient, type Output } from '@aws-sdk/client-mediaconvert';
import { PROXY_SPEC, type DerivedKeys, type GradedDerivatives } from '@rushes/shared';
import { LUT_INPUT, filmstripFramesOutput, filmstripFramesPrefix, gradedOutput, lutSettings } from './mediaConvertLook';
import { watermarkSelector, watermarkSidecar, watermarkSidecarKey } from './mediaConvertWatermark';
import type { DerivativePlan, ObjectStore, TranscodeRequest, TranscodeResult, Transcoder } from '../ports';

export interface MediaConvertOptions {
  /** The role MediaConvert assumes to read the media bucket and write the derived bucket. */
  roleArn: string;
  mediaBucket: string;
  derivedBucket: string;
  /** A queue ARN; the account's default on-demand queue when absent. */
  queueArn?: string;
  /**
   * Written into each job's user metadata, so the EventBridge rule for job state changes
   * picks this deploy's jobs only (MediaConvert's events are account-wide).
   */
  owner?: string;
}

/** What a job carries back in its completion event: whose it is, which asset, where its outputs went. */
export interface JobMetadata {
  assetId: string;
  sourceKey: string;
  owner?: string;
  /** JSON of the derived keys the outputs will have. */
  derived: string;
  /** JSON of what ffmpeg makes from the finished proxy (a CompanionRequest without the proxy key); absent when nothing. */
  companions?: string;
  /** JSON of the graded derivatives the job makes through the folder's look (GradedDerivatives); absent without a look. */
  graded?: string;
  /** JSON of the graded filmstrip's captured frames for the status Lambda to tile (GradedFilmstripFrames); absent when none. */
  gradedFilmstrip?: string;
  /** The look re-render the job belongs to (QueuedLookRenders); absent for an ingest. */
  lookRenderId?: string;
}

/** Where a job's graded filmstrip frames go (`<frames>.<7-digit index>.jpg`) and where the tiled filmstrip goes. */
export interface GradedFilmstripFrames {
  frames: string;
  key: string;
}

/** A text file the job reads, written to the derived bucket before the job is submitted. */
export interface JobSidecar {
  key: string;
  text: string;
  contentType: string;
}

/**
 * The Transcoder with AWS Elemental MediaConvert (cloud). It submits one job per asset,
 * built from the same PROXY_SPEC as the ffmpeg adapter, and returns at once: MediaConvert
 * reports completion through EventBridge, whose handler calls Ingest.transcodeFinished.
 *
 * MediaConvert makes the proxy and the thumbnail (frame capture); it has no sprite, waveform
 * or still-image output. The job carries what is left for ffmpeg to make from the finished
 * proxy (`companions`: a video's filmstrip, a sound's waveform), which the status Lambda
 * does; image previews are made by ffmpeg in the ingest Lambda. Asked for a still image, this
 * adapter refuses rather than pretend.
 */
export class MediaConvertTranscoder implements Transcoder {
  readonly name = 'MediaConvert';

  constructor(
    private readonly client: MediaConvertClient,
    private readonly options: MediaConvertOptions,
    /** The derived bucket, where a job's sidecars (the watermark's caption file) are written. */
    private readonly derived: Pick<ObjectStore, 'putText'>,
  ) {}

  async transcode(request: TranscodeRequest, signal?: AbortSignal): Promise<TranscodeResult> {
    const job = mediaConvertJob(request, this.options);
    for (const sidecar of job.sidecars) await this.derived.putText(sidecar.key, sidecar.text, sidecar.contentType);
    const answer = await this.client.send(new CreateJobCommand(job.input), { abortSignal: signal });
    const jobId = answer.Job?.Id;
    if (!jobId) throw new Error(`MediaConvert accepted the job for ${request.assetId} but returned no job id`);
    return { status: 'submitted', jobId, derived: job.derived, ...(job.graded ? { graded: job.graded } : {}) };
  }
}

/** The CreateJob request for a plan, and the keys its outputs will have. */
export function mediaConvertJob(
  request: TranscodeRequest,
  options: MediaConvertOptions,
): { input: CreateJobCommandInput; derived: Partial<DerivedKeys>; graded?: GradedDerivatives; sidecars: JobSidecar[] } {
  const { plan } = request;
  if (plan.kind === 'image') throw new Error('MediaConvert makes no still-image previews; run images through the ffmpeg transcoder');
  const destination = (key: string) => `s3://${options.derivedBucket}/${withoutExtension(key)}`;
  const graded = plan.kind === 'video' ? plan.graded : undefined;
  const asShot = !(graded && plan.kind === 'video' && plan.gradedOnly);
  const derived: Partial<DerivedKeys> =
    plan.kind === 'video'
      ? asShot
        ? { proxy: plan.proxy.key, thumbnail: captured(plan.thumbnail.key, plan.thumbnail.atSeconds) }
        : {}
      : { proxy: plan.proxy.key };
  const gradedKeys: GradedDerivatives | null =
    plan.kind === 'video' && graded
      ? {
          lookId: graded.lookId,
          proxy: graded.proxyKey,
          thumbnail: captured(graded.thumbnailKey, plan.thumbnail.atSeconds),
          // MediaConvert has no sprite output: the status Lambda tiles the frames (gradedFilmstrip) and sets it then.
          filmstrip: null,
        }
      : null;
  const filmstripFrames: GradedFilmstripFrames | null =
    plan.kind === 'video' && graded?.filmstripKey && plan.filmstrip
      ? { frames: filmstripFramesPrefix(graded.filmstripKey), key: graded.filmstripKey }
      : null;
  const watermark = plan.kind === 'video' ? graded?.burnIn?.watermark : null;
  const sidecars: JobSidecar[] =
    graded && watermark
      ? [
          {
            key: watermarkSidecarKey(graded.proxyKey),
            text: watermarkSidecar(watermark.text, plan.kind === 'video' ? (plan.filmstrip?.durationSeconds ?? null) : null),
            contentType: 'text/vtt; charset=utf-8',
          },
        ]
      : [];
  const input: CreateJobCommandInput = {
    Role: options.roleArn,
    ...(options.queueArn ? { Queue: options.queueArn } : {}),
    UserMetadata: {
      assetId: request.assetId,
      sourceKey: request.sourceKey.slice(0, 256),
      ...(options.owner ? { owner: options.owner } : {}),
      derived: JSON.stringify(derived),
      ...(asShot ? companionsOf(plan) : {}),
      ...(gradedKeys ? { graded: JSON.stringify(gradedKeys) } : {}),
      ...(filmstripFrames ? { gradedFilmstrip: JSON.stringify(filmstripFrames) } : {}),
      ...(request.lookRenderId ? { lookRenderId: request.lookRenderId } : {}),
    } satisfies JobMetadata,
    StatusUpdateInterval: 'SECONDS_60',
    Settings: {
      TimecodeConfig: { Source: 'EMBEDDED' },
      ...(graded?.cubeKey ? { ColorConversion3DLUTSettings: [lutSettings(`s3://${options.derivedBucket}/${graded.cubeKey}`)] } : {}),
      Inputs: [
        {
          FileInput: `s3://${options.mediaBucket}/${request.sourceKey}`,
          TimecodeSource: 'EMBEDDED',
          AudioSelectors: { 'Audio Selector 1': { DefaultSelection: 'DEFAULT' } },
          ...(plan.kind === 'video' ? { VideoSelector: { Rotate: 'AUTO', ...(graded?.cubeKey ? LUT_INPUT : {}) } } : {}),
          ...(sidecars[0] ? { CaptionSelectors: watermarkSelector(`s3://${options.derivedBucket}/${sidecars[0].key}`) } : {}),
        },
      ],
      OutputGroups:
        plan.kind === 'video'
          ? [
              ...(asShot
                ? [
                    fileGroup('proxy', destination(plan.proxy.key), videoProxyOutput(plan)),
                    fileGroup('thumbnail', destination(plan.thumbnail.key), thumbnailOutput(plan)),
                  ]
                : []),
              ...(graded
                ? [
                    fileGroup('graded proxy', destination(graded.proxyKey), gradedOutput(videoProxyOutput(plan), graded, true)),
                    fileGroup('graded thumbnail', destination(graded.thumbnailKey), gradedOutput(thumbnailOutput(plan), graded, false)),
                  ]
                : []),
              ...(graded && filmstripFrames && plan.filmstrip
                ? [
                    fileGroup(
                      'graded filmstrip frames',
                      `s3://${options.derivedBucket}/${filmstripFrames.frames}`,
                      gradedOutput(filmstripFramesOutput(plan.proxy.size, plan.filmstrip.durationSeconds), graded, false),
                    ),
                  ]
                : []),
            ]
          : [fileGroup('proxy', destination(plan.proxy.key), audioProxyOutput())],
    },
  };
  return { input, derived, ...(gradedKeys ? { graded: gradedKeys } : {}), sidecars };
}

/** Frame capture names its files <destination>.<7-digit index>.jpg; the thumbnail is capture 1 (see thumbnailOutput). */
function captured(key: string, atSeconds: number): string {
  return `${withoutExtension(key)}.${atSeconds > 0 ? '0000001' : '0000000'}.jpg`;
}

function fileGroup(name: string, destination: string, output: Output) {
  return {
    Name: name,
    OutputGroupSettings: { Type: 'FILE_GROUP_SETTINGS' as const, FileGroupSettings: { Destination: destination } },
    Outputs: [output],
  };
}

type VideoPlan = Extract<DerivativePlan, { kind: 'video' }>;

function aacAudio() {
  const { audio } = PROXY_SPEC;
  return {
    AudioSourceName: 'Audio Selector 1',
    CodecSettings: {
      Codec: 'AAC' as const,
      AacSettings: {
        Bitrate: audio.bitrate,
        CodingMode: 'CODING_MODE_2_0' as const,
        SampleRate: audio.sampleRate,
        CodecProfile: 'LC' as const,
      },
    },
  };
}

function videoProxyOutput(plan: VideoPlan): Output {
  const { video } = PROXY_SPEC;
  const rate = plan.proxy.frameRate;
  return {
    Extension: 'mp4',
    // PROGRESSIVE_DOWNLOAD puts the moov box first: MediaConvert's name for faststart.
    ContainerSettings: { Container: 'MP4', Mp4Settings: { MoovPlacement: 'PROGRESSIVE_DOWNLOAD' } },
    VideoDescription: {
      Width: plan.proxy.size.width,
      Height: plan.proxy.size.height,
      ScalingBehavior: 'DEFAULT',
      CodecSettings: {
        Codec: 'H_264',
        H264Settings: {
          CodecProfile: 'HIGH',
          CodecLevel: 'AUTO',
          RateControlMode: 'QVBR',
          QvbrSettings: { QvbrQualityLevel: video.qvbrLevel },
          MaxBitrate: video.maxBitrate,
          HrdBufferSize: video.bufferSize,
          GopSize: video.keyframeSeconds,
          GopSizeUnits: 'SECONDS',
          SceneChangeDetect: 'ENABLED',
          // The source's exact rate (24000/1001 stays 24000/1001); from the source when the probe had none.
          ...(rate
            ? { FramerateControl: 'SPECIFIED' as const, FramerateNumerator: rate.num, FramerateDenominator: rate.den }
            : { FramerateControl: 'INITIALIZE_FROM_SOURCE' as const }),
        },
      },
    },
    AudioDescriptions: plan.proxy.withAudio ? [aacAudio()] : [],
  };
}

/**
 * One capture at the thumbnail time: captures run at 1 per `atSeconds` seconds from the
 * start, so the second (index 1) is the one at `atSeconds`. The rate is a fraction of whole
 * numbers, 1000 / (the time in milliseconds).
 */
function thumbnailOutput(plan: VideoPlan): Output {
  const at = plan.thumbnail.atSeconds;
  const millis = Math.max(1, Math.round(at * 1000));
  return {
    Extension: 'jpg',
    ContainerSettings: { Container: 'RAW' },
    VideoDescription: {
      Width: plan.thumbnail.size.width,
      Height: plan.thumbnail.size.height,
      ScalingBehavior: 'DEFAULT',
      CodecSettings: {
        Codec: 'FRAME_CAPTURE',
        FrameCaptureSettings: {
          FramerateNumerator: 1000,
          FramerateDenominator: millis,
          MaxCaptures: at > 0 ? 2 : 1,
          Quality: PROXY_SPEC.jpegQuality,
        },
      },
    },
  };
}

function audioProxyOutput(): Output {
  const aac = aacAudio();
  return {
    Extension: 'm4a',
    ContainerSettings: { Container: 'MP4', Mp4Settings: { MoovPlacement: 'PROGRESSIVE_DOWNLOAD' } },
    AudioDescriptions: [
      {
        ...aac,
        CodecSettings: {
          ...aac.CodecSettings,
          AacSettings: { ...aac.CodecSettings.AacSettings, Bitrate: PROXY_SPEC.audio.audioOnlyBitrate },
        },
      },
    ],
  };
}

/** MediaConvert appends the extension itself. */
function withoutExtension(key: string): string {
  const slash = key.lastIndexOf('/');
  const dot = key.lastIndexOf('.');
  return dot > slash ? key.slice(0, dot) : key;
}

/** The filmstrip or waveform ffmpeg makes from the proxy once the job is done (see JobMetadata). */
function companionsOf(plan: DerivativePlan): { companions?: string } {
  if (plan.kind === 'video' && plan.filmstrip) {
    return {
      companions: JSON.stringify({
        kind: 'video',
        filmstrip: { key: plan.filmstrip.key, durationSeconds: plan.filmstrip.durationSeconds },
      }),
    };
  }
  if (plan.kind === 'audio') return { companions: JSON.stringify({ kind: 'audio', waveform: { key: plan.waveform.key } }) };
  return {};
}
