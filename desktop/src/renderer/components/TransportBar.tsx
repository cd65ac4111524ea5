import { useState, type PointerEvent, type ReactNode } from 'react';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import InputBase from '@mui/material/InputBase';
import Tooltip from '@mui/material/Tooltip';
import FastForwardRounded from '@mui/icons-material/FastForwardRounded';
import FastRewindRounded from '@mui/icons-material/FastRewindRounded';
import PauseRounded from '@mui/icons-material/PauseRounded';
import PlayArrowRounded from '@mui/icons-material/PlayArrowRounded';
import RepeatRounded from '@mui/icons-material/RepeatRounded';
import SkipNextRounded from '@mui/icons-material/SkipNextRounded';
import SkipPreviousRounded from '@mui/icons-material/SkipPreviousRounded';
import { parseTimecodeInput } from '@rushes/shared';
import type { Clock } from '../library/clock';
import type { Transport } from '../library/useTransport';
import { monoFont, surface } from '../theme';
import { shortcutText } from '../commands/registry';

/**
 * Where the playhead is across the clip, with in and out shaded; drag to scrub. Sound shows
 * its waveform behind; `marks` (the notes' ticks) are drawn under the playhead.
 */
export function Timeline({
  transport,
  waveform,
  height,
  marks,
}: {
  transport: Transport;
  waveform?: string | null;
  height: number;
  marks?: ReactNode;
}) {
  const { frame, lastFrame, inPoint, outPoint } = transport;
  const at = (n: number) => `${lastFrame > 0 ? (n / lastFrame) * 100 : 0}%`;
  const seek = (event: PointerEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    transport.goTo(((event.clientX - box.left) / box.width) * lastFrame);
  };
  return (
    <Box
      role="slider"
      aria-label="Playhead"
      aria-valuemin={0}
      aria-valuemax={lastFrame}
      aria-valuenow={frame}
      onPointerDown={(event) => {
        event.currentTarget.setPointerCapture(event.pointerId);
        seek(event);
      }}
      onPointerMove={(event) => event.buttons === 1 && seek(event)}
      sx={{
        position: 'relative',
        height,
        flexShrink: 0,
        cursor: 'ew-resize',
        backgroundColor: '#0e0f11',
        borderTop: `1px solid ${surface.border}`,
        touchAction: 'none',
      }}
    >
      {waveform && (
        <Box
          component="img"
          src={waveform}
          alt=""
          draggable={false}
          sx={{ position: 'absolute', inset: 0, width: '100%', height: '100%', objectFit: 'fill', opacity: 0.9 }}
        />
      )}
      {(inPoint !== null || outPoint !== null) && (
        <Box
          data-testid="in-out-range"
          sx={{
            position: 'absolute',
            top: 0,
            bottom: 0,
            left: at(inPoint ?? 0),
            right: `calc(100% - ${at(outPoint ?? lastFrame)})`,
            backgroundColor: 'rgba(110, 160, 245, 0.18)',
            borderLeft: inPoint !== null ? '2px solid #6ea0f5' : 'none',
            borderRight: outPoint !== null ? '2px solid #6ea0f5' : 'none',
          }}
        />
      )}
      {marks}
      <Box
        sx={{
          position: 'absolute',
          top: 0,
          bottom: 0,
          left: at(frame),
          width: '2px',
          marginLeft: '-1px',
          backgroundColor: '#f2c94c',
          boxShadow: '0 0 0 1px rgba(0,0,0,0.4)',
        }}
      />
    </Box>
  );
}

/** After typing a timecode, the keys belong to the player again. */
function backToStage() {
  document.querySelector<HTMLElement>('[data-testid="viewer-stage"]')?.focus({ preventScroll: true });
}

interface BarProps {
  transport: Transport;
  clock: Clock;
}

