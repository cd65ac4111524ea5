import { useRef, useState, type FormEvent } from 'react';
import Stack from '@mui/material/Stack';
import type { AppInfo, SessionState } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { AccountEmail, AuthHeading, FormError, QuietButton, SubmitButton, useChallengeBusy } from '../components/AuthForm';
import { AuthLayout } from '../components/AuthLayout';
import { PasswordField } from '../components/PasswordField';
import { MIN_PASSWORD_LENGTH, NewPasswordSchema } from '@rushes/shared';
import { toShownError } from '../errors';

const POLICY = `At least ${MIN_PASSWORD_LENGTH} characters: a few unrelated words make a strong one.`;

interface Props {
  appInfo: AppInfo | null;
  email: string;
  onSession(next: SessionState): void;
  onCancel(): Promise<void>;
}

interface FieldErrors {
  newPassword?: string;
  confirm?: string;
}

function checkFields(newPassword: string, confirm: string): FieldErrors {
  const errors: FieldErrors = {};
  const policy = NewPasswordSchema.safeParse(newPassword);
  if (!policy.success) errors.newPassword = policy.error.issues[0]?.message ?? 'Choose a stronger password.';
  if (!confirm) errors.confirm = 'Type the new password again.';
  else if (confirm !== newPassword) errors.confirm = 'The two passwords do not match.';
  return errors;
}

/** Cognito's NEW_PASSWORD_REQUIRED challenge: a first sign-in with an admin-issued password. */
export function NewPassword({ appInfo, email, onSession, onCancel }: Props) {
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const { busy, setBusy, cancel } = useChallengeBusy(onCancel);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<{ message: string; marksNewPassword: boolean } | null>(null);
  const newInput = useRef<HTMLInputElement>(null);
  const confirmInput = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const errors = checkFields(newPassword, confirm);
    setFieldErrors(errors);
    setFormError(null);
    if (errors.newPassword) return newInput.current?.focus();
    if (errors.confirm) return confirmInput.current?.focus();

    setBusy('submit');
    try {
      onSession(await desktop.completeNewPassword({ newPassword }));
    } catch (error) {
      const shown = toShownError(error);
      // A policy refusal reads best as a sentence above the form; it still marks the field.
      const policy = shown.code === 'PASSWORD_POLICY';
      if (shown.field === 'newPassword' && !policy) setFieldErrors({ newPassword: shown.message });
      else setFormError({ message: shown.message, marksNewPassword: policy });
      newInput.current?.select();
      setBusy(null);
    }
  }

  return (
    <AuthLayout appInfo={appInfo}>
      <Stack component="form" noValidate spacing={2} onSubmit={submit}>
        <AuthHeading title="Choose your own password">
          Your administrator issued a temporary password for <AccountEmail email={email} />. Choose a new one to finish signing in.
        </AuthHeading>
        <FormError message={formError?.message} />
        <PasswordField
          label="New password"
          name="newPassword"
          autoComplete="new-password"
          autoFocus
          value={newPassword}
          onChange={(event) => setNewPassword(event.target.value)}
          error={Boolean(fieldErrors.newPassword) || Boolean(formError?.marksNewPassword)}
          helperText={fieldErrors.newPassword ?? (formError?.marksNewPassword ? 'Choose one that meets the rule above.' : POLICY)}
          inputRef={newInput}
        />
        <PasswordField
          label="Confirm new password"
          name="confirmPassword"
          autoComplete="new-password"
          value={confirm}
          onChange={(event) => setConfirm(event.target.value)}
          error={Boolean(fieldErrors.confirm)}
          helperText={fieldErrors.confirm}
          inputRef={confirmInput}
        />
        <SubmitButton busy={busy === 'submit'} disabled={busy !== null}>
          Set password and sign in
        </SubmitButton>
        <QuietButton disabled={busy !== null} onClick={cancel}>
          Cancel
        </QuietButton>
      </Stack>
    </AuthLayout>
  );
}
