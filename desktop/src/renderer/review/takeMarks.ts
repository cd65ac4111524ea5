import type { AssetView, ReviewStatus, SetTakesBody } from '@rushes/shared';
import type { TakeMarks } from '../commands/registry';
import { pluralItems } from '../library/format';

export type Changes = SetTakesBody['changes'];

/** How each review status is named and coloured, in the library and the menus. */
export const statusLook: Record<ReviewStatus, { label: string; colour: string }> = {
  none: { label: 'No status', colour: '#a0a3ab' },
  'needs review': { label: 'Needs review', colour: '#d29922' },
  approved: { label: 'Approved', colour: '#57ab5a' },
  rejected: { label: 'Rejected', colour: '#f47067' },
};

/** "Circled 2 takes", "Rated 3 takes ★★★★", "Approved: 1 take". */
export function describeMarks(marks: TakeMarks, count: number): string {
  const takes = pluralItems(count, 'take');
  const parts: string[] = [];
  if (marks.circled !== undefined) parts.push(marks.circled ? `Circled ${takes}` : `Uncircled ${takes}`);
  if (marks.rating !== undefined)
    parts.push(marks.rating === 0 ? `Cleared the rating of ${takes}` : `Rated ${takes} ${'★'.repeat(marks.rating)}`);
  if (marks.status !== undefined)
    parts.push(marks.status === 'none' ? `Cleared the review status of ${takes}` : `${statusLook[marks.status].label}: ${takes}`);
  return parts.join('; ');
}

/** What each asset had in the fields a change touches: sent back, it undoes the change. */
export function previousMarks(assets: readonly AssetView[], marks: TakeMarks): Changes {
  const fields = (Object.keys(marks) as (keyof TakeMarks)[]).filter((field) => marks[field] !== undefined);
  return assets.map((asset) => ({ id: asset.id, ...Object.fromEntries(fields.map((field) => [field, asset.review[field]])) }));
}
