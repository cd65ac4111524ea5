import type { DerivedKeys, Fraction, Size } from '@rushes/shared';

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

export interface TranscodeRequest {
  readonly assetId: string;
  /** The object in the media bucket. */
  readonly sourceKey: string;
  readonly plan: DerivativePlan;
}

/**
 * `done`: every derivative is in the derived bucket (ffmpeg). `submitted`: a job will make
 * them and report later (MediaConvert); `derived` then says where they will be.
 */
export type TranscodeResult =
  | { readonly status: 'done'; readonly derived: Partial<DerivedKeys> }
  | { readonly status: 'submitted'; readonly jobId: string; readonly derived: Partial<DerivedKeys> };

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
