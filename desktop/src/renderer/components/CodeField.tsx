import type { Ref } from 'react';
import TextField from '@mui/material/TextField';
import { MfaCodeSchema } from '@rushes/shared';

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

/** The code as the identity service takes it, or the sentence to show (the shared rule main checks too). */
export function checkCode(value: string): { code: string } | { error: string } {
  const checked = MfaCodeSchema.safeParse(value);
  return checked.success ? { code: checked.data } : { error: `${checked.error.issues[0]?.message ?? 'Enter the code'}.` };
}
