import type { ProductionMetadata, TechnicalMetadata } from '@rushes/shared';

/** One stream the probe found, and whether this machine's decoders can read it. */
export interface ProbedStream {
  /** The codec's short name (`prores`, `h264`, `pcm_s24le`), or null when the prober does not know it. */
  readonly codec: string | null;
  /** What the file calls the codec when the prober does not know it (a FourCC such as `ARRI`). */
  readonly codecTag: string | null;
  readonly decodable: boolean;
}

export interface ProbeResult {
  readonly technical: TechnicalMetadata;
  /** The first picture stream (cover art excluded), or null. */
  readonly video: ProbedStream | null;
  /** The first sound stream, or null. */
  readonly audio: ProbedStream | null;
  /** What the camera wrote into the file's tags (reel, camera, lens, scene, take…); absent when nothing. */
  readonly production?: ProductionMetadata;
}

/**
 * Reads what is inside a media object: ffprobe in local mode and in Lambda. Answers null
 * when the object holds nothing it can read (damaged, or not media at all); throws for
 * trouble reaching the object, which is worth another try.
 */
export interface MediaProbe {
  probe(key: string, signal?: AbortSignal): Promise<ProbeResult | null>;
}
