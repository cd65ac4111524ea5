import Tooltip from '@mui/material/Tooltip';
import { alpha } from '@mui/material/styles';
import type { AssetView } from '@rushes/shared';
import { editSharesOf } from '../library/locations';
import { useWorkstations } from '../library/workstations';

// Light enough to read at 4.5:1 on a selected row as well as a plain one.
const colours = { S3: '#b4bcc5', S3_FSX: '#56d4dd' } as const;

/** Where the file is: `S3` only, or `S3_FSX` (also on one or more edit shares, named in the tooltip). */
export function LocationBadge({ asset }: { asset: Pick<AssetView, 'locations'> }) {
  const { names } = useWorkstations();
  const shares = editSharesOf(asset, names);
  const location = shares.length > 0 ? 'S3_FSX' : 'S3';
  const where =
    shares.length === 0
      ? 'In S3 only: on no edit share'
      : `In S3 and on the edit share of ${shares.map((share) => (share.known ? share.name : `a workstation you cannot use (${share.id})`)).join(', ')}`;
  return (
    <Tooltip title={where}>
      <span className={`location-badge location-${location}`} aria-label={`Location ${location}. ${where}`}>
        {location}
      </span>
    </Tooltip>
  );
}

/** The stylesheet LocationBadge relies on; included once by the view that renders badges (like statusBadgeStyles). */
export const locationBadgeStyles = Object.fromEntries([
  [
    '& .location-badge',
    {
      display: 'inline-flex',
      alignItems: 'center',
      height: 18,
      padding: '0 5px',
      borderRadius: 3,
      fontSize: '0.625rem',
      fontWeight: 600,
      letterSpacing: '0.03em',
      lineHeight: 1,
    },
  ],
  ...Object.entries(colours).map(([location, colour]) => [
    `& .location-${location}`,
    { color: colour, backgroundColor: alpha(colour, 0.12), border: `1px solid ${alpha(colour, 0.35)}` },
  ]),
]);
