import type { SortField } from '@rushes/shared';
import { readPreference, writePreference } from './storage';

export type ColumnId =
  | 'name'
  | 'circled'
  | 'rating'
  | 'review'
  | 'notes'
  | 'folder'
  | 'format'
  | 'status'
  | 'location'
  | 'created'
  | 'modified'
  | 'size'
  | 'duration'
  | 'resolution'
  | 'frameRate';

export interface ColumnSpec {
  id: ColumnId;
  label: string;
  width: number;
  /** The server sort this header asks for; absent when the column cannot be sorted. */
  sort?: SortField;
  align?: 'right';
  /** Timecodes and numbers line up in a monospaced, tabular face. */
  numeric?: boolean;
  /** Only where rows come from many folders (search results). */
  searchOnly?: boolean;
}

export const columnSpecs: readonly ColumnSpec[] = [
  { id: 'name', label: 'Name', width: 242, sort: 'name' },
  // The take's marks sit beside its name, where a script supervisor's eye goes first.
  { id: 'circled', label: 'Circled', width: 80 },
  { id: 'rating', label: 'Rating', width: 92 },
  { id: 'review', label: 'Review', width: 112 },
  { id: 'notes', label: 'Notes', width: 70 },
  { id: 'folder', label: 'Folder', width: 200, searchOnly: true },
  { id: 'format', label: 'Format', width: 68, sort: 'type' },
  { id: 'status', label: 'Status', width: 100 },
  { id: 'location', label: 'Location', width: 84 },
  { id: 'created', label: 'Created', width: 140, sort: 'created', numeric: true },
  { id: 'modified', label: 'Modified', width: 140, sort: 'modified', numeric: true },
  { id: 'size', label: 'Size', width: 80, sort: 'size', align: 'right', numeric: true },
  { id: 'duration', label: 'Duration', width: 104, align: 'right', numeric: true },
  { id: 'resolution', label: 'Resolution', width: 96, numeric: true },
  { id: 'frameRate', label: 'Frame rate', width: 96, align: 'right', numeric: true },
];

export const minColumnWidth = 56;

export interface ColumnLayout {
  widths: Record<ColumnId, number>;
  hidden: ColumnId[];
}

const storageKey = 'rushes.table.columns.v1';
const defaultLayout: ColumnLayout = {
  widths: Object.fromEntries(columnSpecs.map((column) => [column.id, column.width])) as Record<ColumnId, number>,
  hidden: [],
};

function isLayout(value: unknown): value is ColumnLayout {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<ColumnLayout>;
  return typeof candidate.widths === 'object' && candidate.widths !== null && Array.isArray(candidate.hidden);
}

export function loadColumnLayout(): ColumnLayout {
  const stored = readPreference(storageKey, defaultLayout, isLayout);
  const widths = { ...defaultLayout.widths };
  for (const column of columnSpecs) {
    const width = stored.widths[column.id];
    if (typeof width === 'number' && Number.isFinite(width)) widths[column.id] = Math.max(minColumnWidth, Math.round(width));
  }
  // Name is the one column that identifies a row: it cannot be hidden.
  const hidden = stored.hidden.filter((id) => id !== 'name' && columnSpecs.some((column) => column.id === id));
  return { widths, hidden };
}

export function saveColumnLayout(layout: ColumnLayout): void {
  writePreference(storageKey, layout);
}
