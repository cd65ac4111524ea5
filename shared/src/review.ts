import { z } from 'zod';

/**
 * The take's own marks as an asset carries them (circled, rating, review status, note
 * counts). Kept apart from reviewApi.ts, which imports the asset's view: catalogApi.ts and
 * domain.ts use these without an import cycle.
 */
export const MAX_RATING = 5;

export const REVIEW_STATUSES = ['none', 'needs review', 'approved', 'rejected'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export const ReviewStatusSchema = z.enum(REVIEW_STATUSES);

/** The take's marks as stored on the asset (absent on an asset nobody has marked or noted). */
export const AssetReviewSchema = z.object({
  circled: z.boolean(),
  rating: z.number().int().min(0).max(MAX_RATING),
  status: ReviewStatusSchema,
  /** Who last changed circled, rating or status, and when; null while never set. */
  setBy: z.string().nullable(),
  setAt: z.string().nullable(),
  /** Notes on the asset (replies included), and its top-level notes not resolved (open threads). */
  noteCount: z.number().int().min(0),
  openNoteCount: z.number().int().min(0),
});
export type AssetReview = z.infer<typeof AssetReviewSchema>;

export const NO_REVIEW: AssetReview = {
  circled: false,
  rating: 0,
  status: 'none',
  setBy: null,
  setAt: null,
  noteCount: 0,
  openNoteCount: 0,
};

/** Whether an asset's marks differ from none: such an asset stores no review at all. */
export function hasReview(review: AssetReview | undefined): review is AssetReview {
  return (
    review !== undefined &&
    (review.circled || review.rating !== 0 || review.status !== 'none' || review.setBy !== null || review.noteCount !== 0)
  );
}

/** New take marks for one asset: fields left out keep their value. */
export interface TakeMarks {
  readonly circled?: boolean;
  readonly rating?: number;
  readonly status?: ReviewStatus;
}

/** The review after `marks` were set by `by` at `at`; note counts stay. */
export function withTakeMarks(review: AssetReview | undefined, marks: TakeMarks, by: string, at: string): AssetReview {
  const current = review ?? NO_REVIEW;
  return {
    ...current,
    circled: marks.circled ?? current.circled,
    rating: marks.rating ?? current.rating,
    status: marks.status ?? current.status,
    setBy: by,
    setAt: at,
  };
}
