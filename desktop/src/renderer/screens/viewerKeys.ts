import type { KeyboardEvent } from 'react';
import type Player from 'video.js/dist/types/player';
import { matchesCommand } from '../commands/registry';
import type { ImageViewerHandle } from '../components/ImageViewer';
import type { Clock } from '../library/clock';
import type { Transport } from '../library/useTransport';

/** ↑/↓ (and the page keys) step through the folder's files, whatever is on show. */
export function stepAssetKey(event: KeyboardEvent, onStepAsset: (delta: number) => void): boolean {
  if (matchesCommand('previousFile', event)) onStepAsset(-1);
  else if (matchesCommand('nextFile', event)) onStepAsset(1);
  else return false;
  return true;
}

/** A still's zoom keys; true when the key was ours. */
export function stillKey(event: KeyboardEvent, image: ImageViewerHandle): boolean {
  if (matchesCommand('fitPicture', event)) image.fit();
  else if (matchesCommand('actualSize', event)) image.actualSize();
  else if (matchesCommand('zoomIn', event)) image.zoomBy(1.25);
  else if (matchesCommand('zoomOut', event)) image.zoomBy(1 / 1.25);
  else return false;
  return true;
}

/**
 * The viewer's keys while something plays; true when the key was ours. The transport's letter
 * keys are read here, as an NLE's source monitor reads them (K held with J or L steps frames);
 * the registry declares them for the shortcuts help.
 */
export function playbackKey(
  event: KeyboardEvent,
  transport: Transport,
  clock: Clock,
  player: Player | null,
  kHeld: { current: boolean },
  onStepAsset: (delta: number) => void,
): boolean {
  const key = event.key;
  const lower = key.length === 1 ? key.toLowerCase() : key;
  const command = event.ctrlKey || event.metaKey;
  if (stepAssetKey(event, onStepAsset)) return true;
  if (matchesCommand('loop', event)) transport.toggleLoop();
  else if (matchesCommand('goToTimecode', event)) focusGoTo('');
  else if (command || (event.altKey && lower !== 'i' && lower !== 'o')) return false;
  else if (key === ' ') transport.togglePlay();
  else if (lower === 'k') {
    kHeld.current = true;
    transport.stop();
  } else if (lower === 'l') {
    if (kHeld.current) transport.step(1);
    else transport.shuttleForward();
  } else if (lower === 'j') {
    if (kHeld.current) transport.step(-1);
    else transport.shuttleBackward();
  } else if (key === 'ArrowLeft' || key === 'ArrowRight') {
    const size = event.shiftKey ? clock.base.nominal : 1;
    transport.step(key === 'ArrowLeft' ? -size : size);
  } else if (key === 'Home') transport.goTo(0);
  else if (key === 'End') transport.goTo(transport.lastFrame);
  else if (lower === 'i') {
    if (event.altKey) transport.clearIn();
    else if (event.shiftKey) transport.goToIn();
    else transport.markIn();
  } else if (lower === 'o') {
    if (event.altKey) transport.clearOut();
    else if (event.shiftKey) transport.goToOut();
    else transport.markOut();
  } else if (lower === 'm' && player) player.muted(!player.muted());
  else if (lower === 'f' && player) {
    if (player.isFullscreen()) void player.exitFullscreen();
    else void player.requestFullscreen();
  } else if (/^[0-9]$/.test(key) || key === '+' || key === '-') focusGoTo(key);
  else return false;
  return true;
}

/** Typing digits over the player starts a go-to, as in an NLE. */
function focusGoTo(first: string) {
  const field = document.querySelector<HTMLInputElement>('input[aria-label="Go to timecode"]');
  if (!field) return;
  field.focus();
  if (first) {
    // React tracks the value itself: set it through the native setter so onChange fires.
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
    setter?.call(field, first);
    field.dispatchEvent(new Event('input', { bubbles: true }));
  }
}
