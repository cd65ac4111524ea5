import type { ColorConversion3DLUTSetting, Output, TimecodeBurninPosition, VideoSelector } from '@aws-sdk/client-mediaconvert';
import { BURN_IN_LAYOUT, FILMSTRIP_FRAMES, PROXY_SPEC, fitWithin, type Size } from '@rushes/shared';
import type { GradedPlan } from '../ports';
import { watermarkCaption } from './mediaConvertWatermark';

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
 * on the proxy, the timecode burn-in with the clip name as its prefix (MediaConvert draws one
 * line of timecode), and the watermark line as a burned-in caption (mediaConvertWatermark).
 */
export function gradedOutput(output: Output, graded: GradedPlan, proxy: boolean): Output {
  const description = output.VideoDescription ?? {};
  const timecode = proxy ? graded.burnIn?.timecode : null;
  const clipName = proxy ? graded.burnIn?.clipName : null;
  const watermark = proxy ? graded.burnIn?.watermark : null;
  const picture = { width: description.Width ?? 0, height: description.Height ?? 0 };
  return {
    ...output,
    ...(watermark ? { CaptionDescriptions: [watermarkCaption(watermark.text, watermark.position, picture)] } : {}),
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

/** The captured frames' file names beside the graded filmstrip (the status Lambda may delete files so named). */
export const FILMSTRIP_FRAMES_FILES = 'filmstrip-frames.*';

/** Where a graded filmstrip's frames are captured: `<this>.<7-digit index>.jpg`. */
export function filmstripFramesPrefix(filmstripKey: string): string {
  return `${filmstripKey.replace(/\/[^/]+$/, '')}/${FILMSTRIP_FRAMES_FILES.replace('.*', '')}`;
}

/**
 * The graded filmstrip's frames: FILMSTRIP_FRAMES captures spread over the duration, each
 * fitted inside one filmstrip cell and taken through the look like the graded thumbnail (the
 * job's 3D LUT applies to every output that converts to its colour space). MediaConvert has
 * no sprite output, so the status Lambda tiles them (mediaConvertFilmstrip).
 */
export function filmstripFramesOutput(picture: Size, durationSeconds: number): Output {
  const { frameWidth, frameHeight } = PROXY_SPEC.filmstrip;
  const cell = fitWithin(picture, { width: frameWidth, height: frameHeight });
  const millis = Math.max(1, Math.round(durationSeconds * 1000));
  return {
    Extension: 'jpg',
    ContainerSettings: { Container: 'RAW' },
    VideoDescription: {
      Width: cell.width,
      Height: cell.height,
      ScalingBehavior: 'DEFAULT',
      CodecSettings: {
        Codec: 'FRAME_CAPTURE',
        FrameCaptureSettings: {
          FramerateNumerator: FILMSTRIP_FRAMES * 1000,
          FramerateDenominator: millis,
          MaxCaptures: FILMSTRIP_FRAMES,
          Quality: PROXY_SPEC.jpegQuality,
        },
      },
    },
  };
}
