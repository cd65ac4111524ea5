import { useEffect, useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import type { AssetView } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { MediaIcon } from '../components/MediaIcon';
import { AnnotationsEditor } from './AnnotationsEditor';
import { StatusChip } from '../components/StatusChip';
import { toShownError } from '../errors';
import { formatDate, formatDuration, formatFormat, formatFrameRate, formatLocation, formatResolution, formatSize } from '../library/format';
import { monoFont, surface } from '../theme';

interface Props {
  /** What the listing already knows; the dialog fetches the full record. */
  asset: AssetView;
  onClose(): void;
  onDownload(asset: AssetView): void;
}

function rows(asset: AssetView): [string, string][] {
  const t = asset.technical;
  const channels = t?.audioChannels ? `${t.audioChannels} ch` : '';
  const rate = t?.audioSampleRate ? `${(t.audioSampleRate / 1000).toFixed(1)} kHz` : '';
  const list: [string, string | null | undefined][] = [
    ['Location', `${asset.folderPath || '/'}  (${formatLocation(asset)})`],
    ['Format', formatFormat(asset.name)],
    ['Size', `${formatSize(asset.size)} (${asset.size.toLocaleString()} bytes)`],
    ['Container', t?.container],
    ['Video codec', [t?.videoCodec, t?.videoProfile].filter(Boolean).join(' · ')],
    ['Resolution', formatResolution(asset)],
    ['Frame rate', formatFrameRate(asset) && `${formatFrameRate(asset)} fps`],
    ['Duration', formatDuration(asset)],
    ['Start timecode', t?.startTimecode],
    ['Bit depth', t?.bitDepth ? `${t.bitDepth}-bit` : ''],
    ['Colour', [t?.colourPrimaries, t?.colourTransfer, t?.colourMatrix].filter(Boolean).join(' / ')],
    ['Audio', [t?.audioCodec, channels, rate].filter(Boolean).join(' · ')],
    ['Checksum', asset.checksum ? `${asset.checksum.algorithm} ${asset.checksum.value}` : ''],
    ['Created', `${formatDate(asset.createdAt)} by ${asset.createdBy}`],
    ['Modified', formatDate(asset.modifiedAt)],
    ['Failure', asset.failureReason],
  ];
  return list.filter((row): row is [string, string] => Boolean(row[1]));
}

/** Opening an asset: its technical metadata, freshly read from the server. */
export function AssetDetailDialog({ asset: listed, onClose, onDownload }: Props) {
  const [asset, setAsset] = useState<AssetView>(listed);
  const [state, setState] = useState<'loading' | 'loaded' | string>('loading');

  useEffect(() => {
    let live = true;
    desktop.assetDetail({ id: listed.id }).then(
      (value) => {
        if (!live) return;
        setAsset(value);
        setState('loaded');
      },
      (error: unknown) => live && setState(toShownError(error).message),
    );
    return () => {
      live = false;
    };
  }, [listed.id]);

  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="asset-detail-title">
      <DialogTitle id="asset-detail-title" sx={{ display: 'flex', alignItems: 'center', gap: 1.25, fontSize: '0.9375rem', fontWeight: 600 }}>
        <MediaIcon kind={asset.kind} sx={{ fontSize: 20 }} />
        <Box component="span" sx={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
          {asset.name}
        </Box>
        <StatusChip asset={asset} />
        {state === 'loading' && <CircularProgress size={14} aria-label="Loading details" />}
      </DialogTitle>
      <DialogContent dividers sx={{ borderColor: surface.border }}>
        {state !== 'loading' && state !== 'loaded' && (
          <Typography variant="body2" color="error.light" sx={{ mb: 1 }}>
            {state}
          </Typography>
        )}
        <Box component="dl" aria-label="Asset metadata" sx={{ m: 0, display: 'grid', gridTemplateColumns: '140px 1fr', rowGap: 0.75, columnGap: 2 }}>
          {rows(asset).map(([label, value]) => (
            <Box key={label} sx={{ display: 'contents' }}>
              <Typography component="dt" variant="body2" color="text.secondary">
                {label}
              </Typography>
              <Typography component="dd" variant="body2" sx={{ m: 0, fontFamily: /Checksum|timecode|Duration/.test(label) ? monoFont : undefined, wordBreak: 'break-all', userSelect: 'text' }}>
                {value}
              </Typography>
            </Box>
          ))}
        </Box>
        {!asset.technical && (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1.5 }}>
            {asset.status === 'processing' ? 'Technical metadata appears when probing finishes.' : 'No technical metadata for this file.'}
          </Typography>
        )}
        {state === 'loaded' && <AnnotationsEditor key={asset.version} asset={asset} onSaved={setAsset} />}
      </DialogContent>
      <DialogActions sx={{ px: 3, py: 1.5 }}>
        <Button color="inherit" onClick={() => onDownload(asset)}>
          Download
        </Button>
        <Button variant="contained" onClick={onClose} autoFocus>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