/** The source monitor's readouts and buttons: timecode, frame, duration, in/out, loop, go to. */
export function TransportBar({ transport, clock }: BarProps) {
  const { frame, shuttle, inPoint, outPoint, loop, lastFrame } = transport;
  const [goTo, setGoTo] = useState('');
  const [goToError, setGoToError] = useState<string | null>(null);

  const submitGoTo = () => {
    const parsed = parseTimecodeInput(goTo, clock.base);
    if (!parsed.ok) return setGoToError(parsed.message);
    const target = parsed.value.kind === 'absolute' ? parsed.value.frames - clock.startFrame : frame + parsed.value.frames;
    if (target < 0 || target > lastFrame) {
      return setGoToError(`${clock.label(target)} is outside this clip (${clock.label(0)} to ${clock.label(lastFrame)}).`);
    }
    setGoToError(null);
    setGoTo('');
    transport.goTo(target);
    backToStage();
  };

  const playing = shuttle !== 0;
  const inOutLength = inPoint !== null || outPoint !== null ? (outPoint ?? lastFrame) - (inPoint ?? 0) + 1 : null;
  return (
    <Box sx={barStyles} role="toolbar" aria-label="Transport">
      <div className="readout">
        <output className="timecode" aria-label="Timecode" data-frame={frame}>
          {clock.label(frame)}
        </output>
        <div className="sub">
          <span aria-label={clock.stepName}>
            {clock.stepName} <b>{frame.toLocaleString()}</b> / {lastFrame.toLocaleString()}
          </span>
          <span aria-label="Duration">
            Dur <b>{clock.length(lastFrame + 1)}</b>
          </span>
          <span>{clock.rateLabel}</span>
        </div>
      </div>

      <div className="buttons">
        <Tooltip title={`First frame (${shortcutText('firstFrame')})`}>
          <IconButton aria-label="First frame" onClick={() => transport.goTo(0)}>
            <SkipPreviousRounded fontSize="small" />
          </IconButton>
        </Tooltip>
        <Tooltip title={`Shuttle backward (${shortcutText('shuttleBackward')}, again for faster)`}>
          <IconButton aria-label="Shuttle backward" onClick={transport.shuttleBackward} className={shuttle < 0 ? 'on' : undefined}>
            <FastRewindRounded fontSize="small" />
          </IconButton>
        </Tooltip>
        <Tooltip title={`One frame back (${shortcutText('stepBack')}; ${shortcutText('secondBack')} one second)`}>
          <IconButton aria-label="1 frame back" onClick={() => transport.step(-1)} className="step">
            ‹1
          </IconButton>
        </Tooltip>
        <Tooltip
          title={
            playing
              ? `Stop (${shortcutText('playStop')} or ${shortcutText('stop')})`
              : `Play (${shortcutText('playStop')} or ${shortcutText('shuttleForward')})`
          }
        >
          <IconButton aria-label={playing ? 'Stop' : 'Play'} onClick={transport.togglePlay} className="play">
            {playing ? <PauseRounded /> : <PlayArrowRounded />}
          </IconButton>
        </Tooltip>
        <Tooltip title={`One frame on (${shortcutText('stepForward')}; ${shortcutText('secondForward')} one second)`}>
          <IconButton aria-label="1 frame on" onClick={() => transport.step(1)} className="step">
            1›
          </IconButton>
        </Tooltip>
        <Tooltip title={`Shuttle forward (${shortcutText('shuttleForward')}, again for faster)`}>
          <IconButton aria-label="Shuttle forward" onClick={transport.shuttleForward} className={shuttle > 1 ? 'on' : undefined}>
            <FastForwardRounded fontSize="small" />
          </IconButton>
        </Tooltip>
        <Tooltip title={`Last frame (${shortcutText('lastFrame')})`}>
          <IconButton aria-label="Last frame" onClick={() => transport.goTo(lastFrame)}>
            <SkipNextRounded fontSize="small" />
          </IconButton>
        </Tooltip>
        <span className="speed" role="status" aria-label="Shuttle speed">
          {shuttle === 0 ? '' : `${shuttle < 0 ? '◀' : '▶'} ${Math.abs(shuttle)}×`}
        </span>
      </div>

      <div className="marks">
        <MarkButton end="in" point={inPoint} clock={clock} onClick={transport.markIn} />
        <MarkButton end="out" point={outPoint} clock={clock} onClick={transport.markOut} />
        <span className="mark static" title="Length from in to out">
          <span>I–O</span>
          <b>{inOutLength === null ? NO_TIMECODE : clock.length(inOutLength)}</b>
        </span>
        <Tooltip
          title={loop ? `Looping in to out (${shortcutText('loop')})` : `Loop in to out, or the whole clip (${shortcutText('loop')})`}
        >
          <IconButton aria-label="Loop" aria-pressed={loop} onClick={transport.toggleLoop} className={loop ? 'on' : undefined}>
            <RepeatRounded fontSize="small" />
          </IconButton>
        </Tooltip>
      </div>

      <form
        className="goto"
        onSubmit={(event) => {
          event.preventDefault();
          submitGoTo();
        }}
      >
        <InputBase
          value={goTo}
          onChange={(event) => {
            setGoTo(event.target.value);
            setGoToError(null);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.stopPropagation();
              setGoTo('');
              setGoToError(null);
              backToStage();
            }
          }}
          placeholder={`Go to ${clock.label(frame)}`}
          inputProps={{
            'aria-label': 'Go to timecode',
            'aria-invalid': goToError !== null,
            'aria-describedby': goToError ? 'goto-error' : undefined,
            spellCheck: false,
          }}
          error={goToError !== null}
        />
        {goToError && (
          <div id="goto-error" role="alert" className="error">
            {goToError}
          </div>
        )}
      </form>
    </Box>
  );
}

