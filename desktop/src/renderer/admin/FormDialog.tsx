import { useState, type FormEvent, type ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField, { type TextFieldProps } from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { toShownError } from '../errors';

/** Errors by form field (`email`, `name`, …); `form` for the rest. */
export type FieldErrors = Partial<Record<string, string>>;

interface Props {
  title: string;
  submitLabel: string;
  destructive?: boolean;
  /** The fields this form shows: a server error naming one is shown on it, others above the form. */
  fields: readonly string[];
  canSubmit?: boolean;
  onSubmit(): Promise<void>;
  onClose(): void;
  children(errors: FieldErrors, busy: boolean): ReactNode;
}

/**
 * A dialog around one admin form. The server is the judge: its validation or conflict
 * message goes on the field it names, anything else above the form; nothing closes on error.
 */
export function FormDialog({ title, submitLabel, destructive, fields, canSubmit = true, onSubmit, onClose, children }: Props) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || !canSubmit) return;
    setBusy(true);
    setErrors({});
    try {
      await onSubmit();
    } catch (error) {
      const shown = toShownError(error);
      setErrors(shown.field && fields.includes(shown.field) ? { [shown.field]: shown.message } : { form: shown.message });
      setBusy(false);
    }
  }

  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="admin-form-title">
      <form onSubmit={(event) => void submit(event)} noValidate>
        <DialogTitle id="admin-form-title" sx={{ fontSize: '0.9375rem', fontWeight: 600 }}>
          {title}
        </DialogTitle>
        <DialogContent sx={{ pt: '4px !important' }}>
          {errors['form'] && (
            <Alert severity="error" sx={{ mb: 2 }}>
              {errors['form']}
            </Alert>
          )}
          {children(errors, busy)}
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button color="inherit" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" color={destructive ? 'error' : 'primary'} disabled={busy || !canSubmit}>
            {submitLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/**
 * A text field of a `FormDialog` form, named by `field`: disabled while the form is busy,
 * showing the server's error for that field in place of its hint (a blank line keeps the
 * height when there is no hint).
 */
export function FormField({
  field,
  errors,
  busy,
  hint,
  onValue,
  ...props
}: Omit<TextFieldProps, 'error' | 'helperText' | 'disabled' | 'onChange'> & {
  field: string;
  errors: FieldErrors;
  busy: boolean;
  hint?: ReactNode;
  onValue(value: string): void;
}) {
  return (
    <TextField
      fullWidth
      size="small"
      disabled={busy}
      onChange={(event) => onValue(event.target.value)}
      error={errors[field] !== undefined}
      helperText={errors[field] ?? hint ?? ' '}
      {...props}
    />
  );
}

/** Deleting one named thing: a destructive `FormDialog` that says what goes and what stays. */
export function DeleteDialog({
  name,
  submitLabel,
  onSubmit,
  onClose,
  children,
}: {
  name: string;
  submitLabel: string;
  onSubmit(): Promise<void>;
  onClose(): void;
  children: ReactNode;
}) {
  return (
    <FormDialog title={`Delete “${name}”`} submitLabel={submitLabel} destructive fields={[]} onClose={onClose} onSubmit={onSubmit}>
      {() => (
        <Typography variant="body2" component="div">
          {children}
        </Typography>
      )}
    </FormDialog>
  );
}
