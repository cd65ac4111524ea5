import type { AssetView } from '@rushes/shared';

/** Display rules for asset metadata, in the units an editor reads. */

const sizeUnits = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < sizeUnits.length - 1) {
    value /= 1000;
    unit += 1;
  }
  if (unit === 0) return `${bytes} B`;
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${sizeUnits[unit]}`;
}

/** Frames per second as a number (24000/1001 → 23.976...), or null. */
export function framesPerSecond(asset: AssetView): number | null {
  const rate = asset.technical?.frameRate;
  if (!rate || rate.den === 0 || rate.num <= 0) return null;
  return rate.num / rate.den;
}

export function formatFrameRate(asset: AssetView): string {
  const fps = framesPerSecond(asset);
  if (fps === null) return '';
  // Three decimals only where the rate is fractional (23.976, 29.97), none for 25 or 24.
  return Number.isInteger(fps) ? String(fps) : String(Number(fps.toFixed(3)));
}

const two = (value: number) => String(value).padStart(2, '0');

/** HH:MM:SS:FF when the frame rate is known, otherwise m:ss (or h:mm:ss). */
export function formatDuration(asset: AssetView): string {
  const seconds = asset.technical?.durationSeconds;
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '';
  const fps = framesPerSecond(asset);
  const whole = Math.floor(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  if (fps !== null) {
    const nominal = Math.round(fps);
    const frames = Math.min(nominal - 1, Math.floor((seconds - whole) * fps + 1e-6));
    return `${two(h)}:${two(m)}:${two(s)}:${two(frames)}`;
  }
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

export function formatResolution(asset: AssetView): string {
  const { width, height } = asset.technical ?? {};
  return width && height ? `${width}×${height}` : '';
}

export function formatFormat(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toUpperCase() : '';
}

/** Local time as 2026-11-22 14:05: sortable, unambiguous across locales, and narrow. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

/** A folder path as people read it: `Show A/Day 1`, or the root by name. */
export function formatFolderPath(folderPath: string): string {
  return folderPath === '' ? 'Library root' : folderPath.slice(0, -1);
}

export function pluralItems(count: number, noun = 'item'): string {
  return `${count.toLocaleString()} ${noun}${count === 1 ? '' : 's'}`;
}
