import type { TranscodeRequest, TranscodeResult, Transcoder } from '../ports';

/**
 * Cloud ingest: MediaConvert makes video and sound proxies; it has no still-image output, so
 * image previews are made by ffmpeg inside the ingest Lambda.
 */
export class ByKindTranscoder implements Transcoder {
  readonly name: string;

  constructor(private readonly engines: { media: Transcoder; image: Transcoder }) {
    this.name = `${engines.media.name} (images: ${engines.image.name})`;
  }

  transcode(request: TranscodeRequest, signal?: AbortSignal): Promise<TranscodeResult> {
    const engine = request.plan.kind === 'image' ? this.engines.image : this.engines.media;
    return engine.transcode(request, signal);
  }
}
