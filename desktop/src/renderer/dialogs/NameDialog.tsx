import { useRef, useState, type FormEvent } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useToast } from '../components/Toasts';
import { toShownError } from '../errors';

interface Props {
  title: string;
  label: string;
  initial: string;
  submitLabel: string;
  /** Context under the title, e.g. where the folder is created. */
  hint?: string;
  /** Rename: submitting the name unchanged does nothing, so the button waits for a change. */
  requireChange?: boolean;
  onSubmit(name: string): Promise<void>;
  onClose(): void;
}

/** Selects the base name without the extension, as file managers do on rename. */
function selectBaseName(input: HTMLInputElement | null) {
  if (!input) return;
  const dot = input.value.lastIndexOf('.');
  input.setSelectionRange(0, dot > 0 ? dot : input.value.length);
}

/**
 * Asks for one name (new folder, rename). The server is the judge of a valid name: its
 * validation or conflict message is shown on the field; other failures go to a toast.
 */
export function NameDialog({ title, label, initial, submitLabel, hint, requireChange, onSubmit, onClose }: Props) {
  const toast = useToast();
  const [name, setName] = useState(initial);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const selectedOnce = useRef(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim() || busy) return;
    setBusy(true);
    setFieldError(null);
    try {
      await onSubmit(name);
    } catch (error) {
      const shown = toShownError(error);
      if (shown.code === 'VALIDATION_FAILED' || shown.code === 'CONFLICT') setFieldError(shown.message);
      else toast(shown.message, 'error');
      setBusy(false);
    }
  }

  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="xs" fullWidth aria-labelledby="name-dialog-title">
      <form onSubmit={(event) => void submit(event)} noValidate>
        <DialogTitle id="name-dialog-title" sx={{ fontSize: '0.9375rem', fontWeight: 600, pb: hint ? 0.5 : 2 }}>
          {title}
        </DialogTitle>
        <DialogContent sx={{ pt: hint ? 0 : undefined }}>
          {hint && <DialogContentHint>{hint}</DialogContentHint>}
          <TextField
            label={label}
            value={name}
            autoFocus
            onFocus={(event) => {
              if (selectedOnce.current) return;
              selectedOnce.current = true;
              selectBaseName(event.target as HTMLInputElement);
            }}
            onChange={(event) => {
              setName(event.target.value);
              setFieldError(null);
            }}
            error={fieldError !== null}
            helperText={fieldError ?? ' '}
            disabled={busy}
            sx={{ mt: 1 }}
            slotProps={{ htmlInput: { spellCheck: false, autoComplete: 'off' } }}
          />
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2, pt: 0 }}>
          <Button color="inherit" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" disabled={busy || !name.trim() || (requireChange === true && name === initial)}>
            {submitLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

function DialogContentHint({ children }: { children: string }) {
  return (
    <Box
      component="p"
      sx={{
        m: 0,
        mb: 1.5,
        fontSize: '0.75rem',
        color: 'text.secondary',
        overflow: 'hidden',
        textOverflow: 'ellipsis',
        whiteSpace: 'nowrap',
      }}
    >
      {children}
    </Box>
  );
}
