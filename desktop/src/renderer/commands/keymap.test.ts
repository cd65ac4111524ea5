import { describe, expect, it } from 'vitest';
import { detectPlatform, formatBinding, keyName, matchesBinding, type KeyEventLike } from './keymap';

const key = (value: string, modifiers: Partial<Omit<KeyEventLike, 'key'>> = {}): KeyEventLike => ({
  key: value,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...modifiers,
});

describe('detectPlatform', () => {
  it('reads userAgentData first, then navigator.platform', () => {
    expect(detectPlatform({ userAgentData: { platform: 'macOS' } })).toBe('mac');
    expect(detectPlatform({ platform: 'MacIntel' })).toBe('mac');
    expect(detectPlatform({ userAgentData: { platform: 'Windows' }, platform: 'MacIntel' })).toBe('other');
    expect(detectPlatform({ platform: 'Win32' })).toBe('other');
    expect(detectPlatform({ platform: 'Linux x86_64' })).toBe('other');
    expect(detectPlatform({})).toBe('other');
  });
});

describe('formatBinding', () => {
  it('prints Mac glyphs in Apple’s order, and Ctrl+Shift+… elsewhere', () => {
    expect(formatBinding({ key: 'e', mod: true, shift: true }, 'mac')).toBe('⇧⌘E');
    expect(formatBinding({ key: 'e', mod: true, shift: true }, 'other')).toBe('Ctrl+Shift+E');
    expect(formatBinding({ key: 'ArrowUp', alt: true }, 'mac')).toBe('⌥↑');
    expect(formatBinding({ key: 'ArrowUp', alt: true }, 'other')).toBe('Alt+↑');
    expect(formatBinding({ key: 'u', mod: true }, 'mac')).toBe('⌘U');
    expect(formatBinding({ key: 'u', mod: true }, 'other')).toBe('Ctrl+U');
  });

  it('names keys the way each platform’s keyboards do', () => {
    expect(keyName('Delete', 'other')).toBe('Del');
    expect(keyName('Delete', 'mac')).toBe('⌦');
    expect(keyName('Backspace', 'mac')).toBe('⌫');
    expect(keyName('Backspace', 'other')).toBe('Backspace');
    expect(keyName('Enter', 'mac')).toBe('↩');
    expect(keyName(' ', 'other')).toBe('Space');
    expect(keyName('F2', 'other')).toBe('F2');
    expect(keyName('?', 'mac')).toBe('?');
  });
});

describe('matchesBinding', () => {
  const copy = { key: 'e', mod: true, shift: true };

  it('takes the platform’s command key only', () => {
    expect(matchesBinding(key('E', { ctrlKey: true, shiftKey: true }), copy, 'other')).toBe(true);
    expect(matchesBinding(key('E', { metaKey: true, shiftKey: true }), copy, 'other')).toBe(false);
    expect(matchesBinding(key('E', { metaKey: true, shiftKey: true }), copy, 'mac')).toBe(true);
    expect(matchesBinding(key('E', { ctrlKey: true, shiftKey: true }), copy, 'mac')).toBe(false);
  });

  it('compares modifiers exactly', () => {
    expect(matchesBinding(key('e', { ctrlKey: true }), copy, 'other')).toBe(false);
    expect(matchesBinding(key('E', { ctrlKey: true, shiftKey: true, altKey: true }), copy, 'other')).toBe(false);
    expect(matchesBinding(key('ArrowUp'), { key: 'ArrowUp', alt: true }, 'other')).toBe(false);
    expect(matchesBinding(key('ArrowUp', { altKey: true }), { key: 'ArrowUp', alt: true }, 'other')).toBe(true);
  });

  it('ignores Shift for a symbol that needs it on the layout', () => {
    expect(matchesBinding(key('?', { shiftKey: true }), { key: '?' }, 'other')).toBe(true);
    expect(matchesBinding(key('?'), { key: '?' }, 'mac')).toBe(true);
    expect(matchesBinding(key('/', { shiftKey: true }), { key: '?' }, 'other')).toBe(false);
  });
});
