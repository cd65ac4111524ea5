import {
  PROXY_SPEC,
  derivedKey,
  displaySize,
  fitWithin,
  normaliseFrameRate,
  thumbnailSeconds,
  type EffectiveLook,
  type MediaKind,
} from '@rushes/shared';
import type { DerivativePlan, ProbeResult, ProbedStream } from '../ports';
import { gradedPlanFor } from './looks/gradedPlan';

/**
 * What to make, from what the probe found rather than what the extension promised: a `.mov`
 * holding only sound gets a sound proxy; a picture no decoder here reads fails with its codec
 * named.
 */
export function planDerivatives(
  asset: { id: string; name: string },
  kind: MediaKind,
  probe: ProbeResult,
  look: EffectiveLook | null = null,
  options: { gradedOnly?: boolean } = {},
): DerivativePlan | { failure: string } {
  const assetId = asset.id;
  const { technical, video, audio } = probe;
  const picture = displaySize(technical);
  if (kind === 'image') {
    if (!video || !picture) return { failure: 'Rushes found no picture it can read in this file: it may be damaged.' };
    if (!video.decodable) return { failure: undecodable('picture', video) };
    return {
      kind: 'image',
      preview: { key: derivedKey(assetId, 'preview'), size: fitWithin(picture, box(PROXY_SPEC.preview)) },
      thumbnail: { key: derivedKey(assetId, 'thumbnail'), size: fitWithin(picture, box(PROXY_SPEC.thumbnail)) },
    };
  }
  if (video && picture && kind === 'video') {
    if (!video.decodable) return { failure: undecodable('picture', video) };
    const duration = technical.durationSeconds;
    const withFilmstrip = duration !== null && duration > 0;
    const graded = look ? gradedPlanFor(asset, look, technical, withFilmstrip) : undefined;
    return {
      kind: 'video',
      ...(graded ? { graded, ...(options.gradedOnly ? { gradedOnly: true } : {}) } : {}),
      proxy: {
        key: derivedKey(assetId, 'videoProxy'),
        size: fitWithin(picture, box(PROXY_SPEC.video)),
        frameRate: normaliseFrameRate(technical.frameRate),
        withAudio: audio?.decodable === true,
      },
      thumbnail: {
        key: derivedKey(assetId, 'thumbnail'),
        size: fitWithin(picture, box(PROXY_SPEC.thumbnail)),
        atSeconds: thumbnailSeconds(duration),
      },
      // A filmstrip spreads frames over the duration; without one there is nothing to spread.
      filmstrip: withFilmstrip ? { key: derivedKey(assetId, 'filmstrip'), durationSeconds: duration } : null,
    };
  }
  if (audio) {
    if (!audio.decodable) return { failure: undecodable('sound', audio) };
    return { kind: 'audio', proxy: { key: derivedKey(assetId, 'audioProxy') }, waveform: { key: derivedKey(assetId, 'waveform') } };
  }
  return { failure: 'Rushes found no picture or sound it can read in this file: it may be damaged, or hold only data.' };
}

function box(spec: { maxWidth: number; maxHeight: number }) {
  return { width: spec.maxWidth, height: spec.maxHeight };
}

function undecodable(what: 'picture' | 'sound', stream: ProbedStream): string {
  const codec = stream.codec ?? (stream.codecTag ? `"${stream.codecTag}"` : 'a format Rushes does not know');
  return `The ${what} is coded as ${codec}, which Rushes cannot decode, so no preview can be made. The file itself is stored unchanged.`;
}
