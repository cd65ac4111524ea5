import type { DerivedKeys, GradedDerivatives } from '@rushes/shared';
import type { CompanionRequest } from '../../adapters/ffmpeg/ffmpegTranscoder';
import { RENDER_ID_PATTERN } from '../../core/looks/queuedRenders';
import type { GradedFilmstripFrames, JobMetadata } from '../../adapters/mediaConvertTranscoder';

/** MediaConvert's "Job State Change" event, the parts read here. */
export interface MediaConvertJobEvent {
  'detail-type': string;
  source: string;
  detail: {
    status: string;
    jobId: string;
    userMetadata?: Partial<JobMetadata>;
    errorCode?: number;
    errorMessage?: string;
  };
}

export type JobOutcome =
  | {
      assetId: string;
      outcome: { derived: Partial<DerivedKeys>; graded?: GradedDerivatives } | { failure: string };
      companion?: CompanionRequest;
      /** The graded filmstrip's frames MediaConvert captured, to tile (MediaConvert has no sprite output). */
      gradedFilmstrip?: GradedFilmstripFrames;
      /** The look re-render the job belongs to, when it is one. */
      lookRenderId?: string;
    }
  | { ignored: string };

const DERIVED_NAMES = new Set<string>(['proxy', 'thumbnail', 'filmstrip', 'waveform', 'preview']);

/** What a finished job means for its asset; jobs of other deploys or tools are ignored. */
export function jobOutcome(event: MediaConvertJobEvent, owner: string): JobOutcome {
  const { detail } = event;
  const meta = detail.userMetadata ?? {};
  if (event.source !== 'aws.mediaconvert') return { ignored: `source ${event.source}` };
  if (meta.owner !== owner || !meta.assetId) return { ignored: `job ${detail.jobId} is not this deploy's` };
  const render =
    typeof meta.lookRenderId === 'string' && RENDER_ID_PATTERN.test(meta.lookRenderId) ? { lookRenderId: meta.lookRenderId } : {};
  if (detail.status === 'ERROR') {
    const why = detail.errorMessage ? `: ${detail.errorMessage.slice(0, 300)}` : '';
    return {
      ...render,
      assetId: meta.assetId,
      outcome: {
        failure: `MediaConvert could not make the proxy (error ${detail.errorCode ?? 'unknown'}${why}). The file itself is stored unchanged.`,
      },
    };
  }
  if (detail.status !== 'COMPLETE') return { ignored: `status ${detail.status}` };
  let derived: Partial<DerivedKeys>;
  try {
    const parsed = JSON.parse(meta.derived ?? '') as Record<string, unknown>;
    derived = Object.fromEntries(Object.entries(parsed).filter(([name, key]) => DERIVED_NAMES.has(name) && typeof key === 'string'));
  } catch {
    return {
      ...render,
      assetId: meta.assetId,
      outcome: { failure: 'MediaConvert finished, but the job did not say where its outputs are.' },
    };
  }
  const companion = derived.proxy ? companionOf(meta.companions, meta.assetId, derived.proxy) : null;
  const graded = gradedOf(meta.graded, meta.assetId);
  const frames = graded ? filmstripFramesOf(meta.gradedFilmstrip, meta.assetId) : null;
  return {
    ...render,
    assetId: meta.assetId,
    outcome: { derived, ...(graded ? { graded } : {}) },
    ...(companion ? { companion } : {}),
    ...(frames ? { gradedFilmstrip: frames } : {}),
  };
}

/** Where the graded filmstrip's frames are and where it goes, both under the asset's own prefix. */
function filmstripFramesOf(text: string | undefined, assetId: string): GradedFilmstripFrames | null {
  if (!text) return null;
  let parsed: Partial<Record<keyof GradedFilmstripFrames, unknown>>;
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    return null;
  }
  const own = (key: unknown): key is string =>
    typeof key === 'string' && key.startsWith(`${assetId}/`) && !key.includes('..') && key.length < 512;
  return own(parsed.frames) && own(parsed.key) ? { frames: parsed.frames, key: parsed.key } : null;
}

/** The graded derivatives the job made, trusted as far as companionOf trusts its keys. */
function gradedOf(text: string | undefined, assetId: string): GradedDerivatives | null {
  if (!text) return null;
  let parsed: Partial<Record<keyof GradedDerivatives, unknown>>;
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    return null;
  }
  const own = (key: unknown): key is string =>
    typeof key === 'string' && key.startsWith(`${assetId}/`) && !key.includes('..') && key.length < 512;
  if (typeof parsed.lookId !== 'string' || !/^[0-9a-f]{8,64}$/.test(parsed.lookId) || !own(parsed.proxy)) return null;
  return {
    lookId: parsed.lookId,
    proxy: parsed.proxy,
    thumbnail: own(parsed.thumbnail) ? parsed.thumbnail : null,
    filmstrip: own(parsed.filmstrip) ? parsed.filmstrip : null,
  };
}

/**
 * The filmstrip or waveform the job asked ffmpeg to make from its proxy. The event is
 * trusted no further than its shape: keys must stay under the asset's own prefix.
 */
function companionOf(text: string | undefined, assetId: string, proxyKey: string): CompanionRequest | null {
  if (!text) return null;
  let parsed: { kind?: unknown; filmstrip?: { key?: unknown; durationSeconds?: unknown }; waveform?: { key?: unknown } };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    return null;
  }
  const ownKey = (key: unknown): key is string =>
    typeof key === 'string' && key.startsWith(`${assetId}/`) && !key.includes('..') && key.length < 512;
  if (parsed.kind === 'video' && ownKey(parsed.filmstrip?.key)) {
    const seconds = parsed.filmstrip.durationSeconds;
    if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0)
      return { kind: 'video', proxyKey, filmstrip: { key: parsed.filmstrip.key, durationSeconds: seconds } };
  }
  if (parsed.kind === 'audio' && ownKey(parsed.waveform?.key)) return { kind: 'audio', proxyKey, waveform: { key: parsed.waveform.key } };
  return null;
}
