import { memo, useEffect, useRef, useState } from 'react';
import Box from '@mui/material/Box';
import PlayArrowRounded from '@mui/icons-material/PlayArrowRounded';
import { FILMSTRIP_FRAMES, PROXY_SPEC, type AssetView } from '@rushes/shared';
import { alpha } from '@mui/material/styles';
import type { Entry } from '../library/entries';
import { formatDuration, formatFolderPath, formatFormat, formatFrameRate, formatResolution, formatSize } from '../library/format';
import { scrollRowIntoView, useRowWindow } from '../library/useWindow';
import { gridFocusRing, monoFont, surface } from '../theme';
import { shortcutText } from '../commands/registry';
import { entryGesturesOf, entryPointerHandlers, rowDomId, type BrowserViewProps, type EntryGestures } from './browserView';
import { useAssetPicture, useThumbnail } from '../library/thumbnails';
import { entryKind, kindColour, RowIcon } from './MediaIcon';
import { CustodyBadge, custodyBadgeStyles } from './CustodyBadge';
import { LocationBadge, locationBadgeStyles } from './LocationBadge';
import { StatusBadge, statusBadgeStyles } from './StatusChip';
import { TakeBadges, takeBadgeStyles } from '../review/TakeBadges';

const minCardWidth = 196;
const gap = 12;
const padding = 16;
const cardHeight = 184;
const rowHeight = cardHeight + gap;
const thumbHeight = 112;

/**
 * Hover scrub: the pointer's place across the picture picks one of the filmstrip's frames
 * (frame i is i/100 of the way through the clip, PROXY_SPEC.filmstrip). The filmstrip is
 * fetched on the first hover, not with the grid.
 */
function FilmstripScrub({ asset, width, frame }: { asset: AssetView; width: number; frame: number | null }) {
  const url = useAssetPicture(asset, 'filmstrip', frame !== null);
  if (frame === null || !url) return null;
  const { columns, frameWidth, frameHeight } = PROXY_SPEC.filmstrip;
  const w = Math.min(width, (thumbHeight * frameWidth) / frameHeight);
  const h = (w * frameHeight) / frameWidth;
  const column = frame % columns;
  const row = Math.floor(frame / columns);
  return (
    <div className="scrub" data-scrub-frame={frame}>
      <div
        className="frame"
        style={{
          width: w,
          height: h,
          backgroundImage: `url("${url}")`,
          backgroundSize: `${w * columns}px ${h * PROXY_SPEC.filmstrip.rows}px`,
          backgroundPosition: `${-column * w}px ${-row * h}px`,
        }}
      />
      <div className="scrub-position" style={{ width: `${((frame + 1) / FILMSTRIP_FRAMES) * 100}%` }} />
    </div>
  );
}

function metadataLine(entry: Entry): string {
  if (entry.type === 'folder') return 'Folder';
  const { asset } = entry;
  const fps = formatFrameRate(asset);
  return [formatResolution(asset), fps && `${fps} fps`, formatDuration(asset), formatSize(asset.size)].filter(Boolean).join(' · ');
}

interface CardProps extends EntryGestures {
  entry: Entry;
  index: number;
  left: number;
  top: number;
  width: number;
  selected: boolean;
  focused: boolean;
  showFolder: boolean;
}