/** Where no in or out point is set, in the shape of a timecode. */
const NO_TIMECODE = '--:--:--:--';

const markKeys = {
  in: { mark: 'markIn', goTo: 'goToIn', clear: 'clearIn', name: 'Mark in', tag: 'IN' },
  out: { mark: 'markOut', goTo: 'goToOut', clear: 'clearOut', name: 'Mark out', tag: 'OUT' },
} as const;

/** Sets the in or out point at the playhead, and shows where it is. */
function MarkButton({ end, point, clock, onClick }: { end: 'in' | 'out'; point: number | null; clock: Clock; onClick(): void }) {
  const keys = markKeys[end];
  return (
    <button
      type="button"
      className="mark"
      onClick={onClick}
      title={`${keys.name} (${shortcutText(keys.mark)}); ${shortcutText(keys.goTo)} goes to it, ${shortcutText(keys.clear)} clears it`}
      aria-label={keys.name}
    >
      <span>{keys.tag}</span>
      <b data-testid={`${end}-point`}>{point === null ? NO_TIMECODE : clock.label(point)}</b>
    </button>
  );
}

const barStyles = {
  display: 'flex',
  alignItems: 'center',
  gap: 2.5,
  px: 2,
  py: 1,
  flexShrink: 0,
  backgroundColor: surface.panel,
  borderTop: `1px solid ${surface.border}`,
  '& .readout': { minWidth: 236 },
  '& .timecode': {
    display: 'block',
    fontFamily: monoFont,
    fontSize: '1.625rem',
    lineHeight: 1.1,
    fontWeight: 500,
    letterSpacing: '0.02em',
    color: '#f2f3f5',
    fontVariantNumeric: 'tabular-nums',
  },
  '& .sub': {
    display: 'flex',
    gap: 1.5,
    marginTop: '2px',
    fontSize: '0.6875rem',
    color: 'text.secondary',
    fontFamily: monoFont,
    whiteSpace: 'nowrap',
  },
  '& .sub b': { fontWeight: 500, color: 'text.primary' },
  '& .buttons': { display: 'flex', alignItems: 'center', gap: 0.25 },
  '& .buttons .play': { width: 38, height: 38, backgroundColor: surface.raised, '&:hover': { backgroundColor: surface.hover } },
  '& .step': { fontFamily: monoFont, fontSize: '0.75rem', width: 30 },
  '& .on': { color: '#6ea0f5', backgroundColor: 'rgba(47, 111, 223, 0.16)' },
  '& .speed': { width: 44, fontFamily: monoFont, fontSize: '0.75rem', color: '#6ea0f5' },
  '& .marks': { display: 'flex', alignItems: 'center', gap: 0.75 },
  '& .mark': {
    all: 'unset',
    display: 'flex',
    flexDirection: 'column',
    padding: '3px 8px',
    borderRadius: '4px',
    border: `1px solid ${surface.border}`,
    cursor: 'pointer',
    '& span': { fontSize: '0.5625rem', fontWeight: 600, letterSpacing: '0.08em', color: 'text.secondary' },
    '& b': { fontFamily: monoFont, fontSize: '0.75rem', fontWeight: 500, fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
    '&:hover': { backgroundColor: surface.hover },
    '&:focus-visible': { outline: '2px solid #6ea0f5' },
  },
  '& .mark.static': { cursor: 'default', '&:hover': { backgroundColor: 'transparent' } },
  '& .goto': { marginLeft: 'auto', position: 'relative', width: 190 },
  '& .goto .MuiInputBase-root': {
    width: '100%',
    fontFamily: monoFont,
    fontSize: '0.8125rem',
    px: 1,
    py: 0.25,
    borderRadius: '4px',
    border: `1px solid ${surface.borderStrong}`,
    backgroundColor: surface.canvas,
  },
  '& .goto .Mui-error': { borderColor: '#e5534b' },
  '& .goto .error': {
    position: 'absolute',
    right: 0,
    bottom: 'calc(100% + 6px)',
    width: 300,
    padding: '6px 8px',
    borderRadius: '4px',
    fontSize: '0.6875rem',
    backgroundColor: '#3a1f1f',
    border: '1px solid #e5534b',
    color: '#f4c7c4',
    zIndex: 2,
  },
} as const;
