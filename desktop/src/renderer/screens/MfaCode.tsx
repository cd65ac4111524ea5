import { useRef, useState, type FormEvent } from 'react';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { AppInfo, SessionState } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { AccountEmail, AuthHeading, FormError, QuietButton, SubmitButton, useChallengeBusy } from '../components/AuthForm';
import { AuthLayout } from '../components/AuthLayout';
import { CodeField, checkCode } from '../components/CodeField';
import { toShownError } from '../errors';
import type { Notice } from './SignIn';

interface Props {
  appInfo: AppInfo | null;
  email: string;
  onSession(next: SessionState): void;
  /** The code step ended without signing in (locked, expired): shown on the sign-in screen. */
  onEnded(notice: Notice): void;
  onCancel(): Promise<void>;
}

/** Cognito's SOFTWARE_TOKEN_MFA challenge: the password was right, now the authenticator's code. */
export function MfaCode({ appInfo, email, onSession, onEnded, onCancel }: Props) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [formError, setFormError] = useState<string | null>(null);
  const { busy, setBusy, cancel } = useChallengeBusy(onCancel);
  const input = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const checked = checkCode(code);
    setFormError(null);
    if ('error' in checked) {
      setError(checked.error);
      return input.current?.focus();
    }
    setError(undefined);
    setBusy('submit');
    try {
      onSession(await desktop.answerMfaCode({ code: checked.code }));
    } catch (caught) {
      const shown = toShownError(caught);
      setBusy(null);
      if (shown.code === 'WRONG_CODE') {
        setError(shown.message);
        input.current?.select();
      } else if (shown.code === 'NETWORK') {
        setFormError(shown.message);
      } else {
        onEnded({ severity: 'error', message: shown.message });
      }
    }
  }

  return (
    <AuthLayout appInfo={appInfo}>
      <Stack component="form" noValidate spacing={2} onSubmit={submit}>
        <AuthHeading title="Enter your sign-in code">
          Open the authenticator app on your phone and enter the code it shows for Rushes to finish signing in as{' '}
          <AccountEmail email={email} />.
        </AuthHeading>
        <FormError message={formError} />
        <CodeField
          value={code}
          onChange={setCode}
          error={error}
          inputRef={input}
          autoFocus
          helperText="A new code appears every 30 seconds."
        />
        <SubmitButton busy={busy === 'submit'} disabled={busy !== null}>
          Verify and sign in
        </SubmitButton>
        <QuietButton disabled={busy !== null} onClick={cancel}>
          Cancel
        </QuietButton>
        <Typography variant="caption" color="text.secondary" sx={{ textAlign: 'center' }}>
          Lost your phone? An administrator can reset your two-step sign-in.
        </Typography>
      </Stack>
    </AuthLayout>
  );
}
