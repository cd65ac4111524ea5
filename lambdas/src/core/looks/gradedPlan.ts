import { gradedKey, normaliseFrameRate, type EffectiveLook, type TechnicalMetadata } from '@rushes/shared';
import type { BurnInPlan, GradedPlan } from '../../ports';

/** Where a burn-in timecode starts when the file carries none: the first frame is zero. */
const NO_TIMECODE = '00:00:00:00';

/**
 * The graded proxy, thumbnail and filmstrip an asset gets from the look that applies to it,
 * or undefined when none does. Burn-ins take the clip's own start timecode at its exact rate
 * (a drop-frame `;` stays), and its name without the extension, as an editor calls a clip.
 */
export function gradedPlanFor(
  asset: { id: string; name: string },
  look: EffectiveLook,
  technical: Pick<TechnicalMetadata, 'startTimecode' | 'frameRate'>,
  withFilmstrip: boolean,
): GradedPlan | undefined {
  if (look.lookId === null) return undefined;
  const settings = look.burnIn?.settings ?? null;
  const rate = normaliseFrameRate(technical.frameRate);
  const burnIn: BurnInPlan | null = settings
    ? {
        timecode: settings.timecode && rate ? { start: technical.startTimecode ?? NO_TIMECODE, rate } : null,
        clipName: settings.clipName ? stem(asset.name) : null,
        watermark: settings.watermark,
      }
    : null;
  return {
    lookId: look.lookId,
    cubeKey: look.colour?.bakedKey ?? null,
    burnIn,
    proxyKey: gradedKey(asset.id, look.lookId, 'videoProxy'),
    thumbnailKey: gradedKey(asset.id, look.lookId, 'thumbnail'),
    filmstripKey: withFilmstrip ? gradedKey(asset.id, look.lookId, 'filmstrip') : null,
  };
}

function stem(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
