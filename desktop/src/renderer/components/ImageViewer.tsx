import { forwardRef, useCallback, useImperativeHandle, useLayoutEffect, useRef, useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import ZoomInRounded from '@mui/icons-material/ZoomInRounded';
import ZoomOutRounded from '@mui/icons-material/ZoomOutRounded';
import { allShortcutTexts, shortcutText } from '../commands/registry';
import { monoFont, surface } from '../theme';

export interface ImageViewerHandle {
  fit(): void;
  actualSize(): void;
  zoomBy(factor: number): void;
}

interface Props {
  src: string;
  /** The original's size, when probed: the preview may be smaller (at most 2048 px). */
  sourceWidth: number | null;
}

const MIN_SCALE = 0.05;
const MAX_SCALE = 16;

/** A still: fit to the window, 100 %, zoom (wheel, +/−) about the pointer, pan by dragging. */
export const ImageViewer = forwardRef<ImageViewerHandle, Props>(function ImageViewer({ src, sourceWidth }, ref) {
  const stage = useRef<HTMLDivElement>(null);
  const [natural, setNatural] = useState<{ width: number; height: number } | null>(null);
  const [view, setView] = useState<{ scale: number; x: number; y: number; fitted: boolean }>({ scale: 1, x: 0, y: 0, fitted: true });
  const drag = useRef<{ x: number; y: number; startX: number; startY: number } | null>(null);

  const fitScale = useCallback(() => {
    const box = stage.current?.getBoundingClientRect();
    if (!box || !natural) return 1;
    return Math.min(1, (box.width - 32) / natural.width, (box.height - 32) / natural.height);
  }, [natural]);

  const fit = useCallback(() => setView({ scale: fitScale(), x: 0, y: 0, fitted: true }), [fitScale]);
  const zoomAbout = useCallback((factor: number, pointX = 0, pointY = 0) => {
    setView((current) => {
      const scale = Math.max(MIN_SCALE, Math.min(MAX_SCALE, current.scale * factor));
      const applied = scale / current.scale;
      // Keep the point under the pointer where it is.
      return { scale, x: pointX - (pointX - current.x) * applied, y: pointY - (pointY - current.y) * applied, fitted: false };
    });
  }, []);

  useImperativeHandle(
    ref,
    () => ({ fit, actualSize: () => setView({ scale: 1, x: 0, y: 0, fitted: false }), zoomBy: (factor) => zoomAbout(factor) }),
    [fit, zoomAbout],
  );

  // Fit when the picture arrives, and keep fitting on resize while in fit mode.
  useLayoutEffect(() => {
    if (!natural) return;
    const refit = () => setView((current) => (current.fitted ? { scale: fitScale(), x: 0, y: 0, fitted: true } : current));
    refit();
    const observer = new ResizeObserver(refit);
    if (stage.current) observer.observe(stage.current);
    return () => observer.disconnect();
  }, [fitScale, natural]);

  const previewNote =
    natural && sourceWidth && sourceWidth > natural.width ? ` of a ${natural.width} px preview (original ${sourceWidth} px)` : '';
  return (
    <Box sx={{ position: 'absolute', inset: 0, display: 'flex', flexDirection: 'column' }}>
      <Box
        ref={stage}
        data-testid="image-stage"
        onWheel={(event) => {
          const box = event.currentTarget.getBoundingClientRect();
          zoomAbout(event.deltaY < 0 ? 1.15 : 1 / 1.15, event.clientX - box.left - box.width / 2, event.clientY - box.top - box.height / 2);
        }}
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          drag.current = { x: view.x, y: view.y, startX: event.clientX, startY: event.clientY };
        }}
        onPointerMove={(event) => {
          const start = drag.current;
          if (!start || event.buttons !== 1) return;
          setView((current) => ({
            ...current,
            x: start.x + event.clientX - start.startX,
            y: start.y + event.clientY - start.startY,
            fitted: false,
          }));
        }}
        onPointerUp={() => (drag.current = null)}
        sx={{
          flex: 1,
          minHeight: 0,
          position: 'relative',
          overflow: 'hidden',
          cursor: view.fitted ? 'zoom-in' : 'grab',
          touchAction: 'none',
          backgroundColor: '#0b0b0c',
          backgroundImage: 'repeating-conic-gradient(#111 0 25%, #0b0b0c 0 50%)',
          backgroundSize: '24px 24px',
        }}
      >
        <img
          src={src}
          alt=""
          draggable={false}
          onLoad={(event) => setNatural({ width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight })}
          style={{
            position: 'absolute',
            left: '50%',
            top: '50%',
            width: natural?.width,
            height: natural?.height,
            transform: `translate(-50%, -50%) translate(${view.x}px, ${view.y}px) scale(${view.scale})`,
            imageRendering: view.scale >= 2 ? 'pixelated' : 'auto',
            visibility: natural ? 'visible' : 'hidden',
          }}
        />
      </Box>
      <Box
        role="toolbar"
        aria-label="Zoom"
        sx={{
          display: 'flex',
          alignItems: 'center',
          gap: 1,
          px: 2,
          py: 1,
          backgroundColor: surface.panel,
          borderTop: `1px solid ${surface.border}`,
        }}
      >
        <Button
          size="small"
          variant={view.fitted ? 'contained' : 'outlined'}
          color="inherit"
          onClick={fit}
          title={`Fit to the window (${allShortcutTexts('fitPicture').join(' or ')})`}
        >
          Fit
        </Button>
        <Button
          size="small"
          variant={!view.fitted && view.scale === 1 ? 'contained' : 'outlined'}
          color="inherit"
          onClick={() => setView({ scale: 1, x: 0, y: 0, fitted: false })}
          title={`Actual pixels (${shortcutText('actualSize')})`}
        >
          100 %
        </Button>
        <Tooltip title={`Zoom out (${shortcutText('zoomOut')})`}>
          <IconButton aria-label="Zoom out" onClick={() => zoomAbout(1 / 1.25)}>
            <ZoomOutRounded fontSize="small" />
          </IconButton>
        </Tooltip>
        <Box
          component="output"
          aria-label="Zoom level"
          sx={{ minWidth: 52, textAlign: 'center', fontFamily: monoFont, fontSize: '0.75rem' }}
        >
          {Math.round(view.scale * 100)} %
        </Box>
        <Tooltip title={`Zoom in (${shortcutText('zoomIn')})`}>
          <IconButton aria-label="Zoom in" onClick={() => zoomAbout(1.25)}>
            <ZoomInRounded fontSize="small" />
          </IconButton>
        </Tooltip>
        <Box sx={{ ml: 1, fontSize: '0.6875rem', color: 'text.secondary' }}>
          {natural ? `${natural.width}×${natural.height}${previewNote}` : 'Loading…'} · scroll to zoom, drag to pan
        </Box>
      </Box>
    </Box>
  );
});
