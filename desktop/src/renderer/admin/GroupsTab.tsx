import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import DriveFileRenameOutline from '@mui/icons-material/DriveFileRenameOutline';
import GroupAddOutlined from '@mui/icons-material/GroupAddOutlined';
import GroupOutlined from '@mui/icons-material/GroupOutlined';
import PersonRemoveOutlined from '@mui/icons-material/PersonRemoveOutlined';
import type { GroupView, UserView } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { useToast } from '../components/Toasts';
import { toShownError } from '../errors';
import { pluralItems } from '../library/format';
import { DeleteDialog, FormDialog, FormField } from './FormDialog';
import { AdminTable, TabFrame, ToolsCount } from './adminTable';
import { IconAction } from '../components/IconAction';
import { useLoaded } from './useLoaded';
import { usePending } from './usePending';

const loadGroups = () => desktop.listGroups();

type Pending = { kind: 'create' } | { kind: 'rename' | 'delete' | 'members'; group: GroupView };

/** What a group's row offers besides its members, and why a built-in group cannot. */
const groupChanges = [
  { kind: 'rename', verb: 'Rename', icon: DriveFileRenameOutline, builtIn: 'Built-in groups keep their names' },
  { kind: 'delete', verb: 'Delete', icon: DeleteOutline, builtIn: 'Built-in groups cannot be deleted' },
] as const;

/** Groups: what each one is for, who is in it, which folders it opens. */
export function GroupsTab({ me }: { me: string }) {
  const { value, error, reload } = useLoaded('groups', loadGroups);
  const { pending, setPending, close, done } = usePending<Pending>(reload);
  const groups = value?.groups ?? null;

  return (
    <TabFrame
      loading={groups === null && error === null}
      error={error}
      tools={
        <>
          <ToolsCount>{groups ? pluralItems(groups.length, 'group') : ''}</ToolsCount>
          <Button variant="contained" startIcon={<GroupAddOutlined />} onClick={() => setPending({ kind: 'create' })}>
            New group
          </Button>
        </>
      }
    >
      <AdminTable
        label="Groups"
        columns={['Group', 'Description', { label: 'Members', align: 'right' }, { label: 'Folders it may see', align: 'right' }]}
        actionsWidth={132}
      >
        {(groups ?? []).map((group) => (
          <TableRow key={group.name} hover>
            <TableCell sx={{ fontWeight: 500, whiteSpace: 'nowrap' }}>
              {group.name}
              {group.builtIn && <Chip size="small" label="built in" variant="outlined" sx={{ ml: 1, height: 18, fontSize: '0.6875rem' }} />}
            </TableCell>
            <TableCell sx={{ color: 'text.secondary' }}>{group.description ?? ''}</TableCell>
            <TableCell align="right">{group.members}</TableCell>
            <TableCell align="right">{group.name === 'admin' ? 'all' : group.folders}</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              <IconAction
                title="Members"
                label={`Members of ${group.name}`}
                icon={GroupOutlined}
                onClick={() => setPending({ kind: 'members', group })}
              />
              {groupChanges.map(({ kind, verb, icon, builtIn }) => (
                <IconAction
                  key={kind}
                  title={group.builtIn ? builtIn : verb}
                  label={`${verb} ${group.name}`}
                  icon={icon}
                  disabled={group.builtIn}
                  onClick={() => setPending({ kind, group })}
                />
              ))}
            </TableCell>
          </TableRow>
        ))}
      </AdminTable>

      {pending?.kind === 'create' && <CreateGroupDialog onClose={close} onDone={done} />}
      {pending?.kind === 'rename' && <RenameGroupDialog group={pending.group} onClose={close} onDone={done} />}
      {pending?.kind === 'delete' && <DeleteGroupDialog group={pending.group} onClose={close} onDone={done} />}
      {pending?.kind === 'members' && <MembersDialog group={pending.group} me={me} onChanged={reload} onClose={close} />}
    </TabFrame>
  );
}

