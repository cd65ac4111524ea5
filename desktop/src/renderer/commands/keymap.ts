/**
 * Key bindings: how a binding is written for the user on each platform, and whether a key
 * event is that binding. `mod` is the platform's command key: ⌘ on a Mac, Ctrl elsewhere.
 */
export type Platform = 'mac' | 'other';

export interface KeyBinding {
  /** A `KeyboardEvent.key` value; letters in lower case. */
  key: string;
  mod?: boolean;
  shift?: boolean;
  alt?: boolean;
}

export interface KeyEventLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

interface NavigatorLike {
  platform?: string;
  userAgentData?: { platform?: string };
}

/** The platform from the browser's own report; `userAgentData` where the browser has it. */
export function detectPlatform(nav: NavigatorLike): Platform {
  const reported = nav.userAgentData?.platform || nav.platform || '';
  return /mac|iphone|ipad/i.test(reported) ? 'mac' : 'other';
}

/** Read once: the platform does not change while the window is open. */
export const platform: Platform = detectPlatform(typeof navigator === 'undefined' ? {} : (navigator as NavigatorLike));

const keyNames: Record<Platform, Record<string, string>> = {
  mac: { Enter: '↩', Backspace: '⌫', Delete: '⌦', Escape: 'Esc', ' ': 'Space' },
  other: { Delete: 'Del', Escape: 'Esc', ' ': 'Space' },
};
const arrows: Record<string, string> = { ArrowUp: '↑', ArrowDown: '↓', ArrowLeft: '←', ArrowRight: '→' };

/** The key cap as printed: letters upper case, arrows as arrows, the Mac's own symbols there. */
export function keyName(key: string, on: Platform = platform): string {
  return keyNames[on][key] ?? arrows[key] ?? (key.length === 1 ? key.toUpperCase() : key);
}

/** "⇧⌘E" on a Mac (Apple's modifier order, no separators), "Ctrl+Shift+E" elsewhere. */
export function formatBinding(binding: KeyBinding, on: Platform = platform): string {
  const key = keyName(binding.key, on);
  if (on === 'mac') return `${binding.alt ? '⌥' : ''}${binding.shift ? '⇧' : ''}${binding.mod ? '⌘' : ''}${key}`;
  const parts = [binding.mod && 'Ctrl', binding.alt && 'Alt', binding.shift && 'Shift', key].filter(Boolean);
  return parts.join('+');
}

/**
 * Whether the event is the binding, modifiers exactly: Ctrl+Shift+N is not Ctrl+N. Shift is
 * not compared for a printable symbol such as "?", which needs Shift on most layouts.
 */
export function matchesBinding(event: KeyEventLike, binding: KeyBinding, on: Platform = platform): boolean {
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (key !== binding.key) return false;
  const mod = on === 'mac' ? event.metaKey : event.ctrlKey;
  const other = on === 'mac' ? event.ctrlKey : event.metaKey;
  const symbol = binding.key.length === 1 && !/[a-z0-9]/.test(binding.key);
  return (
    mod === Boolean(binding.mod) && !other && event.altKey === Boolean(binding.alt) && (symbol || event.shiftKey === Boolean(binding.shift))
  );
}

/** Typing in a field keeps its keys: single-letter shortcuts must not steal them. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  if (target.tagName !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'file', 'color'].includes(type);
}
