import { useEffect, useRef } from 'react';
import { isTextEntry } from './keymap';
import { commandForKey, runCommand, type CommandContext } from './registry';

/**
 * The window's own keys (search, sign out, the shortcuts help), wherever focus is; a key
 * without a modifier is left to a text field that has focus.
 */
export function useWindowCommands(contextFor: () => CommandContext): void {
  const latest = useRef(contextFor);
  useEffect(() => {
    latest.current = contextFor;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const id = commandForKey('window', event);
      if (!id) return;
      if (!event.ctrlKey && !event.metaKey && !event.altKey && isTextEntry(event.target)) return;
      if (runCommand(id, latest.current())) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
