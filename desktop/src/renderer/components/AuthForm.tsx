import { useState, type ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Typography from '@mui/material/Typography';

/** The title of a sign-in step and the sentence under it that says what to do. */
export function AuthHeading({ title, id, children }: { title: string; id?: string; children: ReactNode }) {
  return (
    <Box>
      <Typography id={id} variant="h2" sx={{ fontSize: '0.9375rem', mb: 0.75 }}>
        {title}
      </Typography>
      <Typography variant="body1" color="text.secondary">
        {children}
      </Typography>
    </Box>
  );
}

/** The account a sign-in step is for, set off in the sentence that names it. */
export function AccountEmail({ email }: { email: string }) {
  return (
    <Box component="strong" sx={{ color: 'text.primary', fontWeight: 600, wordBreak: 'break-all' }}>
      {email}
    </Box>
  );
}

/** What went wrong with the whole form (not one field), above its fields. */
export function FormError({ message }: { message: string | null | undefined }) {
  return message ? (
    <Alert severity="error" variant="outlined">
      {message}
    </Alert>
  ) : null;
}

/** The form's main button, full width, with a spinner while its request runs. */
export function SubmitButton({ busy, disabled, children }: { busy: boolean; disabled: boolean; children: ReactNode }) {
  return (
    <Button
      type="submit"
      variant="contained"
      size="large"
      fullWidth
      disabled={disabled}
      startIcon={busy ? <CircularProgress size={14} color="inherit" aria-hidden="true" /> : undefined}
    >
      {children}
    </Button>
  );
}

/**
 * A sign-in challenge's progress: `busy` while its answer is checked (`submit`) or while it
 * is given up (`cancel`, which ends the challenge and returns to the sign-in screen).
 */
export function useChallengeBusy(onCancel: () => Promise<void>) {
  const [busy, setBusy] = useState<'submit' | 'cancel' | null>(null);
  async function cancel() {
    setBusy('cancel');
    await onCancel();
    setBusy(null);
  }
  return { busy, setBusy, cancel };
}

/** The way out of a sign-in step (cancel, sign out, not now): quiet, full width, under the main button. */
export function QuietButton({ disabled, onClick, children }: { disabled: boolean; onClick(): void; children: ReactNode }) {
  return (
    <Button variant="text" color="inherit" fullWidth disabled={disabled} onClick={onClick} sx={{ color: 'text.secondary' }}>
      {children}
    </Button>
  );
}
