import { useState, type FormEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import LinearProgress from '@mui/material/LinearProgress';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import { DesktopCallError, desktop } from '../bridge/desktop';
import { useToast } from '../components/Toasts';
import { toShownError } from '../errors';
import { pluralItems } from '../library/format';
import { readPreference, writePreference } from '../library/storage';
import {
  aleClips,
  collectAssets,
  exportFileName,
  fetchNotes,
  MARKER_FORMATS,
  markerFile,
  type ExportProgress,
  type ExportSource,
  type MarkerFormat,
} from './markerExport';

const FORMAT_KEY = 'rushes.markerExport.format';
const isFormat = (value: unknown): value is MarkerFormat => typeof value === 'string' && value in MARKER_FORMATS;

/** Hands the text to the browser as a download: the same save path as the audit log's CSV. */
function saveText(text: string, fileName: string, mime: string) {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A failed export in one sentence: the server's words, or the exporter's (which name the clip and field). */
function exportMessage(error: unknown): string {
  if (error instanceof DesktopCallError) return toShownError(error).message;
  return error instanceof Error ? error.message : toShownError(error).message;
}

function progressText(progress: ExportProgress): string {
  if (progress.phase === 'listing') return `Listing folders… ${pluralItems(progress.done, 'clip')} found`;
  if (progress.phase === 'notes') return `Reading notes… ${progress.done.toLocaleString()} of ${pluralItems(progress.total, 'clip')}`;
  return 'Writing the file…';
}

/**
 * Notes to the edit: markers for Media Composer, an EDL with locators, Resolve's marker EDL,
 * CSV, or an ALE bin with circled takes; from a folder (with its subfolders), a selection or
 * a search's results. Notes come 500 clips at a time, with progress for a big folder.
 */
export function ExportMarkersDialog({ source, onClose }: { source: ExportSource; onClose(): void }) {
  const toast = useToast();
  const [format, setFormat] = useState<MarkerFormat>(() => readPreference(FORMAT_KEY, 'avid', isFormat));
  const [includeResolved, setIncludeResolved] = useState(false);
  const [includeReplies, setIncludeReplies] = useState(true);
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = progress !== null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setProgress({ phase: 'listing', done: source.assets.length, total: 0 });
    try {
      const reader = { listFolder: desktop.listFolder, notesBatch: desktop.notesBatch };
      const assets = await collectAssets(source, reader, setProgress);
      if (assets.length === 0) throw new Error('There are no clips here to export.');
      const notes = await fetchNotes(assets, reader, setProgress);
      setProgress({ phase: 'writing', done: 0, total: 0 });
      const selection = { includeResolved, includeReplies };
      const text = markerFile(format, source.title, assets, notes, selection);
      const fileName = exportFileName(source.title, format);
      saveText(text, fileName, MARKER_FORMATS[format].mime);
      writePreference(FORMAT_KEY, format);
      const written = [...notes.values()].flat().filter((note) => note.parentId === null && (includeResolved || !note.resolved)).length;
      toast(
        format === 'ale'
          ? `Saved ${fileName}: ${pluralItems(aleClips(assets).length, 'clip')}`
          : `Saved ${fileName}: ${pluralItems(written, 'note')}`,
        'success',
      );
      onClose();
    } catch (failure) {
      setError(exportMessage(failure));
      setProgress(null);
    }
  }

  const determinate = progress?.phase === 'notes' && progress.total > 0;
  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="export-markers-title">
      <form onSubmit={(event) => void submit(event)}>
        <DialogTitle id="export-markers-title" sx={{ fontSize: '0.9375rem', fontWeight: 600 }}>
          {MARKER_FORMATS[format].title}
        </DialogTitle>
        <DialogContent>
          <Box sx={{ fontSize: '0.8125rem', color: 'text.secondary', mb: 1.5 }}>
            From <b>{source.title}</b>
            {source.folders.length > 0 ? ', with every folder inside' : ''}.
          </Box>
          <RadioGroup aria-label="Format" value={format} onChange={(event) => setFormat(event.target.value as MarkerFormat)}>
            {(Object.keys(MARKER_FORMATS) as MarkerFormat[]).map((value) => (
              <FormControlLabel
                key={value}
                value={value}
                disabled={busy}
                control={<Radio size="small" />}
                label={MARKER_FORMATS[value].label}
                sx={{ '& .MuiFormControlLabel-label': { fontSize: '0.8125rem' } }}
              />
            ))}
          </RadioGroup>
          <Box sx={{ display: 'flex', gap: 2, mt: 1 }}>
            <FormControlLabel
              disabled={busy}
              control={<Checkbox size="small" checked={includeResolved} onChange={(event) => setIncludeResolved(event.target.checked)} />}
              label="Include resolved notes"
              sx={{ '& .MuiFormControlLabel-label': { fontSize: '0.8125rem' } }}
            />
            <FormControlLabel
              disabled={busy || format === 'ale'}
              control={<Checkbox size="small" checked={includeReplies} onChange={(event) => setIncludeReplies(event.target.checked)} />}
              label="Include replies"
              sx={{ '& .MuiFormControlLabel-label': { fontSize: '0.8125rem' } }}
            />
          </Box>
          {progress && (
            <Box role="status" sx={{ mt: 2 }}>
              <LinearProgress
                variant={determinate ? 'determinate' : 'indeterminate'}
                value={determinate ? (progress.done / progress.total) * 100 : 0}
                aria-label="Export progress"
              />
              <Box sx={{ fontSize: '0.75rem', color: 'text.secondary', mt: 0.75 }}>{progressText(progress)}</Box>
            </Box>
          )}
          {error && (
            <Alert severity="error" sx={{ mt: 2 }} role="alert">
              {error}
            </Alert>
          )}
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button color="inherit" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" disabled={busy} autoFocus>
            Export
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
