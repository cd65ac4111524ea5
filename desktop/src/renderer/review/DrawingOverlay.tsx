import { useEffect, useRef, useState, type PointerEvent } from 'react';
import Box from '@mui/material/Box';
import type { Shape } from '@rushes/shared';
import { clampUnit, shapeOfStroke, type DrawingTool, type Point } from './shapes';

/** Drawing on the picture: the tool and colour chosen, and where a finished shape goes. */
export interface Pen {
  tool: DrawingTool;
  colour: string;
  onShape(shape: Shape): void;
}

interface Props {
  /** The element showing the picture: its intrinsic size says where the letterboxed picture sits. */
  media: HTMLMediaElement | null;
  shapes: readonly Shape[];
  /** Set while a note is being written: strokes on the picture become shapes. */
  pen: Pen | null;
}

interface Box2 {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Where the picture sits in its box: the player fits it whole (letterbox or pillarbox). */
function pictureRect(container: Box2, media: HTMLMediaElement | null): Box2 {
  const video = media instanceof HTMLVideoElement ? media : null;
  if (!video || !video.videoWidth || !video.videoHeight) return container;
  const scale = Math.min(container.width / video.videoWidth, container.height / video.videoHeight);
  const width = video.videoWidth * scale;
  const height = video.videoHeight * scale;
  return { left: (container.width - width) / 2, top: (container.height - height) / 2, width, height };
}

/**
 * Notes' drawings over the picture, in the picture's own 0..1 coordinates so they sit right on
 * any proxy size and window; with a pen, strokes become shapes.
 */
export function DrawingOverlay({ media, shapes, pen }: Props) {
  const holder = useRef<HTMLDivElement>(null);
  const [rect, setRect] = useState<Box2 | null>(null);
  const [stroke, setStroke] = useState<Point[] | null>(null);

  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const measure = () => setRect(pictureRect({ left: 0, top: 0, width: element.clientWidth, height: element.clientHeight }, media));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    media?.addEventListener('loadedmetadata', measure);
    return () => {
      observer.disconnect();
      media?.removeEventListener('loadedmetadata', measure);
    };
  }, [media]);

  const pointAt = (event: PointerEvent<SVGSVGElement>): Point => {
    const box = event.currentTarget.getBoundingClientRect();
    return [clampUnit((event.clientX - box.left) / box.width), clampUnit((event.clientY - box.top) / box.height)];
  };
  const finish = () => {
    if (pen && stroke) {
      const shape = shapeOfStroke(pen.tool, pen.colour, stroke);
      if (shape) pen.onShape(shape);
    }
    setStroke(null);
  };

  const drawing = pen && stroke ? shapeOfStroke(pen.tool, pen.colour, stroke) : null;
  const shown = drawing ? [...shapes, drawing] : shapes;
  return (
    <Box ref={holder} sx={{ position: 'absolute', inset: 0, pointerEvents: 'none', zIndex: 2 }}>
      {rect && (shown.length > 0 || pen) && (
        <svg
          data-testid="note-drawing"
          data-shapes={shown.length}
          role={pen ? 'application' : 'img'}
          aria-label={pen ? `Draw on the picture with the ${pen.tool}` : `Drawing of the note: ${shown.length} shapes`}
          width={rect.width}
          height={rect.height}
          style={{
            position: 'absolute',
            left: rect.left,
            top: rect.top,
            pointerEvents: pen ? 'auto' : 'none',
            cursor: pen ? 'crosshair' : 'default',
            touchAction: 'none',
            outline: pen ? '1px dashed rgba(255,255,255,0.35)' : 'none',
          }}
          // Drawing keeps the keyboard where it was (the note being typed).
          onMouseDown={(event) => pen && event.preventDefault()}
          onPointerDown={(event) => {
            if (!pen || event.button !== 0) return;
            event.preventDefault();
            event.currentTarget.setPointerCapture(event.pointerId);
            setStroke([pointAt(event)]);
          }}
          onPointerMove={(event) => {
            if (!stroke) return;
            const point = pointAt(event);
            setStroke((current) => (current ? (pen?.tool === 'pen' ? [...current, point] : [current[0]!, point]) : current));
          }}
          onPointerUp={finish}
          onPointerCancel={() => setStroke(null)}
        >
          {shown.map((shape, index) => (
            <ShapeMark key={index} shape={shape} width={rect.width} height={rect.height} />
          ))}
        </svg>
      )}
    </Box>
  );
}

/** One shape in pixels; a dark halo under the colour keeps it visible on a bright or dark picture. */
function ShapeMark({ shape, width, height }: { shape: Shape; width: number; height: number }) {
  const at = ([x, y]: readonly [number, number]) => [x * width, y * height] as const;
  const strokeWidth = Math.max(2, Math.min(width, height) / 160);
  const layers = [
    { colour: 'rgba(0,0,0,0.55)', widthPx: strokeWidth + 2.5 },
    { colour: shape.colour, widthPx: strokeWidth },
  ];
  return (
    <g fill="none" strokeLinecap="round" strokeLinejoin="round" data-kind={shape.kind}>
      {layers.map(({ colour, widthPx }) => {
        if (shape.kind === 'pen') {
          return (
            <polyline key={colour} points={shape.points.map((p) => at(p).join(',')).join(' ')} stroke={colour} strokeWidth={widthPx} />
          );
        }
        const [x1, y1] = at(shape.from);
        const [x2, y2] = at(shape.to);
        if (shape.kind === 'rect') {
          return (
            <rect
              key={colour}
              x={Math.min(x1, x2)}
              y={Math.min(y1, y2)}
              width={Math.abs(x2 - x1)}
              height={Math.abs(y2 - y1)}
              stroke={colour}
              strokeWidth={widthPx}
            />
          );
        }
        // The head's two barbs, 30° either side of the shaft, sized to the picture.
        const angle = Math.atan2(y2 - y1, x2 - x1);
        const head = Math.max(10, strokeWidth * 5);
        const barb = (side: number) =>
          `${x2 - head * Math.cos(angle + side * (Math.PI / 6))},${y2 - head * Math.sin(angle + side * (Math.PI / 6))}`;
        return (
          <g key={colour} stroke={colour} strokeWidth={widthPx}>
            <line x1={x1} y1={y1} x2={x2} y2={y2} />
            <polyline points={`${barb(1)} ${x2},${y2} ${barb(-1)}`} />
          </g>
        );
      })}
    </g>
  );
}
