import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import ContentCopyOutlined from '@mui/icons-material/ContentCopyOutlined';
import { monoFont, surface } from '../theme';

interface Props {
  title: string;
  email: string;
  password: string;
  onClose(): void;
}

/** Shows a temporary password once: Rushes keeps no copy, so closing this is the end of it. */
export function TemporaryPasswordDialog({ title, email, password, onClose }: Props) {
  const [copied, setCopied] = useState(false);
  return (
    <Dialog open onClose={onClose} maxWidth="xs" fullWidth aria-labelledby="temporary-password-title">
      <DialogTitle id="temporary-password-title" sx={{ fontSize: '0.9375rem', fontWeight: 600 }}>
        {title}
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 1.5 }}>
          Give <strong>{email}</strong> this temporary password. They choose their own when they first sign in.
        </Typography>
        <Box
          sx={{
            display: 'flex',
            alignItems: 'center',
            gap: 1,
            px: 1.5,
            py: 1,
            borderRadius: 1,
            border: `1px solid ${surface.borderStrong}`,
            backgroundColor: surface.panel,
          }}
        >
          <Typography
            aria-label="Temporary password"
            data-testid="temporary-password"
            sx={{ fontFamily: monoFont, fontSize: '1rem', letterSpacing: '0.06em', flex: 1 }}
          >
            {password}
          </Typography>
          <Button
            size="small"
            startIcon={<ContentCopyOutlined fontSize="small" />}
            onClick={() =>
              void navigator.clipboard?.writeText(password).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {copied ? 'Copied' : 'Copy'}
          </Button>
        </Box>
        <Alert severity="warning" variant="outlined" sx={{ mt: 2 }}>
          It is shown only now. If it is lost, reset the password again.
        </Alert>
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button variant="contained" onClick={onClose} autoFocus>
          Done
        </Button>
      </DialogActions>
    </Dialog>
  );
}
