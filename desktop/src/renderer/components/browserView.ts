import type { KeyboardEvent, MouseEvent, ReactNode } from 'react';
import type { Entry } from '../library/entries';

/** What the table and the card grid share: the same entries, selection and gestures. */
export interface BrowserViewProps {
  entries: readonly Entry[];
  selectedKeys: ReadonlySet<string>;
  focusIndex: number;
  /** Bumped when the folder changes, so the view scrolls back to the top. */
  resetKey: string;
  hasMore: boolean;
  onNearEnd(): void;
  onItemClick(event: MouseEvent, index: number): void;
  onItemOpen(index: number): void;
  onItemContextMenu(event: MouseEvent, index: number): void;
  /** Context menu on empty space (for "New folder"). */
  onBackgroundContextMenu(event: MouseEvent): void;
  onBackgroundClick(): void;
  /** Keyboard on the view; returns the index focus moved to so the view can scroll to it. */
  onKey(event: KeyboardEvent, layout: { columns: number; pageRows: number }): number | null;
  /** Shown instead of rows when the folder is empty. */
  empty: ReactNode;
  label: string;
  /** Search results come from many folders: each one's folder is shown (a column, a card line). */
  showFolder?: boolean;
}

export const rowDomId = (index: number) => `library-item-${index}`;

/** What one row or card hands its pointer gestures to: the view's item handlers. */
export interface EntryGestures {
  onClick: BrowserViewProps['onItemClick'];
  onOpen: BrowserViewProps['onItemOpen'];
  onContextMenu: BrowserViewProps['onItemContextMenu'];
}

/** The view's item handlers, as each row or card takes them. */
export const entryGesturesOf = (view: BrowserViewProps): EntryGestures => ({
  onClick: view.onItemClick,
  onOpen: view.onItemOpen,
  onContextMenu: view.onItemContextMenu,
});

/**
 * The pointer handlers of the entry at `index`: click selects, double click opens, right
 * click opens its menu (not the browser's); none reaches the view's background behind it.
 */
export function entryPointerHandlers(index: number, { onClick, onOpen, onContextMenu }: EntryGestures) {
  return {
    onClick: (event: MouseEvent) => {
      event.stopPropagation();
      onClick(event, index);
    },
    onDoubleClick: () => onOpen(index),
    onContextMenu: (event: MouseEvent) => {
      event.preventDefault();
      event.stopPropagation();
      onContextMenu(event, index);
    },
  };
}
