import { useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import TextField from '@mui/material/TextField';
import type { AppInfo } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { toShownError } from '../errors';
import { monoFont } from '../theme';

interface Props {
  onImported(info: AppInfo): void;
}

/**
 * Import a connection profile: paste it, or choose the file (`rushes-profile.json`, or the
 * outputs file `cdk deploy --outputs-file` wrote). Main validates it and switches backend;
 * the error names the field that is wrong.
 */
export function ConnectionImport({ onImported }: Props) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  async function chooseFile(file: File | undefined) {
    if (!file) return;
    setError(null);
    if (file.size > 65_536)
      return setError(`${file.name} is ${Math.round(file.size / 1024)} KiB: a connection profile is a small JSON file.`);
    setText(await file.text());
  }

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      onImported(await desktop.importProfile({ text: text.trim() }));
    } catch (caught) {
      setError(toShownError(caught).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
      <TextField
        label="Connection profile"
        placeholder={'{ "mode": "cloud", "region": "us-east-1", "apiUrl": "https://…", … }'}
        helperText="Paste the profile, or the outputs file of cdk deploy, or choose the file."
        value={text}
        onChange={(event) => setText(event.target.value)}
        error={Boolean(error)}
        multiline
        minRows={4}
        maxRows={10}
        fullWidth
        slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: monoFont, fontSize: '0.75rem' } } }}
      />
      {error && (
        <Alert severity="error" variant="outlined" role="alert">
          {error}
        </Alert>
      )}
      <Box sx={{ display: 'flex', gap: 1, justifyContent: 'flex-end' }}>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          aria-label="Connection profile file"
          onChange={(event) => void chooseFile(event.target.files?.[0])}
        />
        <Button variant="outlined" onClick={() => fileInput.current?.click()}>
          Choose file…
        </Button>
        <Button
          variant="contained"
          disabled={busy || text.trim() === ''}
          onClick={() => void submit()}
          startIcon={busy ? <CircularProgress size={14} color="inherit" aria-hidden="true" /> : undefined}
        >
          Import and connect
        </Button>
      </Box>
    </Box>
  );
}
