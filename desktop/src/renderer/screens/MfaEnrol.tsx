import { useEffect, useRef, useState, type FormEvent } from 'react';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import QRCode from 'qrcode';
import { groupSecret, type AppInfo, type MfaEnrolment, type MfaStatus } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { AuthHeading, FormError, QuietButton, SubmitButton } from '../components/AuthForm';
import { AuthLayout } from '../components/AuthLayout';
import { CodeField, checkCode } from '../components/CodeField';
import { toShownError } from '../errors';
import { surface } from '../theme';

interface Props {
  appInfo: AppInfo | null;
  email: string;
  /** The user's groups must use it: no way round it but signing out. */
  required: boolean;
  onEnrolled(status: MfaStatus): void;
  /** Sign out (required) or go back to the library (optional). */
  onLeave(): void;
}

/**
 * Setting up an authenticator app: a QR code to scan, the same secret as text to type, and a
 * code from the app to prove it works. The identity service issues the secret; the API
 * records the enrolment once the service says it is on.
 */
export function MfaEnrol({ appInfo, email, required, onEnrolled, onLeave }: Props) {
  const [enrolment, setEnrolment] = useState<MfaEnrolment | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let current = true;
    desktop
      .beginMfaEnrolment()
      .then(async (issued) => {
        const svg = await QRCode.toString(issued.uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
        if (!current) return;
        setEnrolment(issued);
        setQr(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      })
      .catch((caught: unknown) => current && setLoadError(toShownError(caught).message));
    return () => {
      current = false;
    };
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || !enrolment) return;
    const checked = checkCode(code);
    if ('error' in checked) {
      setError(checked.error);
      return input.current?.focus();
    }
    setError(undefined);
    setBusy(true);
    try {
      onEnrolled(await desktop.completeMfaEnrolment({ code: checked.code }));
    } catch (caught) {
      setError(toShownError(caught).message);
      input.current?.select();
      setBusy(false);
    }
  }

  return (
    <AuthLayout appInfo={appInfo}>
      <Stack component="form" noValidate spacing={2} onSubmit={submit} aria-labelledby="enrol-title">
        <AuthHeading id="enrol-title" title="Set up two-step sign-in">
          {required
            ? 'Your studio asks for a code from an authenticator app at every sign-in. '
            : 'Add a code from an authenticator app to your sign-in. '}
          Scan this QR code with the app (Google Authenticator, Microsoft Authenticator, 1Password…).
        </AuthHeading>
        <FormError message={loadError} />
        <Box sx={{ display: 'grid', placeItems: 'center', minHeight: 188 }}>
          {qr ? (
            <Box
              component="img"
              src={qr}
              alt={`QR code that adds Rushes (${email}) to an authenticator app`}
              sx={{ width: 180, height: 180, borderRadius: 1, backgroundColor: '#fff', p: 0.5 }}
            />
          ) : (
            !loadError && <CircularProgress size={22} aria-label="Preparing the QR code" />
          )}
        </Box>
        {enrolment && (
          <Box>
            <Typography variant="caption" color="text.secondary" component="p" id="secret-label">
              Can’t scan? Type this key into the app instead:
            </Typography>
            <Box
              component="code"
              aria-labelledby="secret-label"
              data-testid="mfa-secret"
              sx={{
                display: 'block',
                mt: 0.5,
                p: 1,
                borderRadius: 1,
                border: `1px solid ${surface.border}`,
                fontFamily: 'monospace',
                fontSize: '0.9375rem',
                letterSpacing: '0.05em',
                wordSpacing: '0.3em',
                userSelect: 'all',
                textAlign: 'center',
              }}
            >
              {groupSecret(enrolment.secret)}
            </Box>
          </Box>
        )}
        <CodeField value={code} onChange={setCode} error={error} inputRef={input} helperText="Then enter the code the app shows." />
        <SubmitButton busy={busy} disabled={busy || !enrolment}>
          Turn on two-step sign-in
        </SubmitButton>
        <QuietButton disabled={busy} onClick={onLeave}>
          {required ? 'Sign out' : 'Not now'}
        </QuietButton>
      </Stack>
    </AuthLayout>
  );
}
