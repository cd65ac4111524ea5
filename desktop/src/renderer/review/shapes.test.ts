import { describe, expect, it } from 'vitest';
import { MAX_PEN_POINTS, MAX_SHAPES, ShapeSchema, type Shape } from '@rushes/shared';
import { roomForShape, shapeOfStroke, type Point } from './shapes';

describe('strokes on the picture become the contract’s shapes', () => {
  it('an arrow and a rectangle go from where the stroke starts to where it ends', () => {
    const stroke: Point[] = [
      [0.2, 0.3],
      [0.4, 0.35],
      [0.6, 0.5],
    ];
    const arrow = shapeOfStroke('arrow', '#ff3b30', stroke);
    expect(arrow).toEqual({ kind: 'arrow', colour: '#ff3b30', from: [0.2, 0.3], to: [0.6, 0.5] });
    expect(ShapeSchema.safeParse(arrow).success).toBe(true);
    expect(shapeOfStroke('rect', '#ffffff', stroke)).toEqual({ kind: 'rect', colour: '#ffffff', from: [0.2, 0.3], to: [0.6, 0.5] });
  });

  it('a click without a drag makes nothing', () => {
    expect(shapeOfStroke('arrow', '#ff3b30', [[0.5, 0.5]])).toBeNull();
    expect(
      shapeOfStroke('rect', '#ff3b30', [
        [0.5, 0.5],
        [0.501, 0.5],
      ]),
    ).toBeNull();
    expect(
      shapeOfStroke('pen', '#ff3b30', [
        [0.5, 0.5],
        [0.5005, 0.5],
      ]),
    ).toBeNull();
  });

  it('a long pen stroke keeps its ends and stays within the point cap', () => {
    const points: Point[] = Array.from({ length: 9000 }, (_, i) => [i / 9000, 0.5 + 0.4 * Math.sin(i / 50)]);
    const pen = shapeOfStroke('pen', '#30d158', points) as Extract<Shape, { kind: 'pen' }>;
    expect(pen.points.length).toBeLessThanOrEqual(MAX_PEN_POINTS);
    expect(pen.points[0]).toEqual(points[0]);
    expect(pen.points.at(-1)).toEqual(points.at(-1));
    expect(ShapeSchema.safeParse(pen).success).toBe(true);
  });

  it('a drawing holds at most the contract’s number of shapes', () => {
    const arrow: Shape = { kind: 'arrow', colour: '#ffffff', from: [0, 0], to: [1, 1] };
    expect(roomForShape(Array.from({ length: MAX_SHAPES - 1 }, () => arrow))).toBe(true);
    expect(roomForShape(Array.from({ length: MAX_SHAPES }, () => arrow))).toBe(false);
  });
});
