import { useMemo, useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import FormHelperText from '@mui/material/FormHelperText';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import ListItemIcon from '@mui/material/ListItemIcon';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import BlockOutlined from '@mui/icons-material/BlockOutlined';
import CheckCircleOutline from '@mui/icons-material/CheckCircleOutline';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import KeyOutlined from '@mui/icons-material/KeyOutlined';
import PhonelinkLockOutlined from '@mui/icons-material/PhonelinkLockOutlined';
import MoreVert from '@mui/icons-material/MoreVert';
import PersonAddAlt1Outlined from '@mui/icons-material/PersonAddAlt1Outlined';
import SearchOutlined from '@mui/icons-material/SearchOutlined';
import type { GroupView, TemporaryPassword, UserRow, UserView } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { useToast } from '../components/Toasts';
import { ConfirmDialog } from '../dialogs/ConfirmDialog';
import { toShownError } from '../errors';
import { formatDate, pluralItems } from '../library/format';
import { FormDialog, FormField } from './FormDialog';
import { AdminTable, GroupChecklist, GroupChipList, TabFrame, ToolsCount } from './adminTable';
import { TemporaryPasswordDialog } from './TemporaryPasswordDialog';
import { useLoaded } from './useLoaded';
import { usePending } from './usePending';

const loadUsersAndGroups = () => Promise.all([desktop.listUsers(), desktop.listGroups()]);

type Pending =
  { kind: 'create' } | { kind: 'password'; title: string; email: string; password: string } | { kind: AccountAction; user: UserView };

type AccountAction = 'disable' | 'enable' | 'reset' | 'resetMfa' | 'delete';

/** What each confirmed account action says and does: a message for the toast, or (reset) the password to show once. */
const ACCOUNT_ACTIONS: Record<
  AccountAction,
  { title: string; confirmLabel: string; explain(email: string): string; run(user: UserView): Promise<string | TemporaryPassword> }
> = {
  disable: {
    title: 'Disable user',
    confirmLabel: 'Disable',
    explain: (email) =>
      `${email} is signed out of Rushes at once: every request with their current session is refused. Their files, folders and history stay.`,
    run: async (user) => (await desktop.setUserEnabled({ id: user.id, enabled: false }), `Disabled ${user.email}`),
  },
  enable: {
    title: 'Enable user',
    confirmLabel: 'Enable',
    explain: (email) => `${email} can sign in again, with the groups they had.`,
    run: async (user) => (await desktop.setUserEnabled({ id: user.id, enabled: true }), `Enabled ${user.email}`),
  },
  reset: {
    title: 'Reset password',
    confirmLabel: 'Reset password',
    explain: (email) =>
      `${email}’s password stops working now. You get a temporary password to give them; they choose a new one when they sign in.`,
    run: (user) => desktop.resetUserPassword({ id: user.id }),
  },
  resetMfa: {
    title: 'Reset two-step sign-in',
    confirmLabel: 'Reset two-step sign-in',
    explain: (email) =>
      `${email}’s authenticator app stops working for Rushes. At their next sign-in they set up a new one (if their groups must use it) before they can do anything else.`,
    run: async (user) => (await desktop.resetUserMfa({ id: user.id }), `Two-step sign-in reset for ${user.email}`),
  },
  delete: {
    title: 'Delete user',
    confirmLabel: 'Delete user',
    explain: (email) =>
      `${email} is removed from every group and can no longer sign in; this cannot be undone. What they uploaded stays, and the audit log keeps their name.`,
    run: async (user) => (await desktop.deleteUser({ id: user.id }), `Deleted ${user.email}`),
  },
};

function StatusChip({ user }: { user: UserView }) {
  if (!user.enabled) return <Chip size="small" color="error" variant="outlined" label="Disabled" />;
  if (user.status === 'FORCE_CHANGE_PASSWORD') return <Chip size="small" color="warning" variant="outlined" label="Must set password" />;
  if (user.status === 'CONFIRMED') return <Chip size="small" color="success" variant="outlined" label="Active" />;
  return <Chip size="small" variant="outlined" label={user.status.toLowerCase().replace(/_/g, ' ')} />;
}

/** Two-step sign-in: whether the user has an authenticator app, and whether their groups require one. */
function TwoStepCell({ twoStep }: { twoStep: UserRow['twoStep'] }) {
  const missing = twoStep.required && !twoStep.enrolled;
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, whiteSpace: 'nowrap' }}>
      <Chip
        size="small"
        variant="outlined"
        color={twoStep.enrolled ? 'success' : missing ? 'warning' : 'default'}
        label={twoStep.enrolled ? 'Enrolled' : 'Not enrolled'}
      />
      {twoStep.required && (
        <Typography component="span" variant="caption" color="text.secondary">
          required
        </Typography>
      )}
    </Box>
  );
}

