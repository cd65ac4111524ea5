import Box from '@mui/material/Box';
import type { AssetView } from '@rushes/shared';
import { AnnotationsEditor } from '../dialogs/AnnotationsEditor';
import { metadataGroups } from '../library/metadata';
import { useWorkstations } from '../library/workstations';
import { monoFont, surface } from '../theme';
import { CustodySection, custodyStyles } from './CustodySection';
import { useToast } from './Toasts';

/**
 * Every probed field of an asset, grouped; a click on a value copies it. Above them, the
 * asset's tags and notes, editable (the server decides who may); `onAnnotated` gets the
 * record as saved.
 */
export function MetadataPanel({ asset, onAnnotated }: { asset: AssetView; onAnnotated(asset: AssetView): void }) {
  const toast = useToast();
  const { list: workstations } = useWorkstations();
  const copy = (label: string, value: string) => {
    navigator.clipboard.writeText(value).then(
      () => toast(`Copied ${label.toLowerCase()}: ${value.length > 48 ? `${value.slice(0, 46)}…` : value}`, 'success'),
      () => toast('Could not copy: the system clipboard refused.', 'error'),
    );
  };
  return (
    <Box component="aside" aria-label="Metadata" sx={panelStyles}>
      <AnnotationsEditor key={`${asset.id}:${asset.version}`} asset={asset} onSaved={onAnnotated} />
      {metadataGroups(asset, workstations).map((group) => (
        <section key={group.title} aria-label={group.title}>
          <h3>{group.title}</h3>
          <dl>
            {group.rows.map((row) => (
              <div key={row.label} className="row">
                <dt>{row.label}</dt>
                <dd>
                  <button
                    type="button"
                    className={row.mono ? 'mono' : undefined}
                    title="Click to copy"
                    onClick={() => copy(row.label, row.value)}
                  >
                    {row.value}
                  </button>
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <CustodySection assetId={asset.id} />
      {!asset.technical && (
        <p className="note">
          {asset.status === 'processing' ? 'Technical metadata appears when probing finishes.' : 'No technical metadata for this file.'}
        </p>
      )}
    </Box>
  );
}

const panelStyles = {
  width: 320,
  flexShrink: 0,
  overflowY: 'auto',
  borderLeft: `1px solid ${surface.border}`,
  backgroundColor: surface.panel,
  padding: '4px 0 16px',
  '& section': { padding: '10px 14px 6px', borderBottom: `1px solid ${surface.border}` },
  '& h3': {
    margin: '0 0 6px',
    fontSize: '0.6875rem',
    fontWeight: 600,
    letterSpacing: '0.08em',
    textTransform: 'uppercase',
    color: 'text.secondary',
  },
  '& dl': { margin: 0 },
  '& .row': { display: 'grid', gridTemplateColumns: '104px 1fr', columnGap: '10px', alignItems: 'baseline', minHeight: 22 },
  '& dt': { fontSize: '0.75rem', color: 'text.secondary', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  '& dd': { margin: 0, minWidth: 0 },
  '& dd button': {
    all: 'unset',
    boxSizing: 'border-box',
    display: 'block',
    width: '100%',
    padding: '1px 4px',
    margin: '0 -4px',
    borderRadius: '3px',
    fontSize: '0.75rem',
    color: 'text.primary',
    // Prose wraps at spaces; only a long unbroken value (a path, a hash) breaks anywhere.
    overflowWrap: 'anywhere',
    cursor: 'copy',
    userSelect: 'text',
    '&:hover': { backgroundColor: surface.hover },
    '&:focus-visible': { outline: '2px solid #6ea0f5' },
  },
  '& dd button.mono': { fontFamily: monoFont, fontSize: '0.7rem', wordBreak: 'break-all' },
  '& .note': { margin: '12px 14px', fontSize: '0.75rem', color: 'text.secondary' },
  '& .mono': { fontFamily: monoFont },
  ...custodyStyles,
} as const;
