import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import {
  burnInPositions,
  type BurnIn,
  type BurnInPosition,
  type FolderLookView,
  type LookCdl,
  type SetFolderLookBody,
} from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { toShownError } from '../errors';
import { queryKeys } from '../library/queries';
import { monoFont, surface } from '../theme';
import { BurnInPreview } from './BurnInPreview';

interface Props {
  path: string;
  onClose(): void;
  onSaved(view: FolderLookView): void;
}

const NO_BURN_IN: BurnIn = { timecode: false, clipName: false, watermark: null };
const CHANNELS = ['R', 'G', 'B'] as const;
type Triple = 'slope' | 'offset' | 'power';

/**
 * A folder's look (a .cube LUT and/or an ASC CDL) and burn-ins, for whoever may write the
 * folder. Shows what applies and which folder it comes from; files are read here and checked
 * on the server, whose message names the line at fault. While the proxies below re-render,
 * the dialog shows the count and can cancel it.
 */
export function LookDialog({ path, onClose, onSaved }: Props) {
  const queries = useQueryClient();
  const answer = useQuery({
    queryKey: queryKeys.folderLook(path),
    queryFn: () => desktop.folderLook({ path }),
    staleTime: 0,
    // While a re-render runs, its count is asked for again every second.
    refetchInterval: (query) => (query.state.data?.render?.state === 'running' ? 1000 : false),
  });
  const view = answer.data ?? null;
  const [cube, setCube] = useState<{ fileName: string; text: string } | null | undefined>(undefined);
  const [cdlFile, setCdlFile] = useState<{ fileName: string; xml: string } | null>(null);
  const [cdl, setCdl] = useState<LookCdl | null | undefined>(undefined);
  const [burnIn, setBurnIn] = useState<BurnIn | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const own = view?.own ?? null;
  const shownCdl = cdl === undefined ? (own?.cdl?.values ?? null) : cdl;
  const shownBurnIn = burnIn ?? own?.burnIn ?? NO_BURN_IN;
  const shownCube = cube === undefined ? (own?.cube ? { fileName: own.cube.fileName } : null) : cube;
  const loadError = answer.isError ? toShownError(answer.error).message : null;

  async function pick(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const text = await file.text();
    setError(null);
    if (/\.cube$/i.test(file.name)) setCube({ fileName: file.name, text });
    else {
      setCdlFile({ fileName: file.name, xml: text });
      setCdl(undefined);
    }
  }

  function setNumber(field: Triple | 'saturation', index: number, value: string) {
    const base = shownCdl ?? { slope: [1, 1, 1], offset: [0, 0, 0], power: [1, 1, 1], saturation: 1 };
    const number = Number(value);
    setCdlFile(null);
    if (field === 'saturation') setCdl({ ...base, saturation: number });
    else {
      const triple = [...base[field]] as [number, number, number];
      triple[index] = number;
      setCdl({ ...base, [field]: triple });
    }
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const body: SetFolderLookBody = { path };
    if (cube !== undefined) body.cube = cube;
    if (cdlFile) body.cdl = cdlFile;
    else if (cdl !== undefined) body.cdl = cdl;
    if (burnIn !== undefined) body.burnIn = burnIn.timecode || burnIn.clipName || burnIn.watermark ? burnIn : null;
    setBusy(true);
    setError(null);
    try {
      const saved = await desktop.setFolderLook(body);
      queries.setQueryData(queryKeys.folderLook(path), saved);
      setCube(undefined);
      setCdl(undefined);
      setCdlFile(null);
      setBurnIn(undefined);
      onSaved(saved);
    } catch (failure) {
      setError(toShownError(failure).message);
    } finally {
      setBusy(false);
    }
  }

  async function cancelRender() {
    const answered = await desktop.cancelLookRender({ path }).catch((failure: unknown) => setError(toShownError(failure).message));
    if (answered) queries.setQueryData(queryKeys.folderLook(path), answered);
  }

  const name = path.split('/').filter(Boolean).at(-1) ?? path;
  const inherited = view?.effective;
  const render = view?.render ?? null;
  const canChange = view?.canChange ?? false;
  const watermark = shownBurnIn.watermark;
  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="md" fullWidth aria-labelledby="look-title">
      <form onSubmit={(event) => void save(event)} noValidate>
        <DialogTitle id="look-title" sx={{ fontSize: '0.9375rem', fontWeight: 600, pb: 0.5 }}>
          Look &amp; burn-in for “{name}”
        </DialogTitle>
        <DialogContent>
          <Typography variant="caption" color="text.secondary" component="div" sx={{ fontFamily: monoFont, mb: 1.5 }}>
            {path}
          </Typography>
          {(error ?? loadError) && (
            <Alert severity="error" sx={{ mb: 1.5, whiteSpace: 'pre-wrap' }} role="alert">
              {error ?? loadError}
            </Alert>
          )}
          {!view && !loadError && (
            <Box sx={{ display: 'grid', placeItems: 'center', py: 3 }}>
              <CircularProgress size={20} aria-label="Loading the look" />
            </Box>
          )}
          {view && inherited && (
            <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, gap: 2 }}>
              <Box>
                <Typography variant="subtitle2" sx={{ mb: 0.5 }}>
                  Colour
                </Typography>
                <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }} data-testid="look-colour-source">
                  {inherited.colour
                    ? `Applies: ${inherited.colour.cubeFileName ?? 'CDL only'}${inherited.colour.from === path ? ' (set here)' : ` — inherited from ${inherited.colour.from}`}`
                    : 'No look applies: proxies play as shot.'}
                </Typography>
                <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap', mb: 1 }}>
                  <Button variant="outlined" size="small" component="label" disabled={!canChange || busy}>
                    Choose .cube or .cdl…
                    <input
                      hidden
                      type="file"
                      accept=".cube,.cdl,.cc,.ccc"
                      aria-label="LUT or CDL file"
                      onChange={(event) => void pick(event)}
                    />
                  </Button>
                  {shownCube && (
                    <>
                      <Typography variant="body2" sx={{ fontFamily: monoFont }}>
                        {shownCube.fileName}
                      </Typography>
                      <Button size="small" disabled={!canChange || busy} onClick={() => setCube(null)}>
                        Remove LUT
                      </Button>
                    </>
                  )}
                  {cdlFile && (
                    <Typography variant="body2" sx={{ fontFamily: monoFont }}>
                      {cdlFile.fileName}
                    </Typography>
                  )}
                </Box>
                <Box role="group" aria-label="ASC CDL" sx={{ border: `1px solid ${surface.border}`, borderRadius: 1, p: 1 }}>
                  <Typography variant="caption" color="text.secondary">
                    ASC CDL (applied before the LUT)
                  </Typography>
                  {(['slope', 'offset', 'power'] as const).map((field) => (
                    <Box key={field} sx={{ display: 'flex', gap: 1, alignItems: 'center', mt: 0.75 }}>
                      <Typography variant="body2" sx={{ width: 56, textTransform: 'capitalize' }}>
                        {field}
                      </Typography>
                      {CHANNELS.map((channel, index) => (
                        <TextField
                          key={channel}
                          size="small"
                          type="number"
                          label={channel}
                          disabled={!canChange || busy}
                          value={shownCdl ? shownCdl[field][index] : field === 'offset' ? 0 : 1}
                          onChange={(event) => setNumber(field, index, event.target.value)}
                          slotProps={{ htmlInput: { step: 0.01, 'aria-label': `${field} ${channel}` } }}
                          sx={{ width: 92 }}
                        />
                      ))}
                    </Box>
                  ))}
                  <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', mt: 0.75 }}>
                    <Typography variant="body2" sx={{ width: 56 }}>
                      Sat.
                    </Typography>
                    <TextField
                      size="small"
                      type="number"
                      label="Saturation"
                      disabled={!canChange || busy}
                      value={shownCdl?.saturation ?? 1}
                      onChange={(event) => setNumber('saturation', 0, event.target.value)}
                      slotProps={{ htmlInput: { step: 0.01, 'aria-label': 'saturation' } }}
                      sx={{ width: 120 }}
                    />
                    {shownCdl && (
                      <Button size="small" disabled={!canChange || busy} onClick={() => setCdl(null)}>
                        Remove CDL
                      </Button>
                    )}
                  </Box>
                </Box>
              </Box>
              <Box>
                <Typography variant="subtitle2" sx={{ mb: 0.5 }}>
                  Burn-in
                </Typography>
                <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                  {inherited.burnIn
                    ? inherited.burnIn.from === path
                      ? 'Set here.'
                      : `Inherited from ${inherited.burnIn.from}.`
                    : 'Nothing is burnt in.'}
                </Typography>
                <FormControlLabel
                  control={
                    <Checkbox
                      size="small"
                      checked={shownBurnIn.timecode}
                      disabled={!canChange || busy}
                      onChange={(event) => setBurnIn({ ...shownBurnIn, timecode: event.target.checked })}
                    />
                  }
                  label={<Typography variant="body2">Source timecode</Typography>}
                />
                <FormControlLabel
                  control={
                    <Checkbox
                      size="small"
                      checked={shownBurnIn.clipName}
                      disabled={!canChange || busy}
                      onChange={(event) => setBurnIn({ ...shownBurnIn, clipName: event.target.checked })}
                    />
                  }
                  label={<Typography variant="body2">Clip name</Typography>}
                />
                <Box sx={{ display: 'flex', gap: 1, mt: 1 }}>
                  <TextField
                    size="small"
                    label="Watermark"
                    placeholder="e.g. PROPERTY OF THE PRODUCTION"
                    disabled={!canChange || busy}
                    value={watermark?.text ?? ''}
                    onChange={(event) =>
                      setBurnIn({
                        ...shownBurnIn,
                        watermark: event.target.value ? { text: event.target.value, position: watermark?.position ?? 'top-centre' } : null,
                      })
                    }
                    sx={{ flex: 1 }}
                  />
                  <TextField
                    select
                    size="small"
                    label="Position"
                    disabled={!canChange || busy || !watermark}
                    value={watermark?.position ?? 'top-centre'}
                    onChange={(event) =>
                      watermark &&
                      setBurnIn({ ...shownBurnIn, watermark: { ...watermark, position: event.target.value as BurnInPosition } })
                    }
                    sx={{ width: 150 }}
                  >
                    {burnInPositions.map((position) => (
                      <MenuItem key={position} value={position}>
                        {position.replace('-', ' ')}
                      </MenuItem>
                    ))}
                  </TextField>
                </Box>
                <BurnInPreview burnIn={shownBurnIn} />
              </Box>
            </Box>
          )}
          {render && render.total > 0 && (
            <Box sx={{ mt: 2 }} aria-live="polite">
              <Typography variant="body2" sx={{ mb: 0.5 }}>
                {render.state === 'running'
                  ? `Re-rendering proxies: ${render.done} of ${render.total}`
                  : render.state === 'cancelled'
                    ? `Re-render cancelled after ${render.done} of ${render.total}`
                    : `Proxies re-rendered: ${render.done - render.failed} of ${render.total}${render.failed ? `, ${render.failed} failed` : ''}`}
              </Typography>
              <LinearProgress
                variant="determinate"
                value={render.total ? (100 * render.done) / render.total : 100}
                aria-label="Re-render progress"
              />
            </Box>
          )}
          {view && !canChange && (
            <Typography variant="body2" color="text.secondary" sx={{ mt: 1.5 }}>
              Only admins and the media managers of this folder change its look.
            </Typography>
          )}
        </DialogContent>
        <DialogActions>
          {render?.state === 'running' && canChange && <Button onClick={() => void cancelRender()}>Stop re-render</Button>}
          <Button onClick={onClose} disabled={busy}>
            Close
          </Button>
          <Button type="submit" variant="contained" disabled={!canChange || busy}>
            Save
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
