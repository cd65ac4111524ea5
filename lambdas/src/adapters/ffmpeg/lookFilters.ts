import { BURN_IN_LAYOUT, BURN_IN_SPEC, lookFilter, type BurnInPosition, type Size } from '@rushes/shared';
import type { BurnInPlan, GradedPlan } from '../../ports';

/** Files the graded branch reads: the baked cube, the font, and the burn-in texts written beside them. */
export interface LookFiles {
  /** The baked cube on local disk; null when only burn-ins apply. */
  readonly cube: string | null;
  /** A font file, or null to let fontconfig find BURN_IN_SPEC.fallbackFont. */
  readonly font: string | null;
  /** Where the text of a burn-in is written (drawtext reads it with no expansion, so no text is ever parsed). */
  readonly text: (name: 'clipName' | 'watermark') => string;
}

/**
 * A value inside a filter graph: escaped once for the filter's option parser (`\ ' :`) and
 * once more for the graph parser (`\ ' [ ] , ;`), as ffmpeg's filter documentation describes;
 * whitespace too, so a space at either end of a path is not trimmed.
 */
export function filterValue(value: string): string {
  const option = value.replace(/[\\':\s]/g, (c) => `\\${c}`);
  return option.replace(/[\\'[\],;\s]/g, (c) => `\\${c}`);
}

/** The texts a plan draws, to write to LookFiles.text before ffmpeg starts. */
export function burnInTexts(burnIn: BurnInPlan | null): { name: 'clipName' | 'watermark'; text: string }[] {
  if (!burnIn) return [];
  return [
    ...(burnIn.clipName !== null ? [{ name: 'clipName' as const, text: burnIn.clipName }] : []),
    ...(burnIn.watermark ? [{ name: 'watermark' as const, text: burnIn.watermark.text }] : []),
  ];
}

/**
 * The graded branch of a video's filter graph: from `[input]` (the decoded picture) to the
 * labels `[gproxy]`, `[gthumb]` and `[gfilm]`. The picture is scaled to the proxy first and
 * the LUT applied at that size (a LUT is per pixel, so the order changes nothing visible and
 * costs a fraction on 4K sources); thumbnail and filmstrip take the graded picture before
 * the burn-ins, which would be unreadable at their size.
 */
export function gradedGraph(
  input: string,
  graded: GradedPlan,
  proxy: Size,
  stills: { thumbnail: string; filmstrip: string | null },
  files: LookFiles,
  format: string,
): string[] {
  const outputs = stills.filmstrip ? 3 : 2;
  const colour = graded.cubeKey && files.cube ? `,${lookFilter(files.cube)}` : '';
  const burnIns = burnInFilters(graded.burnIn, proxy.height, files);
  return [
    `[${input}]scale=${proxy.width}:${proxy.height},setsar=1${colour},split=${outputs}[gp][gt]${stills.filmstrip ? '[gf]' : ''}`,
    `[gp]${[...burnIns, `format=${format}`].join(',')}[gproxy]`,
    `[gt]${stills.thumbnail}[gthumb]`,
    ...(stills.filmstrip ? [`[gf]${stills.filmstrip}[gfilm]`] : []),
  ];
}

/** One drawtext per burn-in, sized from the proxy's height. */
export function burnInFilters(burnIn: BurnInPlan | null, height: number, files: LookFiles): string[] {
  if (!burnIn) return [];
  const size = Math.max(10, Math.round(height * BURN_IN_SPEC.fontHeight));
  const margin = Math.max(4, Math.round(height * BURN_IN_SPEC.margin));
  const font = files.font ? `fontfile=${filterValue(files.font)}` : `font=${filterValue(BURN_IN_SPEC.fallbackFont)}`;
  const common = `${font}:fontsize=${size}:fontcolor=${BURN_IN_SPEC.colour}:box=1:boxcolor=${BURN_IN_SPEC.box}:boxborderw=${Math.round(size / 5)}`;
  const filters: string[] = [];
  if (burnIn.clipName !== null) {
    filters.push(
      `drawtext=${common}:textfile=${filterValue(files.text('clipName'))}:expansion=none:${place(BURN_IN_LAYOUT.clipName, margin)}`,
    );
  }
  if (burnIn.timecode) {
    const { start, rate } = burnIn.timecode;
    // `;` before the frames makes drawtext count drop frame, as the source does.
    filters.push(
      `drawtext=${common}:timecode=${filterValue(start)}:rate=${rate.num}/${rate.den}:${place(BURN_IN_LAYOUT.timecode, margin)}`,
    );
  }
  if (burnIn.watermark) {
    filters.push(
      `drawtext=${common}:textfile=${filterValue(files.text('watermark'))}:expansion=none:${place(burnIn.watermark.position, margin)}`,
    );
  }
  return filters;
}

/** drawtext's x and y for a position, `m` pixels in from the edges. */
function place(position: BurnInPosition, m: number): string {
  const [vertical, horizontal] = position === 'centre' ? ['centre', 'centre'] : position.split('-');
  const x = horizontal === 'left' ? `${m}` : horizontal === 'right' ? `w-tw-${m}` : '(w-tw)/2';
  const y = vertical === 'top' ? `${m}` : vertical === 'bottom' ? `h-th-${m}` : '(h-th)/2';
  return `x=${x}:y=${y}`;
}
