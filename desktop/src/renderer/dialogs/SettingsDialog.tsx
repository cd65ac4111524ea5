import { useEffect, useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import MenuItem from '@mui/material/MenuItem';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import type { AppInfo } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import type { ViewMode } from '../components/LibraryToolbar';
import { ConnectionImport } from './ConnectionImport';
import { DOWNLOAD_FOLDER_KEY } from './DownloadDialog';
import { lastWorkstationKey } from './FsxDialog';
import { readPreference, writePreference } from '../library/storage';
import { useWorkstations } from '../library/workstations';
import { monoFont, surface } from '../theme';

interface Props {
  appInfo: AppInfo | null;
  /** Whose preferences: the workstation last sent to is kept per user. */
  email: string;
  view: ViewMode;
  onViewChange(view: ViewMode): void;
  onClose(): void;
}

/** What this app talks to, and the preferences a person sets once. */
export function SettingsDialog({ appInfo, email, view, onViewChange, onClose }: Props) {
  const [folder, setFolder] = useState(() =>
    readPreference<string>(DOWNLOAD_FOLDER_KEY, '', (value): value is string => typeof value === 'string'),
  );
  const [fallback, setFallback] = useState('');
  const [canBrowse, setCanBrowse] = useState(false);
  const [importing, setImporting] = useState(false);
  const { list: workstations } = useWorkstations();
  const [workstation, setWorkstation] = useState(() =>
    readPreference<string>(lastWorkstationKey(email), '', (value): value is string => typeof value === 'string'),
  );

  useEffect(() => {
    void desktop.getDownloadDefaults().then(
      (defaults) => {
        setFallback(defaults.folder);
        setCanBrowse(defaults.canBrowse);
      },
      () => undefined,
    );
  }, []);

  function save() {
    writePreference(DOWNLOAD_FOLDER_KEY, folder.trim());
    writePreference(lastWorkstationKey(email), workstation);
    onClose();
  }

  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="settings-title">
      <DialogTitle id="settings-title" sx={{ fontSize: '0.9375rem', fontWeight: 600 }}>
        Settings
      </DialogTitle>
      <DialogContent>
        <Section title="Connection">
          <Fact
            label="Backend"
            value={appInfo ? (appInfo.mode === 'local' ? 'Local mode, on this computer' : 'Cloud (your AWS account)') : '…'}
          />
          <Fact label="API" value={appInfo?.apiUrl ?? '…'} mono />
          <Fact
            label="App"
            value={appInfo ? `Rushes ${appInfo.version} · ${appInfo.shell === 'electron' ? 'desktop' : 'web mode'}` : '…'}
          />
          {importing ? (
            <Box sx={{ mt: 1.5 }}>
              <ConnectionImport onImported={onClose} />
            </Box>
          ) : (
            <Button size="small" sx={{ mt: 1, ml: -0.75 }} onClick={() => setImporting(true)}>
              Import connection profile…
            </Button>
          )}
        </Section>
        <Section title="Downloads">
          <Box sx={{ display: 'flex', gap: 1, alignItems: 'flex-start' }}>
            <TextField
              label="Download to"
              placeholder={fallback}
              helperText={`Where the download dialog starts. Empty: ${fallback || 'your Downloads folder'}.`}
              value={folder}
              onChange={(event) => setFolder(event.target.value)}
              size="small"
              fullWidth
              slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: monoFont, fontSize: '0.8125rem' } } }}
            />
            {canBrowse && (
              <Button
                variant="outlined"
                onClick={() =>
                  void desktop.chooseDownloadFolder({ current: folder || fallback }).then(
                    ({ folder: chosen }) => chosen && setFolder(chosen),
                    () => undefined,
                  )
                }
              >
                Choose…
              </Button>
            )}
          </Box>
        </Section>
        <Section title="Edit share">
          {workstations.length === 0 ? (
            <Typography variant="body2" color="text.secondary">
              No workstation is set up for your groups. Ask an admin.
            </Typography>
          ) : (
            <TextField
              select
              label="Copy to FSx sends to"
              value={workstations.some((item) => item.id === workstation) ? workstation : ''}
              onChange={(event) => setWorkstation(event.target.value)}
              helperText="Preselected in the Copy to FSx and Remove from FSx dialogs; choosing another there changes it."
              size="small"
              fullWidth
            >
              <MenuItem value="">
                <em>The first in the list</em>
              </MenuItem>
              {workstations.map((item) => (
                <MenuItem key={item.id} value={item.id}>
                  {item.name}
                </MenuItem>
              ))}
            </TextField>
          )}
        </Section>
        <Section title="Library">
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
            <Typography variant="body2" color="text.secondary">
              View
            </Typography>
            <ToggleButtonGroup
              size="small"
              exclusive
              value={view}
              onChange={(_event, next: ViewMode | null) => next && onViewChange(next)}
              aria-label="Library view"
            >
              <ToggleButton value="table" sx={{ px: 1.5, py: 0.25 }}>
                Table
              </ToggleButton>
              <ToggleButton value="cards" sx={{ px: 1.5, py: 0.25 }}>
                Cards
              </ToggleButton>
            </ToggleButtonGroup>
          </Box>
        </Section>
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={save}>
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Box
      component="section"
      aria-label={title}
      sx={{ py: 1.5, borderTop: `1px solid ${surface.border}`, '&:first-of-type': { borderTop: 'none', pt: 0 } }}
    >
      <Typography variant="overline" color="text.secondary" component="h3" sx={{ display: 'block', mb: 1, lineHeight: 1.5 }}>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

function Fact({ label, value, mono }: { label: string; value: string; mono?: boolean }) {
  return (
    <Box sx={{ display: 'flex', gap: 2, py: 0.25 }}>
      <Typography variant="body2" color="text.secondary" sx={{ width: 72, flexShrink: 0 }}>
        {label}
      </Typography>
      <Typography variant="body2" sx={mono ? { fontFamily: monoFont, fontSize: '0.8125rem' } : undefined}>
        {value}
      </Typography>
    </Box>
  );
}
