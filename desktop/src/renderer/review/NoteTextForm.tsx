import { useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import { MAX_NOTE_LENGTH } from '@rushes/shared';
import { toShownError } from '../errors';

interface Props {
  label: string;
  initial?: string;
  submitLabel: string;
  busy: boolean;
  onSubmit(text: string): Promise<void>;
  onCancel(): void;
}

/**
 * Writing a note's or reply's text: Ctrl/⌘+Enter saves, Esc cancels (and stays in the
 * viewer); an empty or over-long text is said under the field before anything is sent.
 */
export function NoteTextForm({ label, initial = '', submitLabel, busy, onSubmit, onCancel }: Props) {
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const trimmed = text.trim();
    if (!trimmed) return setError('A note cannot be empty.');
    if (trimmed.length > MAX_NOTE_LENGTH) return setError(`A note has at most ${MAX_NOTE_LENGTH.toLocaleString()} characters.`);
    try {
      await onSubmit(trimmed);
    } catch (failure) {
      setError(toShownError(failure).message);
    }
  };
  return (
    <Box
      component="form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <TextField
        label={label}
        value={text}
        autoFocus
        multiline
        minRows={2}
        maxRows={8}
        fullWidth
        size="small"
        error={error !== null}
        helperText={error ?? undefined}
        onChange={(event) => {
          setText(event.target.value);
          setError(null);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            void submit();
          } else if (event.key === 'Escape') {
            event.preventDefault();
            event.stopPropagation();
            onCancel();
          }
        }}
      />
      <Box sx={{ display: 'flex', justifyContent: 'flex-end', gap: 0.5, mt: 0.75 }}>
        <Button size="small" color="inherit" onClick={onCancel}>
          Cancel
        </Button>
        <Button size="small" variant="contained" type="submit" disabled={busy}>
          {submitLabel}
        </Button>
      </Box>
    </Box>
  );
}
