import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import { alpha } from '@mui/material/styles';
import type { AssetView } from '@rushes/shared';

const look: Record<AssetView['status'], { label: string; colour: string }> = {
  uploading: { label: 'Uploading', colour: '#8ab4f8' },
  processing: { label: 'Processing', colour: '#e3b341' },
  ready: { label: 'Ready', colour: '#7ccf7e' },
  failed: { label: 'Failed', colour: '#ffa198' },
};

export function StatusChip({ asset }: { asset: AssetView }) {
  const { label, colour } = look[asset.status];
  const chip = (
    <Chip
      size="small"
      label={label}
      sx={{ color: colour, backgroundColor: alpha(colour, 0.14), border: `1px solid ${alpha(colour, 0.3)}`, fontWeight: 500 }}
    />
  );
  return asset.status === 'failed' && asset.failureReason ? <Tooltip title={asset.failureReason}>{chip}</Tooltip> : chip;
}

/**
 * The status as a plain element for virtualised rows: same look as the chip, styled by the
 * table's stylesheet (`.status-*`), so scrolling does not compute styles per row.
 */
export function StatusBadge({ asset }: { asset: AssetView }) {
  const badge = <span className={`status-badge status-${asset.status}`}>{look[asset.status].label}</span>;
  return asset.status === 'failed' && asset.failureReason ? <Tooltip title={asset.failureReason}>{badge}</Tooltip> : badge;
}

/** The stylesheet StatusBadge relies on; included once by the view that renders badges. */
export const statusBadgeStyles = Object.fromEntries([
  [
    '& .status-badge',
    {
      display: 'inline-flex',
      alignItems: 'center',
      height: 20,
      padding: '0 6px',
      borderRadius: 4,
      fontSize: '0.6875rem',
      fontWeight: 500,
      lineHeight: 1,
      fontFamily: 'inherit',
    },
  ],
  ...Object.entries(look).map(([status, { colour }]) => [
    `& .status-${status}`,
    { color: colour, backgroundColor: alpha(colour, 0.14), border: `1px solid ${alpha(colour, 0.3)}` },
  ]),
]);
