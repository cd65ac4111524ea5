import { useRef, useState, type FormEvent } from 'react';
import Alert, { type AlertColor } from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { AppInfo, SessionState } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { FormError, SubmitButton } from '../components/AuthForm';
import { AuthLayout } from '../components/AuthLayout';
import { PasswordField } from '../components/PasswordField';
import { ConnectionImport } from '../dialogs/ConnectionImport';
import { toShownError } from '../errors';

export interface Notice {
  severity: AlertColor;
  message: string;
}

interface Props {
  appInfo: AppInfo | null;
  /** Why the user is here again (their session ended, they signed out): shown above the form. */
  notice: Notice | null;
  initialEmail: string;
  onSession(next: SessionState): void;
}

interface FieldErrors {
  email?: string;
  password?: string;
}

const looksLikeEmail = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function checkFields(email: string, password: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!email.trim()) errors.email = 'Enter your email address.';
  else if (!looksLikeEmail.test(email.trim())) errors.email = 'Enter a valid email address.';
  if (!password) errors.password = 'Enter your password.';
  return errors;
}

export function SignIn({ appInfo, notice, initialEmail, onSession }: Props) {
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [connecting, setConnecting] = useState(false);
  const emailInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const errors = checkFields(email, password);
    setFieldErrors(errors);
    setFormError(null);
    if (errors.email) return emailInput.current?.focus();
    if (errors.password) return passwordInput.current?.focus();

    setBusy(true);
    try {
      onSession(await desktop.signIn({ email: email.trim(), password }));
    } catch (error) {
      const shown = toShownError(error);
      if (shown.field === 'email' || shown.field === 'password') {
        setFieldErrors({ [shown.field]: shown.message });
        (shown.field === 'email' ? emailInput : passwordInput).current?.focus();
      } else {
        setFormError(shown.message);
        // A wrong password is the usual case: select it so the retry is one keystroke away.
        if (shown.code === 'WRONG_CREDENTIALS') passwordInput.current?.select();
      }
      setBusy(false);
    }
  }

  return (
    <AuthLayout appInfo={appInfo}>
      <Stack component="form" noValidate spacing={2} onSubmit={submit}>
        {notice && !formError && (
          <Alert severity={notice.severity} variant="outlined" role="status">
            {notice.message}
          </Alert>
        )}
        <FormError message={formError} />
        <TextField
          label="Email"
          type="email"
          name="email"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={Boolean(fieldErrors.email)}
          helperText={fieldErrors.email}
          autoFocus={!initialEmail}
          inputRef={emailInput}
          slotProps={{ htmlInput: { autoComplete: 'username', spellCheck: false, autoCapitalize: 'off' } }}
        />
        <PasswordField
          label="Password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={Boolean(fieldErrors.password) || Boolean(formError)}
          helperText={fieldErrors.password}
          autoFocus={Boolean(initialEmail)}
          inputRef={passwordInput}
        />
        <SubmitButton busy={busy} disabled={busy}>
          Sign in
        </SubmitButton>
        <Typography variant="caption" color="text.secondary" sx={{ textAlign: 'center' }}>
          Accounts are created by your Rushes administrator.
        </Typography>
        <Button size="small" onClick={() => setConnecting(true)}>
          Connect to another backend…
        </Button>
      </Stack>
      {connecting && (
        <Dialog open onClose={() => setConnecting(false)} maxWidth="sm" fullWidth aria-labelledby="connect-title">
          <DialogTitle id="connect-title" sx={{ fontSize: '0.9375rem', fontWeight: 600 }}>
            Import connection profile
          </DialogTitle>
          <DialogContent>
            <ConnectionImport onImported={() => setConnecting(false)} />
          </DialogContent>
        </Dialog>
      )}
    </AuthLayout>
  );
}
