import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Typography from '@mui/material/Typography';
import type { AssetView, FolderView, TransferJob, TransferOperation, WorkstationView } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { toShownError } from '../errors';
import { formatSize, pluralItems } from '../library/format';
import { sharePath } from '../library/locations';
import { queryKeys } from '../library/queries';
import { readPreference, writePreference } from '../library/storage';
import { platformNames, useWorkstations } from '../library/workstations';
import { monoFont, surface } from '../theme';

/** The workstation last sent to, per user on this computer (the app's preferences). */
export const lastWorkstationKey = (email: string) => `rushes.fsx.workstation.${email.toLowerCase()}`;
const isString = (value: unknown): value is string => typeof value === 'string';

interface Props {
  operation: TransferOperation;
  assets: readonly AssetView[];
  /** Whole folders, everything below them included. */
  folders: readonly FolderView[];
  email: string;
  onClose(): void;
  onStarted(job: TransferJob): void;
}

/** What the folders hold, as far as search can count it (it stops at its result limit). */
interface FolderCount {
  files: number;
  bytes: number;
  more: boolean;
}

/**
 * Copy the chosen files (or whole folders) to a workstation's edit share, or remove them from
 * it: choose the workstation (the last one is remembered), see how much goes where, start.
 * The server checks the files, the folders and the workstation again; its refusal is shown here.
 */
