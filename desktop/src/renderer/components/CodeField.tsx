import type { Ref } from 'react';
import TextField from '@mui/material/TextField';

interface Props {
  value: string;
  onChange(next: string): void;
  error: string | undefined;
  inputRef?: Ref<HTMLInputElement>;
  autoFocus?: boolean;
  helperText?: string;
}

/** The six digits of an authenticator app: numeric keypad, one-time-code autofill, spaces allowed as typed. */
export function CodeField({ value, onChange, error, inputRef, autoFocus, helperText }: Props) {
  return (
    <TextField
      label="6-digit code"
      name="code"
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={Boolean(error)}
      helperText={error ?? helperText}
      autoFocus={autoFocus}
      inputRef={inputRef}
      slotProps={{
        htmlInput: {
          inputMode: 'numeric',
          autoComplete: 'one-time-code',
          maxLength: 9,
          spellCheck: false,
          style: { fontFamily: 'monospace', fontSize: '1.25rem', letterSpacing: '0.3em' },
        },
      }}
    />
  );
}

/** The code as the API takes it, or the sentence to show. */
export function checkCode(value: string): { code: string } | { error: string } {
  const code = value.replace(/\s+/g, '');
  return /^\d{6}$/.test(code) ? { code } : { error: 'Enter the 6-digit code from your authenticator app.' };
}
