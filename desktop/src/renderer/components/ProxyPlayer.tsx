import { useEffect, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import Box from '@mui/material/Box';
import videojs from 'video.js';
import type Player from 'video.js/dist/types/player';
import 'video.js/dist/video-js.css';
import { surface } from '../theme';

interface Props {
  /** A short-lived presigned URL of the proxy (MP4 or M4A). */
  src: string;
  type: 'video/mp4' | 'audio/mp4';
  /** Sound only: no picture area, just the control bar (the waveform is drawn by the viewer). */
  audioOnly: boolean;
  /** Hands the media element and the player to the viewer once they exist (null when gone). */
  onReady(media: HTMLMediaElement | null, player: Player | null): void;
  /** The source failed to load (an expired URL, a network error). */
  onError(message: string): void;
  /** Drawn over the picture in full screen, where the transport bar is hidden (the timecode). */
  burnIn?: ReactNode;
}

/**
 * video.js around the proxy. Its own hotkeys are off: the viewer owns the keyboard (J/K/L,
 * frame steps) and drives the element; video.js gives the volume, mute and full screen
 * controls and the picture.
 */
export function ProxyPlayer({ src, type, audioOnly, onReady, onError, burnIn }: Props) {
  const holder = useRef<HTMLDivElement>(null);
  const [overlay, setOverlay] = useState<HTMLElement | null>(null);
  const [player, setPlayer] = useState<Player | null>(null);
  const callbacks = useRef({ onReady, onError });
  useEffect(() => {
    callbacks.current = { onReady, onError };
  });

  useEffect(() => {
    const element = document.createElement('video-js');
    element.classList.add('vjs-rushes');
    holder.current!.appendChild(element);
    const created = videojs(element, {
      controls: true,
      preload: 'auto',
      fill: !audioOnly,
      audioOnlyMode: audioOnly,
      inactivityTimeout: 2500,
      userActions: { hotkeys: false, doubleClick: true, click: true },
      controlBar: { children: ['playToggle', 'volumePanel', 'customControlSpacer', 'fullscreenToggle'] },
      html5: { nativeTextTracks: false },
    });
    const burn = document.createElement('div');
    burn.className = 'rushes-burn-in';
    created.el().appendChild(burn);
    created.on('error', () => callbacks.current.onError(created.error()?.message || 'The proxy could not be played.'));
    created.ready(() => {
      callbacks.current.onReady(created.el().querySelector('video, audio'), created);
    });
    setPlayer(created);
    setOverlay(burn);
    return () => {
      callbacks.current.onReady(null, null);
      created.dispose();
    };
  }, [audioOnly]);

  useEffect(() => {
    if (!player) return;
    const at = player.currentTime() ?? 0;
    player.src({ src, type });
    // A fresh URL for the same proxy (the old one expired) resumes where it was.
    if (at > 0) player.one('loadedmetadata', () => player.currentTime(at));
  }, [player, src, type]);

  return (
    <Box ref={holder} data-player={audioOnly ? 'audio' : 'video'} sx={playerStyles(audioOnly)}>
      {overlay && burnIn ? createPortal(burnIn, overlay) : null}
    </Box>
  );
}

const playerStyles = (audioOnly: boolean) =>
  ({
    position: audioOnly ? 'relative' : 'absolute',
    inset: audioOnly ? undefined : 0,
    '& .video-js': { backgroundColor: audioOnly ? surface.panel : '#000', fontFamily: 'inherit', fontSize: '11px' },
    '& .vjs-control-bar': { backgroundColor: 'rgba(20, 21, 24, 0.82)', height: '3.2em' },
    '& .vjs-big-play-button': { display: 'none' },
    '& .vjs-custom-control-spacer': { display: 'block', flex: 'auto' },
    '& .vjs-volume-panel .vjs-volume-control': { opacity: 1 },
    '& .rushes-burn-in': {
      display: 'none',
      position: 'absolute',
      left: '50%',
      top: 16,
      transform: 'translateX(-50%)',
      pointerEvents: 'none',
    },
    '& .vjs-fullscreen .rushes-burn-in': { display: 'block' },
  }) as const;
