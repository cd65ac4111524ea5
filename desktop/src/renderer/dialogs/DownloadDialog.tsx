import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { AssetView, TransferView } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { useToast } from '../components/Toasts';
import { toShownError } from '../errors';
import { formatSize, pluralItems } from '../library/format';
import { queryKeys } from '../library/queries';
import { readPreference, writePreference } from '../library/storage';
import { monoFont } from '../theme';

/** The remembered download folder (also set in Settings). */
export const DOWNLOAD_FOLDER_KEY = 'rushes.downloadFolder';

interface Props {
  assets: AssetView[];
  onClose(): void;
  onStarted(transfers: TransferView[]): void;
}

/**
 * Where should these files go? The last folder is remembered; Electron offers the system
 * folder picker, web mode a typed path. Main checks the folder before anything starts.
 */
export function DownloadDialog({ assets, onClose, onStarted }: Props) {
  const toast = useToast();
  const [remembered] = useState(() =>
    readPreference<string>(DOWNLOAD_FOLDER_KEY, '', (value): value is string => typeof value === 'string'),
  );
  const defaults = useQuery({ queryKey: queryKeys.downloadDefaults, queryFn: () => desktop.getDownloadDefaults() }).data;
  // What the user typed or picked; until then the remembered folder, else main's default.
  const [typed, setFolder] = useState<string | null>(null);
  const folder = typed ?? (remembered || defaults?.folder || '');
  const canBrowse = defaults?.canBrowse ?? false;
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const total = assets.reduce((sum, asset) => sum + asset.size, 0);

  async function browse() {
    try {
      const { folder: chosen } = await desktop.chooseDownloadFolder({ current: folder || undefined });
      if (chosen) {
        setFolder(chosen);
        setFieldError(null);
      }
    } catch (error) {
      toast(toShownError(error).message, 'error');
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setFieldError(null);
    try {
      const { transfers } = await desktop.startDownloads({ ids: assets.map((asset) => asset.id), folder });
      writePreference(DOWNLOAD_FOLDER_KEY, folder.trim());
      onStarted(transfers);
    } catch (error) {
      const shown = toShownError(error);
      if (shown.code === 'VALIDATION_FAILED') setFieldError(shown.message);
      else toast(shown.message, 'error');
      setBusy(false);
    }
  }

  const what = assets.length === 1 ? `“${assets[0]!.name}”` : pluralItems(assets.length, 'file');
  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="download-dialog-title">
      <form onSubmit={(event) => void submit(event)} noValidate>
        <DialogTitle id="download-dialog-title" sx={{ fontSize: '0.9375rem', fontWeight: 600, pb: 0.5 }}>
          Download {what}
        </DialogTitle>
        <DialogContent>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            {formatSize(total)} in all. Files already in the folder are kept; a new copy gets a number, e.g. “clip (2).mov”.
          </Typography>
          <Box sx={{ display: 'flex', gap: 1, alignItems: 'flex-start' }}>
            <TextField
              label="Download to"
              value={folder}
              autoFocus={!canBrowse}
              fullWidth
              size="small"
              error={fieldError !== null}
              helperText={fieldError ?? ' '}
              onChange={(event) => {
                setFolder(event.target.value);
                setFieldError(null);
              }}
              slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: monoFont, fontSize: '0.8125rem' } } }}
            />
            {canBrowse && (
              <Button variant="outlined" onClick={() => void browse()} sx={{ mt: '1px', whiteSpace: 'nowrap' }}>
                Choose…
              </Button>
            )}
          </Box>
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" disabled={busy || folder.trim().length === 0}>
            Download
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
