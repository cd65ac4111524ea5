import { MAX_PEN_POINTS, MAX_SHAPES, type Shape } from '@rushes/shared';

/** What a stroke on the picture makes. */
export type DrawingTool = Shape['kind'];
export type Point = [number, number];

/** A few colours that read on any picture, as a grading suite or a review tool offers them. */
export const PRODUCTION_COLOURS: readonly { value: string; name: string }[] = [
  { value: '#ff3b30', name: 'Red' },
  { value: '#ffd60a', name: 'Yellow' },
  { value: '#30d158', name: 'Green' },
  { value: '#0a84ff', name: 'Blue' },
  { value: '#ffffff', name: 'White' },
];

export const clampUnit = (value: number) => Math.min(1, Math.max(0, value));

/** Shortest stroke kept: a click without a drag is not a shape. */
const MIN_EXTENT = 0.004;
/** A pen keeps a point only when it has moved this far (in picture widths), so a slow hand stays under the cap. */
const PEN_STEP = 0.002;

const distance = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** The shape a stroke through `points` (0..1 on the picture) makes with `tool`; null when it is too small to mean anything. */
export function shapeOfStroke(tool: DrawingTool, colour: string, points: readonly Point[]): Shape | null {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return null;
  if (tool === 'pen') {
    const kept: Point[] = [first];
    for (const point of points.slice(1)) if (distance(point, kept.at(-1)!) >= PEN_STEP) kept.push(point);
    return kept.length < 2 ? null : { kind: 'pen', colour, points: thin(kept) };
  }
  if (distance(first, last) < MIN_EXTENT) return null;
  return { kind: tool, colour, from: first, to: last };
}

/** A very long pen stroke keeps every other point until it fits the contract's cap, ends kept. */
function thin(points: Point[]): Point[] {
  let kept = points;
  while (kept.length > MAX_PEN_POINTS) kept = kept.filter((_, index) => index % 2 === 0 || index === kept.length - 1);
  return kept;
}

/** Whether one more shape fits in a drawing. */
export const roomForShape = (shapes: readonly Shape[]) => shapes.length < MAX_SHAPES;
