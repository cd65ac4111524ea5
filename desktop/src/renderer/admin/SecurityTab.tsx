import { useState, type FormEvent } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { SecuritySettingsSchema, type GroupView, type SecuritySettings } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { useToast } from '../components/Toasts';
import { toShownError } from '../errors';
import { GroupChecklist, TabFrame } from './adminTable';
import { useLoaded } from './useLoaded';

const loadSettingsAndGroups = () => Promise.all([desktop.securitySettings(), desktop.listGroups()]);

/** Sign-in security: which groups must use an authenticator app, and when idle sessions end. The server enforces both. */
export function SecurityTab() {
  const loaded = useLoaded('security', loadSettingsAndGroups);
  const [settings, groupList] = loaded.value ?? [null, null];
  return (
    <TabFrame
      tools={
        <Typography variant="subtitle2" component="h2">
          Sign-in security
        </Typography>
      }
      loading={!loaded.value && !loaded.error}
      error={loaded.error}
    >
      {settings && groupList && (
        <SecurityForm key={JSON.stringify(settings)} settings={settings} groups={groupList.groups} onSaved={loaded.reload} />
      )}
    </TabFrame>
  );
}

function SecurityForm({ settings, groups, onSaved }: { settings: SecuritySettings; groups: readonly GroupView[]; onSaved(): void }) {
  const toast = useToast();
  const [required, setRequired] = useState<ReadonlySet<string>>(new Set(settings.mfaRequiredGroups));
  const [minutes, setMinutes] = useState(String(settings.idleMinutes));
  const [errors, setErrors] = useState<{ groups?: string; minutes?: string }>({});
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    const input = { mfaRequiredGroups: [...required], idleMinutes: Number(minutes.trim() === '' ? Number.NaN : minutes) };
    const checked = SecuritySettingsSchema.safeParse(input);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      setErrors(issue?.path[0] === 'idleMinutes' ? { minutes: issue.message } : { groups: issue?.message ?? 'Not valid' });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await desktop.setSecuritySettings(input);
      toast('Sign-in security saved', 'success');
      onSaved();
    } catch (error) {
      const shown = toShownError(error);
      if (shown.field === 'idleMinutes') setErrors({ minutes: shown.message });
      else setErrors({ groups: shown.message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Box component="form" noValidate onSubmit={save} sx={{ maxWidth: 560, px: 2.5, py: 2, display: 'grid', gap: 2.5 }}>
      <Box>
        <Typography variant="subtitle2" component="h2" id="mfa-groups-title">
          Two-step sign-in required for
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          Members of these groups must set up an authenticator app before they can use Rushes. Everyone else may set one up.
        </Typography>
        <GroupChecklist groups={groups} chosen={required} disabled={busy} onChange={setRequired} />
        {errors.groups && (
          <Typography role="alert" variant="caption" color="error" sx={{ display: 'block', mt: 0.5 }}>
            {errors.groups}
          </Typography>
        )}
      </Box>
      <TextField
        label="Sign out after this many idle minutes"
        name="idleMinutes"
        type="number"
        value={minutes}
        onChange={(event) => setMinutes(event.target.value)}
        error={Boolean(errors.minutes)}
        helperText={
          errors.minutes ?? 'No keyboard or mouse input in the window for this long ends the session; a warning comes a minute before.'
        }
        disabled={busy}
        slotProps={{ htmlInput: { min: 2, max: 720, step: 1 } }}
        sx={{ maxWidth: 360 }}
      />
      <Box>
        <Button type="submit" variant="contained" disabled={busy}>
          Save
        </Button>
      </Box>
    </Box>
  );
}
