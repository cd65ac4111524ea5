import { useState, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import CreateNewFolderOutlined from '@mui/icons-material/CreateNewFolderOutlined';
import NoteAddOutlined from '@mui/icons-material/NoteAddOutlined';
import type { ConflictChoice, TransferView, UploadPlan } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { toShownError } from '../errors';
import { formatSize, pluralItems } from '../library/format';
import { monoFont, surface } from '../theme';

interface Props {
  folderPath: string;
  /** Electron has file and folder pickers; web mode takes typed paths. */
  canBrowse: boolean;
  initialPaths?: string[];
  onClose(): void;
  onStarted(transfers: TransferView[], skipped: number): void;
}

const choiceLabel: Record<ConflictChoice, string> = { keepBoth: 'Keep both', replace: 'Replace', skip: 'Skip' };

/**
 * Upload files and folders into a library folder. First the plan: what is new, what would
 * take a name already used (keep both, replace or skip; one choice for all or per file), what
 * breaks a naming rule (refused before any byte is sent). Then the upload, into the queue.
 */
export function UploadDialog({ folderPath, canBrowse, initialPaths, onClose, onStarted }: Props) {
  const [paths, setPaths] = useState<string[]>(initialPaths ?? []);
  const [typed, setTyped] = useState((initialPaths ?? []).join('\n'));
  const [plan, setPlan] = useState<UploadPlan | null>(null);
  const [forAll, setForAll] = useState<ConflictChoice>('keepBoth');
  const [decisions, setDecisions] = useState<Record<string, ConflictChoice>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const chosen = canBrowse
    ? paths
    : typed
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);

  async function pick(what: 'files' | 'folder') {
    try {
      const result = what === 'files' ? await desktop.chooseUploadFiles({}) : await desktop.chooseUploadFolder({});
      if (result.paths.length > 0) {
        setPaths((previous) => [...new Set([...previous, ...result.paths])]);
        setPlan(null);
      }
    } catch (failure) {
      setError(toShownError(failure).message);
    }
  }

  async function check() {
    setBusy(true);
    setError(null);
    try {
      setPlan(await desktop.planLocalUpload({ folderPath, paths: chosen }));
      setDecisions({});
    } catch (failure) {
      setError(toShownError(failure).message);
    } finally {
      setBusy(false);
    }
  }

  async function upload() {
    setBusy(true);
    setError(null);
    try {
      const result = await desktop.startUpload({ folderPath, paths: chosen, decisions, onConflict: forAll });
      onStarted(result.transfers, result.skipped.length);
    } catch (failure) {
      setError(toShownError(failure).message);
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || chosen.length === 0) return;
    void (plan ? upload() : check());
  }

  const counts = plan && {
    fresh: plan.items.filter((item) => item.outcome === 'new').length,
    conflicts: plan.items.filter((item) => item.outcome === 'conflict'),
    refused: plan.items.filter((item) => item.outcome === 'refused'),
  };
  const sending = counts ? counts.fresh + counts.conflicts.filter((item) => (decisions[item.localPath] ?? forAll) !== 'skip').length : 0;

  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="md" fullWidth aria-labelledby="upload-title">
      <form onSubmit={submit} noValidate>
        <DialogTitle id="upload-title" sx={{ fontSize: '0.9375rem', fontWeight: 600, pb: 0.5 }}>
          Upload into {folderPath === '' ? 'Library' : folderPath.split('/').filter(Boolean).at(-1)}
        </DialogTitle>
        <DialogContent>
          <Typography variant="caption" color="text.secondary" component="div" sx={{ fontFamily: monoFont, mb: 1.5 }}>
            {folderPath || 'Library'}
          </Typography>
          {error && (
            <Alert severity="error" sx={{ mb: 1.5 }}>
              {error}
            </Alert>
          )}
          {canBrowse ? (
            <Box sx={{ mb: 1.5 }}>
              <Box sx={{ display: 'flex', gap: 1, mb: 1 }}>
                <Button variant="outlined" startIcon={<NoteAddOutlined />} onClick={() => void pick('files')} disabled={busy}>
                  Add files…
                </Button>
                <Button variant="outlined" startIcon={<CreateNewFolderOutlined />} onClick={() => void pick('folder')} disabled={busy}>
                  Add folder…
                </Button>
              </Box>
              <PathList paths={paths} />
            </Box>
          ) : (
            <TextField
              label="Files or folders on this computer"
              helperText="One full path per line; a folder goes up with everything in it, keeping its sub-folders."
              value={typed}
              onChange={(event) => {
                setTyped(event.target.value);
                setPlan(null);
              }}
              multiline
              minRows={3}
              maxRows={8}
              fullWidth
              autoFocus
              slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: monoFont, fontSize: '0.8125rem' } } }}
              sx={{ mb: 1.5 }}
            />
          )}
          {plan && counts && (
            <Box aria-label="Upload plan" role="region">
              <Typography variant="body2" sx={{ mb: 1 }}>
                {pluralItems(plan.items.length, 'file')}, {formatSize(plan.totalBytes)}: {counts.fresh.toLocaleString()} new
                {counts.conflicts.length > 0 && `, ${counts.conflicts.length.toLocaleString()} already there`}
                {counts.refused.length > 0 && `, ${counts.refused.length.toLocaleString()} refused`}
                {plan.unreadable.length > 0 && `, ${plan.unreadable.length.toLocaleString()} unreadable`}.
              </Typography>
              {counts.conflicts.length > 0 && (
                <Box sx={{ mb: 1.5 }}>
                  <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, mb: 1 }}>
                    <Typography variant="body2" color="text.secondary">
                      Names already taken:
                    </Typography>
                    <ToggleButtonGroup
                      size="small"
                      exclusive
                      value={forAll}
                      onChange={(_event, value: ConflictChoice | null) => value && setForAll(value)}
                      aria-label="For every taken name"
                    >
                      {(['keepBoth', 'replace', 'skip'] as const).map((choice) => (
                        <ToggleButton key={choice} value={choice} sx={{ px: 1.5, py: 0.25 }}>
                          {choiceLabel[choice]}
                        </ToggleButton>
                      ))}
                    </ToggleButtonGroup>
                  </Box>
                  <Rows>
                    {counts.conflicts.map((item) => (
                      <Box key={item.localPath} sx={{ display: 'flex', alignItems: 'center', gap: 1, py: 0.25 }}>
                        <Typography
                          variant="body2"
                          noWrap
                          sx={{ flex: 1, fontFamily: monoFont, fontSize: '0.75rem' }}
                          title={item.relativePath}
                        >
                          {item.relativePath}
                        </Typography>
                        <Typography variant="caption" color="text.secondary" noWrap>
                          there now: {formatSize(item.existing?.size ?? 0)}
                        </Typography>
                        <Select
                          size="small"
                          value={decisions[item.localPath] ?? forAll}
                          onChange={(event) =>
                            setDecisions((previous) => ({ ...previous, [item.localPath]: event.target.value as ConflictChoice }))
                          }
                          inputProps={{ 'aria-label': `For ${item.relativePath}` }}
                          sx={{ fontSize: '0.75rem', minWidth: 110, '& .MuiSelect-select': { py: 0.25 } }}
                        >
                          {(['keepBoth', 'replace', 'skip'] as const).map((choice) => (
                            <MenuItem key={choice} value={choice} dense>
                              {choiceLabel[choice]}
                            </MenuItem>
                          ))}
                        </Select>
                      </Box>
                    ))}
                  </Rows>
                </Box>
              )}
              {(counts.refused.length > 0 || plan.unreadable.length > 0) && (
                <Rows label="Not uploaded">
                  {counts.refused.map((item) => (
                    <Problem key={item.localPath} path={item.relativePath} message={item.message ?? 'Refused'} />
                  ))}
                  {plan.unreadable.map((item) => (
                    <Problem key={item.localPath} path={item.localPath} message={item.message} />
                  ))}
                </Rows>
              )}
            </Box>
          )}
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          {plan ? (
            <Button type="submit" variant="contained" disabled={busy || sending === 0}>
              {sending === 0 ? 'Nothing to upload' : `Upload ${pluralItems(sending, 'file')}`}
            </Button>
          ) : (
            <Button type="submit" variant="contained" disabled={busy || chosen.length === 0}>
              Check
            </Button>
          )}
        </DialogActions>
      </form>
    </Dialog>
  );
}

function PathList({ paths }: { paths: string[] }) {
  if (paths.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        Add camera cards, folders or single files. Folders go up with everything in them, keeping their sub-folders.
      </Typography>
    );
  }
  return (
    <Rows>
      {paths.map((path) => (
        <Typography key={path} variant="body2" noWrap sx={{ fontFamily: monoFont, fontSize: '0.75rem', py: 0.25 }} title={path}>
          {path}
        </Typography>
      ))}
    </Rows>
  );
}

function Rows({ label, children }: { label?: string; children: React.ReactNode }) {
  return (
    <Box
      role="list"
      aria-label={label}
      sx={{ border: `1px solid ${surface.border}`, borderRadius: 1, maxHeight: 180, overflowY: 'auto', px: 1.25, py: 0.5 }}
    >
      {children}
    </Box>
  );
}

function Problem({ path, message }: { path: string; message: string }) {
  return (
    <Box role="listitem" sx={{ py: 0.25 }}>
      <Typography variant="body2" noWrap sx={{ fontFamily: monoFont, fontSize: '0.75rem' }} title={path}>
        {path}
      </Typography>
      <Typography variant="caption" color="error.light">
        {message}
      </Typography>
    </Box>
  );
}