function CreateGroupDialog({ onClose, onDone }: { onClose(): void; onDone(message: string): void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  return (
    <FormDialog
      title="New group"
      submitLabel="Create group"
      fields={['name', 'description']}
      canSubmit={name.trim() !== ''}
      onClose={onClose}
      onSubmit={async () => {
        const created = await desktop.createGroup({ name, description });
        onDone(`Created group “${created.name}”`);
      }}
    >
      {(errors, busy) => (
        <>
          <FormField
            field="name"
            errors={errors}
            busy={busy}
            autoFocus
            label="Name"
            value={name}
            onValue={setName}
            hint="Letters, digits and punctuation, no spaces: show-a, grading, vfx-vendor. It cannot be renamed in place later."
            sx={{ mt: 1, mb: 2 }}
          />
          <FormField
            field="description"
            errors={errors}
            busy={busy}
            label="Description (optional)"
            value={description}
            onValue={setDescription}
          />
        </>
      )}
    </FormDialog>
  );
}

function RenameGroupDialog({ group, onClose, onDone }: { group: GroupView; onClose(): void; onDone(message: string): void }) {
  const [newName, setNewName] = useState(group.name);
  return (
    <FormDialog
      title={`Rename “${group.name}”`}
      submitLabel="Rename"
      fields={['newName']}
      canSubmit={newName.trim() !== '' && newName !== group.name}
      onClose={onClose}
      onSubmit={async () => {
        const result = await desktop.renameGroup({ name: group.name, newName });
        onDone(
          `Renamed to “${result.name}”: ${pluralItems(result.members, 'member')} and ${pluralItems(result.folders, 'folder')} moved over`,
        );
      }}
    >
      {(errors, busy) => (
        <>
          <Alert severity="info" variant="outlined" sx={{ mb: 2 }}>
            Cognito cannot rename a group. Rushes creates the new group, moves its {pluralItems(group.members, 'member')} into it, puts it
            on the {pluralItems(group.folders, 'folder')} the old one may see, then deletes the old one. Members see the new name at their
            next token refresh (within the hour).
          </Alert>
          <FormField field="newName" errors={errors} busy={busy} autoFocus label="New name" value={newName} onValue={setNewName} />
        </>
      )}
    </FormDialog>
  );
}

function DeleteGroupDialog({ group, onClose, onDone }: { group: GroupView; onClose(): void; onDone(message: string): void }) {
  const used = group.folders > 0;
  return (
    <DeleteDialog
      name={group.name}
      submitLabel={used ? `Delete and remove from ${pluralItems(group.folders, 'folder')}` : 'Delete group'}
      onClose={onClose}
      onSubmit={async () => {
        const result = await desktop.deleteGroup({ name: group.name, removeFromFolders: used });
        onDone(`Deleted “${result.name}”${result.folders ? `, taken off ${pluralItems(result.folders, 'folder')}` : ''}`);
      }}
    >
      {used ? (
        <Alert severity="warning" variant="outlined" sx={{ mb: 1.5 }}>
          “{group.name}” may see {pluralItems(group.folders, 'folder')}. Deleting it takes it off their permissions: its{' '}
          {pluralItems(group.members, 'member')} lose those folders unless another of their groups may see them.
        </Alert>
      ) : null}
      The {pluralItems(group.members, 'member')} stay users; only the group goes. This cannot be undone.
    </DeleteDialog>
  );
}

function MembersDialog({ group, me, onChanged, onClose }: { group: GroupView; me: string; onChanged(): void; onClose(): void }) {
  const toast = useToast();
  const [members, setMembers] = useState<UserView[] | null>(null);
  const [everyone, setEveryone] = useState<UserView[]>([]);
  const [adding, setAdding] = useState<UserView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    Promise.all([desktop.groupMembers({ name: group.name }), desktop.listUsers()]).then(
      ([loaded, users]) => {
        setMembers(loaded.users);
        setEveryone(users.users);
      },
      (failure: unknown) => setError(toShownError(failure).message),
    );
  }, [group.name]);

  async function change(run: () => Promise<{ users: UserView[] }>, message: string) {
    setBusy(true);
    setError(null);
    try {
      setMembers((await run()).users);
      setAdding([]);
      onChanged();
      toast(message, 'success');
    } catch (failure) {
      setError(toShownError(failure).message);
    } finally {
      setBusy(false);
    }
  }

  const memberIds = new Set((members ?? []).map((user) => user.id));
  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="members-title">
      <DialogTitle id="members-title" sx={{ fontSize: '0.9375rem', fontWeight: 600 }}>
        Members of “{group.name}”
      </DialogTitle>
      <DialogContent>
        {error && (
          <Alert severity="error" sx={{ mb: 1.5 }}>
            {error}
          </Alert>
        )}
        <Box sx={{ display: 'flex', gap: 1, mb: 1.5, mt: 0.5 }}>
          <Autocomplete
            multiple
            size="small"
            sx={{ flex: 1 }}
            options={everyone.filter((user) => !memberIds.has(user.id))}
            getOptionLabel={(user) => user.email}
            value={adding}
            onChange={(_, value) => setAdding(value)}
            disabled={busy || members === null}
            renderInput={(params) => <TextField {...params} label="Add people" />}
          />
          <Button
            variant="contained"
            disabled={busy || adding.length === 0}
            onClick={() =>
              void change(
                () => desktop.addGroupMembers({ name: group.name, userIds: adding.map((user) => user.id) }),
                adding.length === 1 ? `Added ${adding[0]!.email}` : `Added ${adding.length} people`,
              )
            }
          >
            Add
          </Button>
        </Box>
        <Typography variant="caption" color="text.secondary" component="div" sx={{ mb: 1 }}>
          Changes reach a signed-in person with their next token refresh.
        </Typography>
        <Table size="small" aria-label="Members">
          <TableBody>
            {(members ?? []).map((user) => (
              <TableRow key={user.id}>
                <TableCell sx={{ pl: 0 }}>{user.email}</TableCell>
                <TableCell sx={{ color: 'text.secondary' }}>{user.enabled ? '' : 'disabled'}</TableCell>
                <TableCell align="right" sx={{ pr: 0 }}>
                  <IconAction
                    title={group.name === 'admin' && user.email === me ? 'You cannot take yourself out of admin' : 'Remove from group'}
                    label={`Remove ${user.email}`}
                    icon={PersonRemoveOutlined}
                    disabled={busy || (group.name === 'admin' && user.email === me)}
                    onClick={() =>
                      void change(() => desktop.removeGroupMembers({ name: group.name, userIds: [user.id] }), `Removed ${user.email}`)
                    }
                  />
                </TableCell>
              </TableRow>
            ))}
            {members?.length === 0 && (
              <TableRow>
                <TableCell colSpan={3} sx={{ color: 'text.secondary', pl: 0, borderBottom: 'none' }}>
                  Nobody is in this group yet.
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button onClick={onClose} disabled={busy}>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
