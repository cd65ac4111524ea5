import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Typography from '@mui/material/Typography';
import CheckRounded from '@mui/icons-material/CheckRounded';
import type { AssetView } from '@rushes/shared';
import { commands, shortcutText, type CommandContext, type RunnableId } from '../commands/registry';
import { splitSelection } from '../library/entries';

export type TakeSubmenuKind = 'rating' | 'review';

const items: Record<TakeSubmenuKind, { id: RunnableId; chosen(asset: AssetView): boolean }[]> = {
  rating: ([0, 1, 2, 3, 4, 5] as const).map((rating) => ({
    id: `rate${rating}` as const,
    chosen: (asset: AssetView) => asset.review.rating === rating,
  })),
  review: [
    { id: 'approveTake', chosen: (asset) => asset.review.status === 'approved' },
    { id: 'needsReview', chosen: (asset) => asset.review.status === 'needs review' },
    { id: 'rejectTake', chosen: (asset) => asset.review.status === 'rejected' },
    { id: 'clearReviewStatus', chosen: (asset) => asset.review.status === 'none' },
  ],
};

export const takeSubmenuLabel: Record<TakeSubmenuKind, string> = { rating: 'Rating', review: 'Review status' };

interface Props {
  kind: TakeSubmenuKind | null;
  anchor: HTMLElement | null;
  context: CommandContext | null;
  onCommand(command: RunnableId): void;
  onClose(): void;
}

/** The rating or review status of the takes right-clicked, beside the item that opened it; a tick on the value they all share. */
export function TakeSubmenu({ kind, anchor, context, onCommand, onClose }: Props) {
  const assets = context ? splitSelection(context.targets).assets : [];
  return (
    <Menu
      open={kind !== null && anchor !== null}
      anchorEl={anchor}
      onClose={onClose}
      anchorOrigin={{ vertical: 'top', horizontal: 'right' }}
      transformOrigin={{ vertical: 'top', horizontal: 'left' }}
      slotProps={{ list: { dense: true, 'aria-label': kind ? takeSubmenuLabel[kind] : undefined } }}
      transitionDuration={100}
      onKeyDown={(event) => {
        if (event.key === 'ArrowLeft') onClose();
      }}
    >
      {kind &&
        items[kind].map(({ id, chosen }) => {
          const shortcut = shortcutText(id);
          const all = assets.length > 0 && assets.every(chosen);
          return (
            <MenuItem key={id} sx={{ minWidth: 200 }} onClick={() => onCommand(id)} selected={all}>
              <ListItemIcon sx={{ '& svg': { fontSize: 16 } }}>{all ? <CheckRounded /> : null}</ListItemIcon>
              <ListItemText>{commands[id].label}</ListItemText>
              {shortcut && (
                <Typography variant="caption" color="text.secondary" sx={{ ml: 3 }} aria-hidden="true">
                  {shortcut}
                </Typography>
              )}
            </MenuItem>
          );
        })}
    </Menu>
  );
}