/** Users: who they are, their groups, two-step sign-in, and the actions an admin takes on accounts. */
export function UsersTab({ me }: { me: string }) {
  const toast = useToast();
  const loaded = useLoaded('usersAndGroups', loadUsersAndGroups);
  const users = loaded.value?.[0].users ?? null;
  const groups = loaded.value?.[1].groups ?? [];
  const { error, reload: load } = loaded;
  const [filter, setFilter] = useState('');
  const [menu, setMenu] = useState<{ anchor: HTMLElement; user: UserView } | null>(null);
  const { pending, setPending, close } = usePending<Pending>(load);
  const [busy, setBusy] = useState(false);

  const shown = useMemo(() => (users ?? []).filter((user) => user.email.includes(filter.trim().toLowerCase())), [users, filter]);

  async function act(run: () => Promise<string | void>) {
    setBusy(true);
    try {
      const message = await run();
      if (message) toast(message, 'success');
      load();
      setPending((current) => (current?.kind === 'password' ? current : null));
    } catch (failure) {
      toast(toShownError(failure).message, 'error');
      setPending(null);
    } finally {
      setBusy(false);
    }
  }

  const target = pending && 'user' in pending ? pending.user : null;
  return (
    <TabFrame
      loading={users === null && error === null}
      error={error}
      tools={
        <>
          <ToolsCount>{users ? pluralItems(users.length, 'user') : ''}</ToolsCount>
          <TextField
            size="small"
            placeholder="Find by email"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
            slotProps={{
              input: {
                startAdornment: (
                  <InputAdornment position="start">
                    <SearchOutlined fontSize="small" />
                  </InputAdornment>
                ),
              },
              htmlInput: { 'aria-label': 'Find users by email' },
            }}
            sx={{ width: 260 }}
          />
          <Button variant="contained" startIcon={<PersonAddAlt1Outlined />} onClick={() => setPending({ kind: 'create' })}>
            New user
          </Button>
        </>
      }
    >
      <AdminTable
        label="Users"
        columns={['Email', 'Status', 'Two-step', 'Groups', 'Created']}
        actionsWidth={56}
        empty={users && shown.length === 0 && <>No user matches “{filter}”.</>}
      >
        {shown.map((user) => (
          <TableRow key={user.id} hover sx={{ opacity: user.enabled ? 1 : 0.7 }}>
            <TableCell sx={{ fontWeight: 500 }}>
              {user.email}
              {user.email === me && (
                <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 1 }}>
                  (you)
                </Typography>
              )}
            </TableCell>
            <TableCell>
              <StatusChip user={user} />
            </TableCell>
            <TableCell>
              <TwoStepCell twoStep={user.twoStep} />
            </TableCell>
            <TableCell>
              <GroupChipList groups={user.groups} />
            </TableCell>
            <TableCell sx={{ color: 'text.secondary', whiteSpace: 'nowrap' }}>{formatDate(user.createdAt)}</TableCell>
            <TableCell>
              <IconButton
                size="small"
                aria-label={`Actions for ${user.email}`}
                onClick={(event) => setMenu({ anchor: event.currentTarget, user })}
              >
                <MoreVert fontSize="small" />
              </IconButton>
            </TableCell>
          </TableRow>
        ))}
      </AdminTable>

      <Menu anchorEl={menu?.anchor} open={menu !== null} onClose={() => setMenu(null)}>
        {menu && [
          <MenuItem key="reset" onClick={() => (setPending({ kind: 'reset', user: menu.user }), setMenu(null))}>
            <ListItemIcon>
              <KeyOutlined fontSize="small" />
            </ListItemIcon>
            Reset password…
          </MenuItem>,
          <MenuItem key="resetMfa" onClick={() => (setPending({ kind: 'resetMfa', user: menu.user }), setMenu(null))}>
            <ListItemIcon>
              <PhonelinkLockOutlined fontSize="small" />
            </ListItemIcon>
            Reset two-step sign-in…
          </MenuItem>,
          menu.user.enabled ? (
            <MenuItem
              key="disable"
              disabled={menu.user.email === me}
              onClick={() => (setPending({ kind: 'disable', user: menu.user }), setMenu(null))}
            >
              <ListItemIcon>
                <BlockOutlined fontSize="small" />
              </ListItemIcon>
              Disable…
            </MenuItem>
          ) : (
            <MenuItem key="enable" onClick={() => (setPending({ kind: 'enable', user: menu.user }), setMenu(null))}>
              <ListItemIcon>
                <CheckCircleOutline fontSize="small" />
              </ListItemIcon>
              Enable
            </MenuItem>
          ),
          <MenuItem
            key="delete"
            disabled={menu.user.email === me}
            onClick={() => (setPending({ kind: 'delete', user: menu.user }), setMenu(null))}
            sx={{ color: 'error.light' }}
          >
            <ListItemIcon>
              <DeleteOutline fontSize="small" sx={{ color: 'error.light' }} />
            </ListItemIcon>
            Delete…
          </MenuItem>,
        ]}
      </Menu>

      {pending?.kind === 'create' && (
        <CreateUserDialog
          groups={groups}
          onClose={close}
          onCreated={(email, password) => {
            setPending({ kind: 'password', title: 'User created', email, password });
            load();
          }}
        />
      )}
      {pending?.kind === 'password' && (
        <TemporaryPasswordDialog title={pending.title} email={pending.email} password={pending.password} onClose={close} />
      )}
      {target && pending && pending.kind !== 'create' && pending.kind !== 'password' && (
        <ConfirmDialog
          open
          title={ACCOUNT_ACTIONS[pending.kind].title}
          confirmLabel={ACCOUNT_ACTIONS[pending.kind].confirmLabel}
          destructive={pending.kind !== 'enable'}
          busy={busy}
          onClose={close}
          onConfirm={() =>
            void act(async () => {
              const outcome = await ACCOUNT_ACTIONS[pending.kind].run(target);
              if (typeof outcome === 'string') return outcome;
              setPending({ kind: 'password', title: 'Password reset', email: outcome.email, password: outcome.temporaryPassword });
            })
          }
        >
          {ACCOUNT_ACTIONS[pending.kind].explain(target.email)}
        </ConfirmDialog>
      )}
    </TabFrame>
  );
}