export function FsxDialog({ operation, assets, folders, email, onClose, onStarted }: Props) {
  const { list, loaded, error: listError } = useWorkstations();
  const [chosen, setChosen] = useState<string>(() => readPreference(lastWorkstationKey(email), '', isString));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const groupRef = useRef<HTMLDivElement>(null);
  const station = list.find((item) => item.id === chosen) ?? list[0] ?? null;
  const copy = operation === 'copy';

  // What the folders hold, by search (asked again each time the dialog opens).
  const contents = useQuery({
    queryKey: queryKeys.folderContents(folders.map((folder) => folder.path)),
    queryFn: () => Promise.all(folders.map((folder) => desktop.searchAssets({ q: `in:"${folder.path}"`, limit: 500 }))),
    enabled: folders.length > 0,
    staleTime: 0,
  });
  const counted = useMemo<FolderCount | null>(() => {
    if (folders.length === 0) return { files: 0, bytes: 0, more: false };
    // The server counts anyway; the dialog just cannot say how much beforehand.
    if (contents.isError) return { files: 0, bytes: 0, more: true };
    if (!contents.data) return null;
    const seen = new Set(assets.map((asset) => asset.id));
    const count: FolderCount = { files: 0, bytes: 0, more: false };
    for (const answer of contents.data) {
      count.more ||= answer.truncated;
      for (const asset of answer.assets) {
        if (seen.has(asset.id)) continue;
        seen.add(asset.id);
        count.files += 1;
        count.bytes += asset.size;
      }
    }
    return count;
  }, [folders.length, contents.isError, contents.data, assets]);

  // Keyboard: focus lands on the chosen workstation, so arrows pick one and Enter starts.
  useEffect(() => {
    if (!loaded) return;
    requestAnimationFrame(() => groupRef.current?.querySelector<HTMLInputElement>('input[type="radio"]:checked')?.focus());
  }, [loaded]);

  const assetBytes = useMemo(() => assets.reduce((sum, asset) => sum + asset.size, 0), [assets]);
  const onShare = station ? assets.filter((asset) => asset.locations[station.id] === 'S3_FSX').length : 0;
  const files = assets.length + (counted?.files ?? 0);
  const bytes = assetBytes + (counted?.bytes ?? 0);
  const destinations = useMemo(
    () => [...new Set([...assets.map((asset) => asset.folderPath), ...folders.map((folder) => folder.path)])].sort(),
    [assets, folders],
  );
  const what =
    folders.length === 1 && assets.length === 0
      ? `the folder “${folders[0]!.name}”`
      : assets.length === 1 && folders.length === 0
        ? `“${assets[0]!.name}”`
        : [assets.length > 0 ? pluralItems(assets.length, 'file') : '', folders.length > 0 ? pluralItems(folders.length, 'folder') : '']
            .filter(Boolean)
            .join(' and ');

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (busy || !station) return;
    setBusy(true);
    setError(null);
    try {
      const job = await desktop.startTransfer({
        operation,
        workstationId: station.id,
        assetIds: assets.map((asset) => asset.id),
        folderPaths: folders.map((folder) => folder.path),
      });
      writePreference(lastWorkstationKey(email), station.id);
      onStarted(job);
    } catch (failure) {
      setError(toShownError(failure).message);
      setBusy(false);
    }
  }

  const title = copy ? `Copy ${what} to FSx` : `Remove ${what} from FSx`;
  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="fsx-dialog-title">
      <form
        onSubmit={(event) => void submit(event)}
        onKeyDown={(event) => {
          // Enter on a workstation starts, as it would in a text field.
          if (event.key === 'Enter' && (event.target as HTMLElement).tagName === 'INPUT') {
            event.preventDefault();
            void submit();
          }
        }}
        noValidate
      >
        <DialogTitle id="fsx-dialog-title" sx={{ fontSize: '0.9375rem', fontWeight: 600, pb: 0.5 }}>
          {title}
        </DialogTitle>
        <DialogContent>
          {error && (
            <Alert severity="error" sx={{ mb: 1.5 }}>
              {error}
            </Alert>
          )}
          {!loaded ? (
            <Box sx={{ display: 'grid', placeItems: 'center', py: 3 }}>
              <CircularProgress size={20} aria-label="Loading workstations" />
            </Box>
          ) : list.length === 0 ? (
            listError ? (
              <Alert severity="error" sx={{ mt: 1 }}>
                The workstations could not be listed: {listError}
              </Alert>
            ) : (
              <Alert severity="info" variant="outlined" sx={{ mt: 1 }}>
                No workstation is set up for your groups. Ask an admin.
              </Alert>
            )
          ) : (
            <>
              <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                {copy ? 'Send to the edit share of' : 'Remove from the edit share of'}
              </Typography>
              <RadioGroup
                ref={groupRef}
                aria-label="Workstation"
                value={station?.id ?? ''}
                onChange={(event) => setChosen(event.target.value)}
                sx={{ border: `1px solid ${surface.border}`, borderRadius: 1, maxHeight: 220, overflowY: 'auto', flexWrap: 'nowrap' }}
              >
                {list.map((item) => (
                  <WorkstationChoice key={item.id} workstation={item} selected={item.id === station?.id} disabled={busy} />
                ))}
              </RadioGroup>
              {station && (
                <Box
                  component="dl"
                  aria-label="What will happen"
                  sx={{
                    m: 0,
                    mt: 2,
                    display: 'grid',
                    gridTemplateColumns: '88px 1fr',
                    rowGap: 0.75,
                    columnGap: 1.5,
                    fontSize: '0.8125rem',
                  }}
                >
                  <Typography component="dt" variant="body2" color="text.secondary">
                    {copy ? 'Copies' : 'Removes'}
                  </Typography>
                  <Typography component="dd" variant="body2" sx={{ m: 0 }} data-testid="fsx-amount">
                    {counted === null ? (
                      'Counting…'
                    ) : (
                      <>
                        {pluralItems(files, 'file')}
                        {counted.more ? '+' : ''} · {formatSize(bytes)}
                        {counted.more ? ' or more' : ''}
                        {!copy && assets.length > 0 && folders.length === 0 && onShare < assets.length && (
                          <Box component="span" sx={{ color: 'text.secondary' }}>
                            {` (${onShare.toLocaleString()} of them ${onShare === 1 ? 'is' : 'are'} on this share; the others are reported as not there)`}
                          </Box>
                        )}
                      </>
                    )}
                  </Typography>
                  <Typography component="dt" variant="body2" color="text.secondary">
                    {copy ? 'Into' : 'From'}
                  </Typography>
                  <Box component="dd" sx={{ m: 0, minWidth: 0 }} data-testid="fsx-destination">
                    {destinations.slice(0, 3).map((path) => (
                      <Typography key={path} variant="body2" sx={{ fontFamily: monoFont, fontSize: '0.75rem', overflowWrap: 'anywhere' }}>
                        {sharePath(station, path.replace(/\/$/, ''))}
                      </Typography>
                    ))}
                    {destinations.length > 3 && (
                      <Typography variant="caption" color="text.secondary">
                        and {pluralItems(destinations.length - 3, 'other folder')}
                      </Typography>
                    )}
                  </Box>
                </Box>
              )}
              <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 2, mb: 0 }}>
                {copy
                  ? 'Library folders are kept below the share root. Every file is verified by checksum once copied; one already there and identical is left as it is.'
                  : 'Only files that still match what was sent are deleted. A file edited or replaced on the share is reported and kept.'}
              </Typography>
            </>
          )}
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button color="inherit" onClick={onClose} disabled={busy}>
            {list.length === 0 && loaded ? 'Close' : 'Cancel'}
          </Button>
          {list.length > 0 && (
            <Button type="submit" variant="contained" color={copy ? 'primary' : 'error'} disabled={busy || !station || counted === null}>
              {busy
                ? 'Starting…'
                : copy
                  ? `Copy ${files > 0 ? pluralItems(files, 'file') : ''}`.trim()
                  : `Remove ${files > 0 ? pluralItems(files, 'file') : ''}`.trim()}
              {counted?.more ? '+' : ''}
            </Button>
          )}
        </DialogActions>
      </form>
    </Dialog>
  );
}

function WorkstationChoice({ workstation, selected, disabled }: { workstation: WorkstationView; selected: boolean; disabled: boolean }) {
  return (
    <FormControlLabel
      value={workstation.id}
      disabled={disabled}
      control={<Radio size="small" />}
      sx={{
        m: 0,
        px: 1,
        py: 0.5,
        borderBottom: `1px solid ${surface.border}`,
        '&:last-of-type': { borderBottom: 'none' },
        backgroundColor: selected ? surface.hover : undefined,
        alignItems: 'center',
      }}
      label={
        <Box sx={{ minWidth: 0 }}>
          <Typography variant="body2" sx={{ fontWeight: 500 }}>
            {workstation.name}
            <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 1 }}>
              {platformNames[workstation.platform]}
            </Typography>
          </Typography>
          <Typography
            variant="caption"
            color="text.secondary"
            component="div"
            sx={{ fontFamily: monoFont, fontSize: '0.6875rem', overflowWrap: 'anywhere' }}
          >
            {workstation.shareRoot}
          </Typography>
        </Box>
      }
    />
  );
}
