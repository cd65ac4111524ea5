import Tooltip from '@mui/material/Tooltip';
import type { AssetView } from '@rushes/shared';

/**
 * A red mark on an asset whose bytes, at some hop (the card's own MHL, the upload, an
 * edit-share copy), did not hash as the hop before said: the metadata panel's Custody
 * section says which hop and both values. Nothing is shown otherwise.
 */
export function CustodyBadge({ asset }: { asset: AssetView }) {
  if (asset.custody !== 'mismatch') return null;
  return (
    <Tooltip title="Checksum mismatch at some hop of its chain of custody: see Custody in the metadata panel">
      <span className="custody-badge" aria-label="Checksum mismatch">
        MHL ≠
      </span>
    </Tooltip>
  );
}

/** The stylesheet CustodyBadge relies on, like statusBadgeStyles. */
export const custodyBadgeStyles = {
  '& .custody-badge': {
    display: 'inline-flex',
    alignItems: 'center',
    marginLeft: '6px',
    padding: '0 6px',
    height: 18,
    borderRadius: '9px',
    fontSize: '0.6875rem',
    fontWeight: 600,
    color: '#f47067',
    backgroundColor: 'rgba(244, 112, 103, 0.14)',
    border: '1px solid rgba(244, 112, 103, 0.45)',
    whiteSpace: 'nowrap',
  },
} as const;
