import { memo } from 'react';
import { alpha } from '@mui/material/styles';
import type { ColumnId, ColumnSpec } from '../library/columns';
import type { Entry } from '../library/entries';
import {
  formatDate,
  formatDuration,
  formatFolderPath,
  formatFormat,
  formatFrameRate,
  formatResolution,
  formatSize,
} from '../library/format';
import { monoFont, surface } from '../theme';
import { entryPointerHandlers, rowDomId, type EntryGestures } from './browserView';
import { entryKind, RowIcon } from './MediaIcon';
import { CustodyBadge, custodyBadgeStyles } from './CustodyBadge';
import { LocationBadge, locationBadgeStyles } from './LocationBadge';
import { StatusBadge, statusBadgeStyles } from './StatusChip';
import { CircledMark, NoteCount, RatingStars, ReviewBadge, takeBadgeStyles } from '../review/TakeBadges';

export const tableRowHeight = 30;
export const headerHeight = 30;

function cellText(entry: Entry, column: ColumnId): React.ReactNode {
  if (entry.type === 'folder') {
    const { folder } = entry;
    if (column === 'format') return 'Folder';
    if (column === 'created') return formatDate(folder.createdAt);
    if (column === 'modified') return formatDate(folder.modifiedAt);
    return '';
  }
  const { asset } = entry;
  switch (column) {
    case 'name':
      return asset.name;
    case 'circled':
      return <CircledMark circled={asset.review.circled} />;
    case 'rating':
      return <RatingStars rating={asset.review.rating} />;
    case 'review':
      return <ReviewBadge status={asset.review.status} />;
    case 'notes':
      return <NoteCount review={asset.review} />;
    case 'folder':
      return formatFolderPath(asset.folderPath);
    case 'format':
      return formatFormat(asset.name);
    case 'status':
      return <StatusBadge asset={asset} />;
    case 'location':
      return <LocationBadge asset={asset} />;
    case 'created':
      return formatDate(asset.createdAt);
    case 'modified':
      return formatDate(asset.modifiedAt);
    case 'size':
      return formatSize(asset.size);
    case 'duration':
      return formatDuration(asset);
    case 'resolution':
      return formatResolution(asset);
    case 'frameRate':
      return formatFrameRate(asset);
  }
}

interface RowProps extends EntryGestures {
  entry: Entry;
  index: number;
  columns: readonly ColumnSpec[];
  widths: Record<ColumnId, number>;
  selected: boolean;
  focused: boolean;
}

/** One row of the table: an entry's cells in the columns shown, placed by its index. */
export const TableRow = memo(function TableRow({
  entry,
  index,
  columns,
  widths,
  selected,
  focused,
  onClick,
  onOpen,
  onContextMenu,
}: RowProps) {
  const name = entry.type === 'folder' ? entry.folder.name : entry.asset.name;
  const classes = [
    'library-row',
    index % 2 ? 'odd' : '',
    selected ? 'selected' : '',
    focused ? 'focused' : '',
    entry.type === 'folder' ? 'folder' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div
      id={rowDomId(index)}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-entry-key={entry.key}
      className={classes}
      // Position is per row and changes on every scroll: inline, never a generated class.
      style={{ transform: `translateY(${headerHeight + index * tableRowHeight}px)` }}
      {...entryPointerHandlers(index, { onClick, onOpen, onContextMenu })}
    >
      {columns.map((column) => (
        <div
          key={column.id}
          role={column.id === 'name' ? 'rowheader' : 'gridcell'}
          className={`library-cell${column.numeric ? ' numeric' : ''}${column.align === 'right' ? ' right' : ''}${column.id === 'name' ? ' name' : ''}`}
          style={{ width: widths[column.id] }}
        >
          {column.id === 'name' ? (
            <>
              <RowIcon kind={entryKind(entry)} size={17} />
              <span className="text" title={name}>
                {name}
              </span>
              {/* The mark sits after the name: the widest column, and the first one read. */}
              {entry.type === 'asset' && <CustodyBadge asset={entry.asset} />}
            </>
          ) : (
            <span className="text">{cellText(entry, column.id)}</span>
          )}
        </div>
      ))}
    </div>
  );
});

/** One stylesheet for every row and cell, so rendering a row computes no styles. */
export const rowStyles = {
  '& .library-row': {
    position: 'absolute',
    left: 0,
    top: 0,
    height: tableRowHeight,
    minWidth: '100%',
    display: 'flex',
    alignItems: 'center',
    cursor: 'default',
    borderBottom: `1px solid ${alpha('#ffffff', 0.035)}`,
    // Each row lays out and paints on its own: a new row never invalidates the others.
    contain: 'layout paint style',
    '&.odd': { backgroundColor: alpha('#ffffff', 0.012) },
    '&:hover': { backgroundColor: surface.hover },
    '&.selected': { backgroundColor: alpha('#2f6fdf', 0.26) },
    '&.selected:hover': { backgroundColor: alpha('#2f6fdf', 0.32) },
    '&.focused': { boxShadow: 'inset 2px 0 0 #6ea0f5' },
    '&.folder .name .text': { fontWeight: 500 },
  },
  '& .library-cell': {
    flexShrink: 0,
    height: '100%',
    padding: '0 10px',
    display: 'flex',
    alignItems: 'center',
    gap: '8px',
    overflow: 'hidden',
    whiteSpace: 'nowrap',
    fontSize: '0.78rem',
    color: 'text.secondary',
    '&.name': { color: 'text.primary' },
    '&.numeric': { fontFamily: monoFont, fontSize: '0.74rem', fontVariantNumeric: 'tabular-nums' },
    '&.right': { justifyContent: 'flex-end' },
    '& .text': { overflow: 'hidden', textOverflow: 'ellipsis' },
  },
  ...statusBadgeStyles,
  ...locationBadgeStyles,
  ...takeBadgeStyles,
  ...custodyBadgeStyles,
} as const;
