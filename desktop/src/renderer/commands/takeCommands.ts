import { MAX_RATING, type AssetView } from '@rushes/shared';
import { splitSelection } from '../library/entries';
import { plain, type CommandContext, type RunnableCommand, type TakeMarks } from './commandTypes';

/** The review issue's take marks: circle, rate 0–5, approve, needs review, reject, clear. */
/** The assets among the targets, when the user may mark them all (the server checks again). */
export function takeTargets(context: CommandContext): AssetView[] {
  if (!context.inFolder) return [];
  const assets = context.targets.filter((entry) => entry.type === 'asset');
  return assets.length > 0 && assets.every(context.mayChange) ? splitSelection(assets).assets : [];
}
const hasTakes = (context: CommandContext) => takeTargets(context).length > 0;
const markTakes = (marks: TakeMarks) => (context: CommandContext) => context.actions.setTakes(takeTargets(context), marks);
const rateCommand = (rating: number): RunnableCommand => ({
  label: rating === 0 ? 'No rating' : `Rate ${'★'.repeat(rating)}`,
  group: 'Takes',
  scope: 'library',
  keys: plain(String(rating)),
  when: hasTakes,
  run: markTakes({ rating }),
});
export const takeCommands = {
  circleTake: {
    label: 'Circle / uncircle the take',
    group: 'Takes',
    scope: 'library',
    keys: plain('c'),
    when: hasTakes,
    // A mixed selection is circled; one already all circled is uncircled.
    run: (context) => {
      const assets = takeTargets(context);
      context.actions.setTakes(assets, { circled: !assets.every((asset) => asset.review.circled) });
    },
  },
  rate0: rateCommand(0),
  rate1: rateCommand(1),
  rate2: rateCommand(2),
  rate3: rateCommand(3),
  rate4: rateCommand(4),
  rate5: rateCommand(MAX_RATING),
  approveTake: {
    label: 'Approve',
    group: 'Takes',
    scope: 'library',
    keys: [{ key: 'a', shift: true }],
    when: hasTakes,
    run: markTakes({ status: 'approved' }),
  },
  needsReview: {
    label: 'Needs review',
    group: 'Takes',
    scope: 'library',
    keys: [{ key: 'n', shift: true }],
    when: hasTakes,
    run: markTakes({ status: 'needs review' }),
  },
  rejectTake: {
    label: 'Reject',
    group: 'Takes',
    scope: 'library',
    keys: [{ key: 'r', shift: true }],
    when: hasTakes,
    run: markTakes({ status: 'rejected' }),
  },
  clearReviewStatus: {
    label: 'Clear the review status',
    group: 'Takes',
    scope: 'library',
    keys: [],
    when: hasTakes,
    run: markTakes({ status: 'none' }),
  },
} satisfies Record<string, RunnableCommand>;
