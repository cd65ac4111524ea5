import type { ColorConversion3DLUTSetting, Output, TimecodeBurninPosition, VideoSelector } from '@aws-sdk/client-mediaconvert';
import { BURN_IN_LAYOUT } from '@rushes/shared';
import type { GradedPlan } from '../ports';

/**
 * A look in a MediaConvert job. Camera log carries no colour space MediaConvert knows, so the
 * input is taken as Rec. 709 code values (FORCE), and the baked cube maps Rec. 709 to Rec. 709:
 * MediaConvert applies a 3D LUT to the outputs whose colour space conversion matches its
 * output colour space, which only the graded outputs ask for (FORCE_709). The as-shot outputs
 * convert nothing.
 */
export const LUT_INPUT: Pick<VideoSelector, 'ColorSpace' | 'ColorSpaceUsage'> = { ColorSpace: 'REC_709', ColorSpaceUsage: 'FORCE' };

export function lutSettings(cubeUrl: string): ColorConversion3DLUTSetting {
  return { FileInput: cubeUrl, InputColorSpace: 'REC_709', OutputColorSpace: 'REC_709' };
}

/** MediaConvert's burn-in type comes in these sizes only; 16 suits a 720p proxy. */
const TIMECODE_FONT_SIZE = 16;

const POSITIONS: Record<string, TimecodeBurninPosition> = {
  'bottom-right': 'BOTTOM_RIGHT',
  'bottom-left': 'BOTTOM_LEFT',
};

/**
 * An as-shot output made graded: the LUT (through the colour space conversion it matches) and,
 * on the proxy, the timecode burn-in, with the clip name as its prefix (MediaConvert draws
 * one line of timecode; it has no free text). A watermark line needs an image to insert and is
 * not drawn by MediaConvert yet.
 */
export function gradedOutput(output: Output, graded: GradedPlan, proxy: boolean): Output {
  const description = output.VideoDescription ?? {};
  const timecode = proxy ? graded.burnIn?.timecode : null;
  const clipName = proxy ? graded.burnIn?.clipName : null;
  return {
    ...output,
    VideoDescription: {
      ...description,
      VideoPreprocessors: {
        ...(graded.cubeKey ? { ColorCorrector: { ColorSpaceConversion: 'FORCE_709' } } : {}),
        ...(timecode
          ? {
              TimecodeBurnin: {
                Position: POSITIONS[BURN_IN_LAYOUT.timecode],
                FontSize: TIMECODE_FONT_SIZE,
                // MediaConvert takes ASCII only here.
                ...(clipName ? { Prefix: `${clipName.replace(/[^\x20-\x7e]/g, '?')} ` } : {}),
              },
            }
          : {}),
      },
    },
  };
}
