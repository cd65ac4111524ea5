import { alpha } from '@mui/material/styles';
import ChatBubbleOutlineRounded from '@mui/icons-material/ChatBubbleOutlineRounded';
import CancelRounded from '@mui/icons-material/CancelRounded';
import CheckCircleRounded from '@mui/icons-material/CheckCircleRounded';
import CheckRounded from '@mui/icons-material/CheckRounded';
import ScheduleRounded from '@mui/icons-material/ScheduleRounded';
import { MAX_RATING, type AssetReview, type AssetView, type ReviewStatus } from '@rushes/shared';
import { pluralItems } from '../library/format';
import { statusLook } from './takeMarks';

export const CIRCLE_COLOUR = '#ff9f0a';

/** ● for a circled take (the one the director wants printed), a faint ○ otherwise. */
export function CircledMark({ circled }: { circled: boolean }) {
  return (
    <span className={`take-circle${circled ? ' on' : ''}`} role="img" aria-label={circled ? 'Circled' : 'Not circled'}>
      {circled ? '●' : '○'}
    </span>
  );
}

/** Stars out of five; no stars shown faint for an unrated take. */
export function RatingStars({ rating }: { rating: number }) {
  return (
    <span className="take-rating" role="img" aria-label={rating === 0 ? 'Not rated' : `Rated ${rating} of ${MAX_RATING}`}>
      {Array.from({ length: MAX_RATING }, (_, index) => (
        <span key={index} className={index < rating ? 'on' : undefined}>
          ★
        </span>
      ))}
    </span>
  );
}

/** The review status as a small coloured label; nothing for a take without one. */
export function ReviewBadge({ status }: { status: ReviewStatus }) {
  if (status === 'none') return null;
  return <span className={`review-badge review-${status.replace(' ', '-')}`}>{statusLook[status].label}</span>;
}

/** Notes on the take: `open/all` while some are open, `all ✓` once every one is resolved; nothing when there are none. */
export function NoteCount({ review }: { review: AssetReview }) {
  if (review.noteCount === 0) return null;
  const open = review.openNoteCount;
  const notes = pluralItems(review.noteCount, 'note');
  const said = open > 0 ? `${open} open of ${notes}` : `${notes}, all resolved`;
  return (
    <span className={`take-notes${open > 0 ? ' open' : ''}`} title={said} aria-label={said}>
      <ChatBubbleOutlineRounded aria-hidden="true" />
      {open > 0 ? `${open}/${review.noteCount}` : review.noteCount}
      {open === 0 && <CheckRounded aria-hidden="true" className="resolved" />}
    </span>
  );
}

const statusIcons = { approved: CheckCircleRounded, rejected: CancelRounded, 'needs review': ScheduleRounded } as const;

/** The review status as an icon in its colour, where a card has no room for the label. */
function ReviewIcon({ status }: { status: ReviewStatus }) {
  if (status === 'none') return null;
  const Icon = statusIcons[status];
  return (
    <span className="take-status" role="img" aria-label={statusLook[status].label} title={statusLook[status].label}>
      <Icon sx={{ color: statusLook[status].colour }} />
    </span>
  );
}

/** A card's marks in one line over its thumbnail; nothing on a take nobody marked. */
export function TakeBadges({ asset }: { asset: AssetView }) {
  const take = asset.review;
  if (!take.circled && take.rating === 0 && take.status === 'none' && take.noteCount === 0) return null;
  return (
    <span className="take-badges" data-testid="take-badges">
      {take.circled && <CircledMark circled />}
      {take.rating > 0 && (
        <span className="take-rating-short" role="img" aria-label={`Rated ${take.rating} of ${MAX_RATING}`}>
          ★{take.rating}
        </span>
      )}
      <ReviewIcon status={take.status} />
      <NoteCount review={take} />
    </span>
  );
}

/** The stylesheet the marks rely on; included once by the view that renders them (no per-row styles). */
export const takeBadgeStyles = {
  '& .take-circle': { fontSize: '0.95rem', lineHeight: 1, color: alpha('#ffffff', 0.22) },
  '& .take-circle.on': { color: CIRCLE_COLOUR },
  '& .take-rating': { letterSpacing: '1px', color: alpha('#ffffff', 0.16), fontSize: '0.8rem' },
  '& .take-rating .on': { color: '#f2c94c' },
  '& .take-rating-short': { color: '#f2c94c', fontSize: '0.6875rem', fontWeight: 600 },
  '& .take-notes': {
    display: 'inline-flex',
    alignItems: 'center',
    gap: '3px',
    fontSize: '0.6875rem',
    color: 'text.secondary',
    whiteSpace: 'nowrap',
    '& svg': { fontSize: 12 },
    '& svg.resolved': { color: '#57ab5a' },
  },
  '& .take-notes.open': { color: '#e6e7ea' },
  '& .review-badge': {
    display: 'inline-flex',
    alignItems: 'center',
    height: 18,
    padding: '0 6px',
    borderRadius: 4,
    fontSize: '0.6875rem',
    fontWeight: 500,
    lineHeight: 1,
    whiteSpace: 'nowrap',
  },
  ...Object.fromEntries(
    Object.entries(statusLook).map(([status, { colour }]) => [
      `& .review-${status.replace(' ', '-')}`,
      { color: colour, backgroundColor: alpha(colour, 0.14), border: `1px solid ${alpha(colour, 0.3)}` },
    ]),
  ),
  '& .take-status': { display: 'inline-flex', '& svg': { fontSize: 14 } },
  '& .take-badges': {
    display: 'inline-flex',
    alignItems: 'center',
    gap: '6px',
    padding: '2px 6px',
    borderRadius: '4px',
    backgroundColor: alpha('#000', 0.62),
  },
} as const;