function CreateUserDialog({
  groups,
  onClose,
  onCreated,
}: {
  groups: GroupView[];
  onClose(): void;
  onCreated(email: string, password: string): void;
}) {
  const [email, setEmail] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set(['editors']));
  return (
    <FormDialog
      title="New user"
      submitLabel="Create user"
      fields={['email', 'groups']}
      canSubmit={email.trim() !== ''}
      onClose={onClose}
      onSubmit={async () => {
        const created = await desktop.createUser({ email, groups: [...chosen] });
        onCreated(created.user.email, created.temporaryPassword);
      }}
    >
      {(errors, busy) => (
        <>
          <FormField
            field="email"
            errors={errors}
            busy={busy}
            autoFocus
            label="Email address"
            type="email"
            value={email}
            onValue={setEmail}
            hint="They sign in with it. No email is sent: you give them the temporary password."
            sx={{ mt: 1, mb: 2 }}
          />
          <Typography variant="body2" sx={{ fontWeight: 500, mb: 0.5 }}>
            Groups
          </Typography>
          <GroupChecklist groups={groups} chosen={chosen} disabled={busy} onChange={setChosen} />
          {errors['groups'] && <FormHelperText error>{errors['groups']}</FormHelperText>}
        </>
      )}
    </FormDialog>
  );
}
