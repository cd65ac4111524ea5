import type { BurninDestinationSettings, CaptionDescription, CaptionSelector } from '@aws-sdk/client-mediaconvert';
import { BURN_IN_SPEC, type BurnInPosition, type Size } from '@rushes/shared';

/**
 * The watermark line in a MediaConvert job. MediaConvert draws timecode but no free text, so
 * the line goes in as a one-cue WebVTT caption track written beside the graded proxy and
 * burned into its picture (a BURN_IN caption destination) where the folder asks for it.
 * WebVTT rather than SRT: it has a defined escape for the characters that would otherwise
 * be read as markup, and a cue's text may not hold `-->`, which escaping `>` rules out.
 */

/** The caption selector the graded proxy burns in. */
export const WATERMARK_SELECTOR = 'Watermark';

/** A clip whose length the probe did not find is covered for a day (WebVTT hours are not capped at 99). */
const UNKNOWN_DURATION_SECONDS = 24 * 3600;

/**
 * MediaConvert's caption font is proportional and not ours to measure; a line is taken as
 * this many font sizes wide per character to keep right-hand placements inside the picture.
 */
const CHARACTER_WIDTH = 0.6;

/** The sidecar's file name (the processing stack lets MediaConvert read files so named). */
export const WATERMARK_FILE = 'watermark.vtt';

/** The sidecar's key: beside the graded proxy it is burned into, under the asset's own prefix. */
export function watermarkSidecarKey(gradedProxyKey: string): string {
  return `${gradedProxyKey.replace(/\/[^/]+$/, '')}/${WATERMARK_FILE}`;
}

/** `&`, `<` and `>` as WebVTT writes them in cue text; everything else stands as it is. */
export function escapeWebVtt(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * One cue from the first frame to past the last: the duration rounded up to the next whole
 * second, plus one, so no frame at the end is left bare.
 */
export function watermarkSidecar(text: string, durationSeconds: number | null): string {
  const line = text.trim();
  if (line === '' || /[\p{Cc}\u2028\u2029]/u.test(line)) throw new Error('the watermark text is empty or holds a control character');
  const seconds =
    durationSeconds !== null && Number.isFinite(durationSeconds) && durationSeconds > 0
      ? Math.ceil(durationSeconds) + 1
      : UNKNOWN_DURATION_SECONDS;
  return `WEBVTT\n\n00:00:00.000 --> ${vttTime(seconds)}\n${escapeWebVtt(line)}\n`;
}

/** The job input's caption selector reading that sidecar. */
export function watermarkSelector(sidecarUrl: string): Record<string, CaptionSelector> {
  return { [WATERMARK_SELECTOR]: { SourceSettings: { SourceType: 'WEBVTT', FileSourceSettings: { SourceFile: sidecarUrl } } } };
}

/**
 * The burn-in on the graded proxy, placed as local mode places it: the same type size and
 * margin (fractions of the height), white on a half-transparent black box, at one of the
 * seven positions. X/Y are where the line starts (its top, and its left edge or centre).
 */
export function watermarkCaption(text: string, position: BurnInPosition, picture: Size): CaptionDescription {
  const size = Math.max(10, Math.round(picture.height * BURN_IN_SPEC.fontHeight));
  const margin = Math.max(4, Math.round(picture.height * BURN_IN_SPEC.margin));
  const [vertical, horizontal] = position === 'centre' ? ['centre', 'centre'] : position.split('-');
  const width = Math.ceil([...text.trim()].length * size * CHARACTER_WIDTH);
  const placed: Pick<BurninDestinationSettings, 'Alignment' | 'XPosition' | 'YPosition'> = {
    Alignment: horizontal === 'left' || horizontal === 'right' ? 'LEFT' : 'CENTERED',
    XPosition:
      horizontal === 'left'
        ? margin
        : horizontal === 'right'
          ? Math.max(margin, picture.width - margin - width)
          : Math.round(picture.width / 2),
    YPosition:
      vertical === 'top' ? margin : vertical === 'bottom' ? picture.height - margin - size : Math.round((picture.height - size) / 2),
  };
  return {
    CaptionSelectorName: WATERMARK_SELECTOR,
    DestinationSettings: {
      DestinationType: 'BURN_IN',
      BurninDestinationSettings: {
        ...placed,
        FontSize: size,
        FontColor: 'WHITE',
        FontOpacity: 255,
        BackgroundColor: 'BLACK',
        BackgroundOpacity: 128,
        OutlineSize: 0,
        ShadowOpacity: 0,
        FallbackFont: 'MONOSPACED_SANSSERIF',
        // The cue carries no styling of its own: what is set here is what is drawn.
        StylePassthrough: 'DISABLED',
      },
    },
  };
}

function vttTime(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}.000`;
}
