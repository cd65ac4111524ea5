import { useEffect, useState } from 'react';
import type { AssetCustody, CustodyEntry } from '@rushes/shared';
import { desktop } from '../bridge/desktop';

const hopLabel: Record<CustodyEntry['hop'], string> = {
  offload: 'Card MHL',
  upload: 'Upload',
  workstation: 'Edit share',
};

const stateLabel: Record<CustodyEntry['state'], string> = {
  recorded: 'Recorded',
  matched: 'Matched',
  mismatch: 'Mismatch',
  unverifiable: 'Not comparable',
  missing: 'Missing',
};

/**
 * The asset's chain of custody for the metadata panel: each hop its bytes passed (the card's
 * own MHL, the upload, every edit-share copy), whether its hashes matched the hop before, and
 * the MHL generation that records it. A mismatch is red and says both values.
 */
export function CustodySection({ assetId }: { assetId: string }) {
  // Kept with the asset it is of, so another asset's record never shows while this one loads.
  const [loaded, setLoaded] = useState<{ assetId: string; custody: AssetCustody | null; problem: string | null } | null>(null);
  useEffect(() => {
    let current = true;
    desktop.assetCustody({ id: assetId }).then(
      (custody) => current && setLoaded({ assetId, custody, problem: null }),
      (error: unknown) => current && setLoaded({ assetId, custody: null, problem: (error as Error).message }),
    );
    return () => {
      current = false;
    };
  }, [assetId]);
  const custody = loaded?.assetId === assetId ? loaded.custody : null;
  const problem = loaded?.assetId === assetId ? loaded.problem : null;

  return (
    <section aria-label="Custody" data-custody={custody?.summary}>
      <h3>Custody</h3>
      {problem && <p className="note">Could not read the custody record: {problem}</p>}
      {custody?.summary === 'none' && <p className="note">No checksums recorded yet (uploaded loose, or before Rushes recorded MHL).</p>}
      <dl>
        {custody?.entries.map((entry) => (
          <div key={`${entry.rootPath}${entry.sequence}${entry.hop}`} className="row" title={`ascmhl/${entry.manifestName}`}>
            <dt>{hopLabel[entry.hop]}</dt>
            <dd>
              <span className={`custody-state custody-${entry.state}`}>{stateLabel[entry.state]}</span>
              <span className="custody-by"> · {entry.by}</span>
              {entry.hashes.xxh64 && <span className="mono custody-hash">xxh64 {entry.hashes.xxh64}</span>}
              {entry.hashes.md5 && <span className="mono custody-hash">md5 {entry.hashes.md5}</span>}
              {entry.detail && <span className={`custody-detail custody-${entry.state}`}>{entry.detail}</span>}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** Styles for the section inside the metadata panel's `sx`. */
export const custodyStyles = {
  '& .custody-state': { fontSize: '0.75rem', fontWeight: 600 },
  '& .custody-recorded': { color: 'text.secondary' },
  '& .custody-matched': { color: 'success.light' },
  '& .custody-mismatch, & .custody-missing': { color: 'error.light' },
  '& .custody-unverifiable': { color: 'warning.light' },
  '& .custody-by': { fontSize: '0.75rem', color: 'text.secondary', overflowWrap: 'anywhere' },
  '& .custody-hash': { display: 'block', fontSize: '0.7rem', color: 'text.secondary', wordBreak: 'break-all' },
  '& .custody-detail': { display: 'block', fontSize: '0.7rem', overflowWrap: 'anywhere' },
} as const;
