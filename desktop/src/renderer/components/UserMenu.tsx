import { useId, useState } from 'react';
import Avatar from '@mui/material/Avatar';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Divider from '@mui/material/Divider';
import IconButton from '@mui/material/IconButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import ListSubheader from '@mui/material/ListSubheader';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import LogoutOutlined from '@mui/icons-material/LogoutOutlined';
import AdminPanelSettingsOutlined from '@mui/icons-material/AdminPanelSettingsOutlined';
import KeyboardOutlined from '@mui/icons-material/KeyboardOutlined';
import PhonelinkLockOutlined from '@mui/icons-material/PhonelinkLockOutlined';
import SettingsOutlined from '@mui/icons-material/SettingsOutlined';
import type { MeResponse } from '@rushes/shared';
import { commands, shortcutText } from '../commands/registry';
const MAX_CHIPS = 3;

interface Props {
  user: MeResponse;
  onSignOut(): void;
  onOpenSettings(): void;
  onOpenShortcuts(): void;
  /** Admins only: users, groups and the audit log. */
  onOpenAdmin?: (() => void) | undefined;
  /** Offered to users who may (not must) add an authenticator app and have none yet. */
  onSetUpTwoStep?: (() => void) | undefined;
}

function initials(email: string): string {
  const name = email.split('@')[0] ?? '';
  const parts = name.split(/[._-]+/).filter(Boolean);
  const letters = parts.length > 1 ? `${parts[0]?.[0]}${parts[1]?.[0]}` : name.slice(0, 2);
  return letters.toUpperCase() || '?';
}

function GroupChips({ groups }: { groups: string[] }) {
  const shown = groups.slice(0, MAX_CHIPS);
  const hidden = groups.slice(MAX_CHIPS);
  return (
    <Box component="ul" aria-label="Groups" sx={{ display: 'flex', gap: 0.5, m: 0, p: 0, listStyle: 'none' }}>
      {shown.map((group) => (
        <li key={group}>
          <Chip size="small" variant="outlined" label={group} color={group === 'admin' ? 'primary' : 'default'} />
        </li>
      ))}
      {hidden.length > 0 && (
        <li>
          <Tooltip title={hidden.join(', ')}>
            <Chip size="small" variant="outlined" label={`+${hidden.length}`} />
          </Tooltip>
        </li>
      )}
    </Box>
  );
}

/** The menu's non-focusable header; MenuList skips components marked like this. */
function AccountSummary({ user }: { user: MeResponse }) {
  return (
    <Box sx={{ px: 2, pt: 1, pb: 1.25 }}>
      <Typography variant="body1" sx={{ fontWeight: 600, wordBreak: 'break-all' }}>
        {user.email}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {user.isAdmin ? 'Administrator' : 'Member'} · {user.groups.length ? user.groups.join(', ') : 'no groups'}
      </Typography>
    </Box>
  );
}
AccountSummary.muiSkipListHighlight = true;

/** The top-right corner: who is signed in, their groups, settings, and the account menu. */
export function UserMenu({ user, onSignOut, onOpenSettings, onOpenShortcuts, onOpenAdmin, onSetUpTwoStep }: Props) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const menuId = useId();

  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, minWidth: 0 }}>
      <Typography
        variant="body2"
        title={user.email}
        sx={{ color: 'text.primary', maxWidth: 260, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
      >
        {user.email}
      </Typography>
      <GroupChips groups={user.groups} />
      <Divider orientation="vertical" flexItem sx={{ mx: 0.5, my: 1.25 }} />
      {onOpenAdmin && (
        <Tooltip title="Administration: users, groups, audit log">
          <IconButton aria-label="Administration" onClick={onOpenAdmin}>
            <AdminPanelSettingsOutlined fontSize="small" />
          </IconButton>
        </Tooltip>
      )}
      <Tooltip title="Settings">
        <IconButton aria-label="Settings" onClick={onOpenSettings}>
          <SettingsOutlined fontSize="small" />
        </IconButton>
      </Tooltip>
      <Tooltip title="Account">
        <IconButton
          // The name carries the initials the button shows, so a voice-control user can say either.
          aria-label={`Account menu, ${initials(user.email)}`}
          aria-haspopup="menu"
          aria-controls={anchor ? menuId : undefined}
          aria-expanded={anchor ? 'true' : undefined}
          onClick={(event) => setAnchor(event.currentTarget)}
          sx={{ p: 0.25 }}
        >
          <Avatar sx={{ width: 26, height: 26, fontSize: '0.6875rem', fontWeight: 600, bgcolor: 'primary.dark', color: '#fff' }}>
            {initials(user.email)}
          </Avatar>
        </IconButton>
      </Tooltip>
      <Menu
        id={menuId}
        anchorEl={anchor}
        open={anchor !== null}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
        slotProps={{ paper: { sx: { mt: 0.5, minWidth: 240 } } }}
      >
        <AccountSummary user={user} />
        <Divider />
        {onOpenAdmin && (
          <MenuItem
            onClick={() => {
              setAnchor(null);
              onOpenAdmin();
            }}
          >
            <ListItemIcon>
              <AdminPanelSettingsOutlined fontSize="small" />
            </ListItemIcon>
            <ListItemText>Users, groups and audit log</ListItemText>
          </MenuItem>
        )}
        {onSetUpTwoStep && (
          <MenuItem
            onClick={() => {
              setAnchor(null);
              onSetUpTwoStep();
            }}
          >
            <ListItemIcon>
              <PhonelinkLockOutlined fontSize="small" />
            </ListItemIcon>
            <ListItemText>Set up two-step sign-in…</ListItemText>
          </MenuItem>
        )}
        <Divider />
        <ListSubheader sx={{ lineHeight: '28px', backgroundColor: 'transparent' }}>Help</ListSubheader>
        <MenuItem
          onClick={() => {
            setAnchor(null);
            onOpenShortcuts();
          }}
        >
          <ListItemIcon>
            <KeyboardOutlined fontSize="small" />
          </ListItemIcon>
          <ListItemText>{commands.shortcuts.label}</ListItemText>
          <Typography variant="body2" color="text.secondary" aria-hidden="true" sx={{ ml: 3 }}>
            {shortcutText('shortcuts')}
          </Typography>
        </MenuItem>
        <Divider />
        <MenuItem
          onClick={() => {
            setAnchor(null);
            onSignOut();
          }}
        >
          <ListItemIcon>
            <LogoutOutlined fontSize="small" />
          </ListItemIcon>
          <ListItemText>{commands.signOut.label}</ListItemText>
          <Typography variant="body2" color="text.secondary" aria-hidden="true" sx={{ ml: 3 }}>
            {shortcutText('signOut')}
          </Typography>
        </MenuItem>
      </Menu>
    </Box>
  );
}
