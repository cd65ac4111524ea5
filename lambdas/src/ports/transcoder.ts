import type { BurnInPosition, DerivedKeys, Fraction, GradedDerivatives, Size } from '@rushes/shared';

/**
 * What to make of one asset, decided by the ingest use case from the probe and the one
 * proxy specification (PROXY_SPEC); keys say where each derivative goes in the derived
 * bucket. Adapters turn it into ffmpeg arguments or a MediaConvert job, nothing more.
 */
export type DerivativePlan =
  | {
      readonly kind: 'video';
      readonly proxy: { readonly key: string; readonly size: Size; readonly frameRate: Fraction | null; readonly withAudio: boolean };
      readonly thumbnail: { readonly key: string; readonly size: Size; readonly atSeconds: number };
      readonly filmstrip: { readonly key: string; readonly durationSeconds: number } | null;
      /** The same three through the folder's look, beside the as-shot ones; absent when no look applies. */
      readonly graded?: GradedPlan;
      /** Only the graded ones: the as-shot ones exist already (a re-render after the look changed). */
      readonly gradedOnly?: boolean;
    }
  | {
      readonly kind: 'audio';
      readonly proxy: { readonly key: string };
      readonly waveform: { readonly key: string };
    }
  | {
      readonly kind: 'image';
      readonly preview: { readonly key: string; readonly size: Size };
      readonly thumbnail: { readonly key: string; readonly size: Size };
    };

/** Proxy, thumbnail and filmstrip through a look (a baked 3D LUT) with burn-ins on the proxy. */
export interface GradedPlan {
  readonly lookId: string;
  /** The baked cube in the derived bucket; null when only burn-ins apply. */
  readonly cubeKey: string | null;
  readonly burnIn: BurnInPlan | null;
  readonly proxyKey: string;
  readonly thumbnailKey: string;
  readonly filmstripKey: string | null;
}

/** What is drawn into the graded proxy; each part null when not wanted (or, for timecode, unknown). */
export interface BurnInPlan {
  /** The source's first-frame timecode (`;` before the frames for drop frame) and its exact rate. */
  readonly timecode: { readonly start: string; readonly rate: Fraction } | null;
  readonly clipName: string | null;
  readonly watermark: { readonly text: string; readonly position: BurnInPosition } | null;
}

export interface TranscodeRequest {
  readonly assetId: string;
  /** The object in the media bucket. */
  readonly sourceKey: string;
  readonly plan: DerivativePlan;
  /** The look re-render this job belongs to (cloud): its completion event settles that re-render's count. */
  readonly lookRenderId?: string;
}

/**
 * `done`: every derivative is in the derived bucket (ffmpeg). `submitted`: a job will make
 * them and report later (MediaConvert); `derived` then says where they will be.
 */
export type TranscodeResult =
  | { readonly status: 'done'; readonly derived: Partial<DerivedKeys>; readonly graded?: GradedDerivatives }
  | { readonly status: 'submitted'; readonly jobId: string; readonly derived: Partial<DerivedKeys>; readonly graded?: GradedDerivatives };

/** Makes proxies, thumbnails, filmstrips, waveforms and previews: ffmpeg locally, MediaConvert in the cloud. */
export interface Transcoder {
  /** Which engine, for logs. */
  readonly name: string;
  transcode(request: TranscodeRequest, signal?: AbortSignal): Promise<TranscodeResult>;
}

/**
 * The file cannot be made into derivatives, and trying again will not change that (the
 * decoder gave up on damaged data). `reason` is shown to people as it is.
 */
export class MediaUnusable extends Error {
  override name = 'MediaUnusable';
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
  }
}
