import { useCallback, useEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import IconButton from '@mui/material/IconButton';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Tooltip from '@mui/material/Tooltip';
import ArrowDownward from '@mui/icons-material/ArrowDownward';
import ArrowUpward from '@mui/icons-material/ArrowUpward';
import ViewColumnOutlined from '@mui/icons-material/ViewColumnOutlined';
import { columnSpecs, minColumnWidth, type ColumnId, type ColumnLayout, type ColumnSpec } from '../library/columns';
import type { SortOrder } from '../library/useFolderListing';
import { scrollRowIntoView, useRowWindow } from '../library/useWindow';
import { gridFocusRing, surface } from '../theme';
import { entryGesturesOf, rowDomId, type BrowserViewProps } from './browserView';
import { headerHeight, rowStyles, tableRowHeight, TableRow } from './AssetTableRow';

const overscan = 12;

interface Props extends BrowserViewProps {
  layout: ColumnLayout;
  onLayoutChange(layout: ColumnLayout, persist: boolean): void;
  sort: SortOrder;
  onSort(column: ColumnSpec): void;
}

/** The table view: sortable, resizable columns over a windowed list of fixed-height rows. */
export function AssetTable(props: Props) {
  const { entries, selectedKeys, focusIndex, resetKey, hasMore, onNearEnd, layout, onLayoutChange, sort, onSort } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const { range, viewportHeight } = useRowWindow(scroller, entries.length, tableRowHeight, overscan, headerHeight);
  const [columnMenu, setColumnMenu] = useState<HTMLElement | null>(null);
  const { showFolder = false } = props;
  const offered = useMemo(() => columnSpecs.filter((column) => showFolder || !column.searchOnly), [showFolder]);
  const visibleColumns = useMemo(() => offered.filter((column) => !layout.hidden.includes(column.id)), [offered, layout.hidden]);
  const totalWidth = visibleColumns.reduce((sum, column) => sum + layout.widths[column.id], 0) + 40;

  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [resetKey]);

  // Infinite loading: ask for the next page while the user is still a screen away from the end.
  useEffect(() => {
    if (hasMore && entries.length > 0 && range.last >= entries.length - 1 - overscan * 2) onNearEnd();
  }, [entries.length, hasMore, onNearEnd, range.last]);

  const startResize = useCallback(
    (event: ReactPointerEvent<HTMLElement>, column: ColumnId) => {
      event.preventDefault();
      event.stopPropagation();
      const handle = event.currentTarget;
      handle.setPointerCapture(event.pointerId);
      const startX = event.clientX;
      const startWidth = layout.widths[column];
      let latest = layout;
      const move = (moveEvent: PointerEvent) => {
        const width = Math.max(minColumnWidth, Math.round(startWidth + moveEvent.clientX - startX));
        latest = { ...layout, widths: { ...layout.widths, [column]: width } };
        onLayoutChange(latest, false);
      };
      const end = () => {
        handle.removeEventListener('pointermove', move);
        handle.removeEventListener('pointerup', end);
        handle.removeEventListener('pointercancel', end);
        onLayoutChange(latest, true);
      };
      handle.addEventListener('pointermove', move);
      handle.addEventListener('pointerup', end);
      handle.addEventListener('pointercancel', end);
    },
    [layout, onLayoutChange],
  );

  const toggleColumn = (id: ColumnId) => {
    const hidden = layout.hidden.includes(id) ? layout.hidden.filter((other) => other !== id) : [...layout.hidden, id];
    onLayoutChange({ ...layout, hidden }, true);
  };

  const rows: React.ReactNode[] = [];
  for (let index = range.first; index <= range.last; index += 1) {
    const entry = entries[index]!;
    rows.push(
      <TableRow
        key={entry.key}
        entry={entry}
        index={index}
        columns={visibleColumns}
        widths={layout.widths}
        selected={selectedKeys.has(entry.key)}
        focused={index === focusIndex}
        {...entryGesturesOf(props)}
      />,
    );
  }

  return (
    <Box
      ref={scroller}
      role="grid"
      aria-label={props.label}
      aria-multiselectable="true"
      aria-rowcount={entries.length + 1}
      aria-colcount={visibleColumns.length + 1}
      aria-activedescendant={focusIndex >= 0 && focusIndex <= entries.length - 1 ? rowDomId(focusIndex) : undefined}
      tabIndex={0}
      data-view="table"
      onKeyDown={(event) => {
        const moved = props.onKey(event, { columns: 1, pageRows: Math.max(1, Math.floor(viewportHeight / tableRowHeight) - 1) });
        if (moved !== null) scrollRowIntoView(scroller.current, moved, tableRowHeight, headerHeight);
      }}
      onClick={props.onBackgroundClick}
      onContextMenu={(event) => {
        event.preventDefault();
        props.onBackgroundContextMenu(event);
      }}
      sx={{ flex: 1, minHeight: 0, overflow: 'auto', position: 'relative', outline: 'none', ...gridFocusRing, ...rowStyles }}
    >
      <Box sx={{ position: 'relative', width: totalWidth, minWidth: '100%', height: headerHeight + entries.length * tableRowHeight }}>
        <Box
          role="row"
          aria-rowindex={1}
          sx={{
            position: 'sticky',
            top: 0,
            zIndex: 2,
            height: headerHeight,
            display: 'flex',
            minWidth: '100%',
            width: totalWidth,
            backgroundColor: surface.panel,
            borderBottom: `1px solid ${surface.borderStrong}`,
          }}
        >
          {visibleColumns.map((column) => {
            const active = column.sort !== undefined && sort.field === column.sort;
            return (
              <Box
                key={column.id}
                role="columnheader"
                aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
                sx={{ width: layout.widths[column.id], flexShrink: 0, position: 'relative', display: 'flex' }}
              >
                <Box
                  component={column.sort ? 'button' : 'span'}
                  type={column.sort ? 'button' : undefined}
                  onClick={column.sort ? () => onSort(column) : undefined}
                  sx={{
                    all: 'unset',
                    flex: 1,
                    minWidth: 0,
                    display: 'flex',
                    alignItems: 'center',
                    justifyContent: column.align === 'right' ? 'flex-end' : 'flex-start',
                    gap: 0.5,
                    px: 1.25,
                    fontSize: '0.72rem',
                    fontWeight: 600,
                    letterSpacing: '0.02em',
                    color: active ? 'text.primary' : 'text.secondary',
                    cursor: column.sort ? 'pointer' : 'default',
                    whiteSpace: 'nowrap',
                    overflow: 'hidden',
                    '&:hover': column.sort ? { color: 'text.primary' } : undefined,
                    '&:focus-visible': { outline: '2px solid #6ea0f5', outlineOffset: -2 },
                  }}
                >
                  <Box component="span" sx={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
                    {column.label}
                  </Box>
                  {active && (sort.direction === 'asc' ? <ArrowUpward sx={{ fontSize: 13 }} /> : <ArrowDownward sx={{ fontSize: 13 }} />)}
                </Box>
                <Box
                  aria-hidden="true"
                  data-resize={column.id}
                  title={`Drag to resize ${column.label}`}
                  onPointerDown={(event) => startResize(event, column.id)}
                  onClick={(event) => event.stopPropagation()}
                  sx={{
                    position: 'absolute',
                    right: -3,
                    top: 0,
                    bottom: 0,
                    width: 7,
                    zIndex: 1,
                    cursor: 'col-resize',
                    '&::after': {
                      content: '""',
                      position: 'absolute',
                      left: 3,
                      top: 7,
                      bottom: 7,
                      width: '1px',
                      backgroundColor: surface.borderStrong,
                    },
                    '&:hover::after': { backgroundColor: '#6ea0f5', top: 0, bottom: 0 },
                  }}
                />
              </Box>
            );
          })}
          {/* A header cell of its own: a row holds only cells. */}
          <Box
            role="columnheader"
            sx={{
              position: 'sticky',
              right: 0,
              ml: 'auto',
              width: 40,
              display: 'grid',
              placeItems: 'center',
              backgroundColor: surface.panel,
            }}
          >
            <Tooltip title="Choose columns">
              <IconButton aria-label="Columns" onClick={(event) => setColumnMenu(event.currentTarget)} sx={{ p: 0.5 }}>
                <ViewColumnOutlined sx={{ fontSize: 17 }} />
              </IconButton>
            </Tooltip>
          </Box>
        </Box>
        {entries.length === 0 ? null : rows}
      </Box>
      {entries.length === 0 && (
        // The empty message is a row of the grid, one cell across every column.
        <Box role="row" sx={{ position: 'absolute', inset: `${headerHeight}px 0 0 0`, display: 'flex' }}>
          <Box role="gridcell" aria-colspan={visibleColumns.length + 1} sx={{ flex: 1, display: 'flex' }}>
            {props.empty}
          </Box>
        </Box>
      )}
      <Menu
        anchorEl={columnMenu}
        open={columnMenu !== null}
        onClose={() => setColumnMenu(null)}
        slotProps={{ list: { 'aria-label': 'Columns', dense: true } }}
      >
        {offered.map((column) => (
          <MenuItem
            key={column.id}
            disabled={column.id === 'name'}
            onClick={() => toggleColumn(column.id)}
            role="menuitemcheckbox"
            aria-checked={!layout.hidden.includes(column.id)}
            sx={{ py: 0, pl: 0.5 }}
          >
            <Checkbox size="small" checked={!layout.hidden.includes(column.id)} tabIndex={-1} sx={{ p: 0.5, mr: 0.5 }} />
            <ListItemText primary={column.label} />
          </MenuItem>
        ))}
      </Menu>
    </Box>
  );
}