const Card = memo(function Card({
  entry,
  index,
  left,
  top,
  width,
  selected,
  focused,
  onClick,
  onOpen,
  onContextMenu,
  showFolder,
}: CardProps) {
  const kind = entryKind(entry);
  const name = entry.type === 'folder' ? entry.folder.name : entry.asset.name;
  const format = entry.type === 'asset' ? formatFormat(entry.asset.name) : '';
  const asset = entry.type === 'asset' ? entry.asset : null;
  const thumbnail = useThumbnail(asset);
  const [scrubFrame, setScrubFrame] = useState<number | null>(null);
  const scrubbable = asset !== null && asset.derived.filmstrip;
  const playable = asset !== null && (asset.derived.proxy || asset.derived.preview);
  return (
    <div
      id={rowDomId(index)}
      role="gridcell"
      aria-selected={selected}
      data-entry-key={entry.key}
      className={`library-card${selected ? ' selected' : ''}${focused ? ' focused' : ''}`}
      style={{ left, top, width }}
      {...entryPointerHandlers(index, { onClick, onOpen, onContextMenu })}
    >
      <div
        className={`thumb kind-${kind}`}
        onMouseMove={
          scrubbable
            ? (event) => {
                const box = event.currentTarget.getBoundingClientRect();
                const at = Math.floor(((event.clientX - box.left) / box.width) * FILMSTRIP_FRAMES);
                setScrubFrame(Math.max(0, Math.min(FILMSTRIP_FRAMES - 1, at)));
              }
            : undefined
        }
        onMouseLeave={scrubbable ? () => setScrubFrame(null) : undefined}
      >
        {thumbnail ? <img className="image" src={thumbnail} alt="" draggable={false} /> : <RowIcon kind={kind} size={38} />}
        {asset && scrubbable && <FilmstripScrub asset={asset} width={width - 2} frame={scrubFrame} />}
        {playable && (
          <button
            type="button"
            className="play"
            aria-label={`Open ${name} in the viewer`}
            title={`Open in the viewer (${shortcutText('open')})`}
            onClick={(event) => {
              event.stopPropagation();
              onOpen(index);
            }}
            onDoubleClick={(event) => event.stopPropagation()}
          >
            <PlayArrowRounded fontSize="small" />
          </button>
        )}
        {format && <span className="format">{format}</span>}
        {entry.type === 'asset' && entry.asset.status !== 'ready' && (
          <span className="status">
            <StatusBadge asset={entry.asset} />
          </span>
        )}
        {entry.type === 'asset' && (
          <span className="location">
            <LocationBadge asset={entry.asset} />
            <CustodyBadge asset={entry.asset} />
          </span>
        )}
        {entry.type === 'asset' && (
          <span className={entry.asset.status === 'ready' ? 'takes' : 'takes below-status'}>
            <TakeBadges asset={entry.asset} />
          </span>
        )}
      </div>
      <div className="caption">
        <div className="name" title={name}>
          {name}
        </div>
        <div className="meta">{metadataLine(entry) || '—'}</div>
        {showFolder && entry.type === 'asset' && (
          <div className="meta folder" title={entry.asset.folderPath}>
            {formatFolderPath(entry.asset.folderPath)}
          </div>
        )}
      </div>
    </div>
  );
});

const kinds = ['folder', 'video', 'audio', 'image', 'raw', 'sidecar', 'other'] as const;

