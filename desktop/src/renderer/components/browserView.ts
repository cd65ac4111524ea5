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