/** One stylesheet for every card; a card's position is its only inline style. */
const cardStyles = {
  '& .library-card': {
    position: 'absolute',
    height: cardHeight,
    display: 'flex',
    flexDirection: 'column',
    borderRadius: '6px',
    overflow: 'hidden',
    cursor: 'default',
    backgroundColor: surface.panel,
    border: `1px solid ${surface.border}`,
    '&:hover': { borderColor: surface.borderStrong },
    '&.selected': { backgroundColor: alpha('#2f6fdf', 0.2), borderColor: '#4f86e8' },
    '&.focused': { outline: '2px solid #6ea0f5', outlineOffset: '1px' },
  },
  '& .thumb': {
    position: 'relative',
    height: thumbHeight,
    flexShrink: 0,
    display: 'grid',
    placeItems: 'center',
    borderBottom: `1px solid ${surface.border}`,
    '& svg': { opacity: 0.8 },
    '& .image': { position: 'absolute', inset: 0, width: '100%', height: '100%', objectFit: 'contain', backgroundColor: '#000' },
    '& .scrub': { position: 'absolute', inset: 0, display: 'grid', placeItems: 'center', backgroundColor: '#000' },
    '& .scrub .frame': { backgroundRepeat: 'no-repeat' },
    '& .scrub-position': { position: 'absolute', left: 0, bottom: 0, height: 2, backgroundColor: '#6ea0f5' },
    '& .play': {
      position: 'absolute',
      right: 8,
      bottom: 8,
      width: 26,
      height: 26,
      display: 'grid',
      placeItems: 'center',
      padding: 0,
      border: `1px solid ${surface.borderStrong}`,
      borderRadius: '50%',
      color: '#fff',
      cursor: 'pointer',
      backgroundColor: alpha('#000', 0.55),
      opacity: 0,
      transition: 'opacity 120ms',
      '& svg': { opacity: 1 },
      '&:hover': { backgroundColor: '#2f6fdf', borderColor: '#2f6fdf' },
      '&:focus-visible': { opacity: 1 },
    },
  },
  '& .library-card:hover .play, & .library-card.selected .play': { opacity: 1 },
  ...Object.fromEntries(
    kinds.map((kind) => [
      `& .kind-${kind}`,
      { background: `linear-gradient(160deg, ${alpha(kindColour[kind], 0.1)}, ${surface.backdrop} 75%)` },
    ]),
  ),
  '& .format': {
    position: 'absolute',
    left: 8,
    top: 8,
    padding: '0 6px',
    borderRadius: '3px',
    fontSize: '0.625rem',
    fontWeight: 600,
    letterSpacing: '0.04em',
    color: 'text.secondary',
    backgroundColor: alpha('#000', 0.45),
  },
  '& .status': { position: 'absolute', right: 8, top: 8 },
  // Top right, clear of the play button; under the status badge while that shows.
  '& .takes': { position: 'absolute', right: 8, top: 8, display: 'flex' },
  '& .takes.below-status': { top: 34 },
  '& .location': { position: 'absolute', left: 8, bottom: 8, display: 'flex', backgroundColor: alpha('#000', 0.55), borderRadius: '3px' },
  '& .caption': { padding: '8px 10px', minWidth: 0 },
  '& .name': { fontSize: '0.8125rem', fontWeight: 500, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  '& .meta': {
    marginTop: '2px',
    fontFamily: monoFont,
    fontSize: '0.66rem',
    color: 'text.secondary',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  ...statusBadgeStyles,
  ...locationBadgeStyles,
  ...takeBadgeStyles,
  ...custodyBadgeStyles,
} as const;

/** The card view: a grid of cards, windowed by rows of cards. */
export function AssetCards(props: BrowserViewProps) {
  const { entries, selectedKeys, focusIndex, resetKey, hasMore, onNearEnd } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const probe = useRowWindow(scroller, 1, rowHeight, 0);
  const width = probe.viewportWidth || 1200;
  const columns = Math.max(1, Math.floor((width - padding * 2 + gap) / (minCardWidth + gap)));
  const cardWidth = Math.floor((width - padding * 2 - gap * (columns - 1)) / columns);
  const rowCount = Math.ceil(entries.length / columns);
  const { range, viewportHeight } = useRowWindow(scroller, rowCount, rowHeight, 3, padding);

  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [resetKey]);

  useEffect(() => {
    if (hasMore && rowCount > 0 && range.last >= rowCount - 4) onNearEnd();
  }, [hasMore, onNearEnd, range.last, rowCount]);

  const cards: React.ReactNode[] = [];
  for (let row = range.first; row <= range.last; row += 1) {
    for (let column = 0; column < columns; column += 1) {
      const index = row * columns + column;
      const entry = entries[index];
      if (!entry) break;
      cards.push(
        <Card
          key={entry.key}
          entry={entry}
          index={index}
          left={padding + column * (cardWidth + gap)}
          top={padding + row * rowHeight}
          width={cardWidth}
          selected={selectedKeys.has(entry.key)}
          focused={index === focusIndex}
          {...entryGesturesOf(props)}
          showFolder={props.showFolder ?? false}
        />,
      );
    }
  }

  return (
    <Box
      ref={scroller}
      role="grid"
      aria-label={props.label}
      aria-multiselectable="true"
      aria-activedescendant={focusIndex >= 0 && focusIndex < entries.length ? rowDomId(focusIndex) : undefined}
      tabIndex={0}
      data-view="cards"
      onKeyDown={(event) => {
        const moved = props.onKey(event, { columns, pageRows: Math.max(1, Math.floor(viewportHeight / rowHeight)) });
        if (moved !== null) scrollRowIntoView(scroller.current, Math.floor(moved / columns), rowHeight, padding);
      }}
      onClick={props.onBackgroundClick}
      onContextMenu={(event) => {
        event.preventDefault();
        props.onBackgroundContextMenu(event);
      }}
      sx={{
        flex: 1,
        minHeight: 0,
        overflow: 'auto',
        position: 'relative',
        outline: 'none',
        ...gridFocusRing,
        display: 'flex',
        flexDirection: 'column',
        ...cardStyles,
      }}
    >
      {entries.length === 0 ? (
        // The empty message is the grid's one row and cell: a grid holds only rows.
        <Box role="row" sx={{ flex: 1, display: 'flex' }}>
          <Box role="gridcell" sx={{ flex: 1, display: 'flex' }}>
            {props.empty}
          </Box>
        </Box>
      ) : (
        <Box role="row" sx={{ position: 'relative', flexShrink: 0, height: padding * 2 + rowCount * rowHeight - gap }}>
          {cards}
        </Box>
      )}
    </Box>
  );
}
