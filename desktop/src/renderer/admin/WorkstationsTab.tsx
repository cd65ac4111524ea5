import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormHelperText from '@mui/material/FormHelperText';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import AddToQueueOutlined from '@mui/icons-material/AddToQueueOutlined';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import EditOutlined from '@mui/icons-material/EditOutlined';
import type { GroupView, WorkstationPlatform, WorkstationView } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { useToast } from '../components/Toasts';
import { pluralItems } from '../library/format';
import { platformNames, useWorkstations } from '../library/workstations';
import { monoFont, visuallyHidden } from '../theme';
import { FormDialog } from './FormDialog';
import { GroupChecklist, GroupChipList, TabFrame, headCell } from './adminTable';
import { useLoaded } from './useLoaded';

const loadWorkstationsAndGroups = () => Promise.all([desktop.listWorkstations(), desktop.listGroups()]);

/** What the share root field asks for, per platform: the path where the edit share is seen. */
const shareRootHints: Record<WorkstationPlatform, { placeholder: string; hint: string }> = {
  windows: {
    placeholder: 'D:\\Media',
    hint: 'Where the FSx share is mounted on the workstation: a drive path like D:\\Media or a UNC path like \\\\fsx\\share\\Media.',
  },
  linux: {
    placeholder: '/mnt/fsx/media',
    hint: 'Where the FSx share is mounted on the workstation: an absolute path like /mnt/fsx/media.',
  },
  local: {
    placeholder: '/srv/edit-share',
    hint: 'An absolute folder on the computer running Rushes (local mode); it must exist. Library folders are recreated below it.',
  },
};

type Pending = { kind: 'create' } | { kind: 'edit' | 'delete'; workstation: WorkstationView };

/** Workstations: the edit bays whose share editors send clips to, and which groups may use each. */
export function WorkstationsTab() {
  const toast = useToast();
  const shared = useWorkstations();
  const { value, error, reload } = useLoaded('workstationsAndGroups', loadWorkstationsAndGroups);
  const workstations = value?.[0].workstations ?? null;
  const platforms = value?.[0].platforms ?? [];
  const groups = value?.[1].groups ?? [];
  const [pending, setPending] = useState<Pending | null>(null);

  const done = (message: string) => {
    toast(message, 'success');
    setPending(null);
    reload();
    // The library's copy (names on badges, the copy dialog's choices) follows.
    shared.reload();
  };

  return (
    <TabFrame
      loading={workstations === null && error === null}
      error={error}
      tools={
        <>
          <Typography variant="body2" color="text.secondary" sx={{ mr: 'auto' }}>
            {workstations ? pluralItems(workstations.length, 'workstation') : ''}
            {platforms.length > 0 && ` · this backend sends to: ${platforms.map((platform) => platformNames[platform]).join(', ')}`}
          </Typography>
          <Button
            variant="contained"
            startIcon={<AddToQueueOutlined />}
            disabled={value === null}
            onClick={() => setPending({ kind: 'create' })}
          >
            New workstation
          </Button>
        </>
      }
    >
      <Table size="small" stickyHeader aria-label="Workstations">
        <TableHead>
          <TableRow>
            <TableCell sx={headCell}>Name</TableCell>
            <TableCell sx={headCell}>Platform</TableCell>
            <TableCell sx={headCell}>Instance id</TableCell>
            <TableCell sx={headCell}>Share root</TableCell>
            <TableCell sx={headCell}>Groups</TableCell>
            <TableCell sx={{ ...headCell, width: 96 }}>
              <Box component="span" sx={visuallyHidden}>
                Actions
              </Box>
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {(workstations ?? []).map((workstation) => (
            <TableRow key={workstation.id} hover>
              <TableCell sx={{ fontWeight: 500, whiteSpace: 'nowrap' }}>{workstation.name}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {platformNames[workstation.platform]}
                {!platforms.includes(workstation.platform) && platforms.length > 0 && (
                  <Tooltip title="This backend cannot send to this platform: transfers to it are refused.">
                    <Typography component="span" variant="caption" color="warning.light" sx={{ ml: 1 }}>
                      not here
                    </Typography>
                  </Tooltip>
                )}
              </TableCell>
              <TableCell
                sx={{ fontFamily: monoFont, fontSize: '0.75rem', color: workstation.instanceId ? 'text.primary' : 'text.disabled' }}
              >
                {workstation.instanceId ?? '—'}
              </TableCell>
              <TableCell sx={{ fontFamily: monoFont, fontSize: '0.75rem', wordBreak: 'break-all' }}>{workstation.shareRoot}</TableCell>
              <TableCell>
                <GroupChipList groups={workstation.groups} />
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <Tooltip title="Edit">
                  <IconButton
                    size="small"
                    aria-label={`Edit ${workstation.name}`}
                    onClick={() => setPending({ kind: 'edit', workstation })}
                  >
                    <EditOutlined fontSize="small" />
                  </IconButton>
                </Tooltip>
                <Tooltip title="Delete">
                  <IconButton
                    size="small"
                    aria-label={`Delete ${workstation.name}`}
                    onClick={() => setPending({ kind: 'delete', workstation })}
                  >
                    <DeleteOutline fontSize="small" />
                  </IconButton>
                </Tooltip>
              </TableCell>
            </TableRow>
          ))}
          {workstations?.length === 0 && (
            <TableRow>
              <TableCell colSpan={6} sx={{ color: 'text.secondary', py: 4, textAlign: 'center', borderBottom: 'none' }}>
                No workstation yet. Add the edit bays whose share editors send clips to.
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>

      {(pending?.kind === 'create' || pending?.kind === 'edit') && (
        <WorkstationDialog
          workstation={pending.kind === 'edit' ? pending.workstation : null}
          platforms={platforms}
          groups={groups}
          onClose={() => setPending(null)}
          onDone={done}
        />
      )}
      {pending?.kind === 'delete' && (
        <FormDialog
          title={`Delete “${pending.workstation.name}”`}
          submitLabel="Delete workstation"
          destructive
          fields={[]}
          onClose={() => setPending(null)}
          onSubmit={async () => {
            await desktop.deleteWorkstation({ id: pending.workstation.id });
            done(`Deleted “${pending.workstation.name}”`);
          }}
        >
          {() => (
            <Typography variant="body2" component="div">
              Editors can no longer send clips to it. Files already on its share stay there; Rushes stops tracking them.
            </Typography>
          )}
        </FormDialog>
      )}
    </TabFrame>
  );
}

function WorkstationDialog({
  workstation,
  platforms,
  groups,
  onClose,
  onDone,
}: {
  workstation: WorkstationView | null;
  platforms: readonly WorkstationPlatform[];
  groups: readonly GroupView[];
  onClose(): void;
  onDone(message: string): void;
}) {
  const [name, setName] = useState(workstation?.name ?? '');
  // A workstation of a platform this backend cannot run keeps it while edited; new ones pick from what it can.
  const choices = workstation && !platforms.includes(workstation.platform) ? [...platforms, workstation.platform] : platforms;
  const [platform, setPlatform] = useState<WorkstationPlatform | ''>(workstation?.platform ?? (choices.length === 1 ? choices[0]! : ''));
  const [instanceId, setInstanceId] = useState(workstation?.instanceId ?? '');
  const [shareRoot, setShareRoot] = useState(workstation?.shareRoot ?? '');
  // Admins may always use every workstation; the list offers the groups that need saying.
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set(workstation?.groups ?? []));
  const needsInstance = platform === 'windows' || platform === 'linux';
  const hint = platform ? shareRootHints[platform] : null;

  return (
    <FormDialog
      title={workstation ? `Edit “${workstation.name}”` : 'New workstation'}
      submitLabel={workstation ? 'Save' : 'Create workstation'}
      fields={['name', 'platform', 'instanceId', 'shareRoot', 'groups']}
      canSubmit={name.trim() !== '' && platform !== '' && shareRoot.trim() !== ''}
      onClose={onClose}
      onSubmit={async () => {
        if (platform === '') return;
        const body = { name, platform, instanceId: needsInstance ? instanceId.trim() : null, shareRoot, groups: [...chosen] };
        const saved = workstation
          ? await desktop.updateWorkstation({ id: workstation.id, workstation: body })
          : await desktop.createWorkstation(body);
        onDone(workstation ? `Saved “${saved.name}”` : `Created workstation “${saved.name}”`);
      }}
    >
      {(errors, busy) => (
        <>
          {platforms.length === 0 && (
            <Alert severity="warning" variant="outlined" sx={{ mb: 2 }}>
              This backend cannot run transfers on any platform, so no workstation can be used.
            </Alert>
          )}
          <TextField
            autoFocus
            fullWidth
            size="small"
            label="Name"
            value={name}
            disabled={busy}
            onChange={(event) => setName(event.target.value)}
            error={errors['name'] !== undefined}
            helperText={errors['name'] ?? 'How editors know it: Edit 1, Avid bay 3, Resolve suite.'}
            sx={{ mt: 1, mb: 2 }}
          />
          <TextField
            select
            fullWidth
            size="small"
            label="Platform"
            value={platform}
            disabled={busy}
            onChange={(event) => setPlatform(event.target.value as WorkstationPlatform)}
            error={errors['platform'] !== undefined}
            helperText={
              errors['platform'] ??
              (platform === 'local'
                ? 'A folder on this computer stands in for the edit share (local mode).'
                : 'Transfers run through SSM Run Command on the instance.')
            }
            sx={{ mb: 2 }}
          >
            {choices.map((choice) => (
              <MenuItem key={choice} value={choice}>
                {platformNames[choice]}
              </MenuItem>
            ))}
          </TextField>
          {needsInstance && (
            <TextField
              fullWidth
              size="small"
              label="SSM managed instance id"
              placeholder="i-0123456789abcdef0"
              value={instanceId}
              disabled={busy}
              onChange={(event) => setInstanceId(event.target.value)}
              error={errors['instanceId'] !== undefined}
              helperText={errors['instanceId'] ?? 'i-… for an EC2 instance, mi-… for an on-premises machine registered with SSM.'}
              slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: monoFont, fontSize: '0.8125rem' } } }}
              sx={{ mb: 2 }}
            />
          )}
          {!needsInstance && errors['instanceId'] && (
            <FormHelperText error sx={{ mt: -1, mb: 2 }}>
              {errors['instanceId']}
            </FormHelperText>
          )}
          <TextField
            fullWidth
            size="small"
            label="Share root"
            placeholder={hint?.placeholder}
            value={shareRoot}
            disabled={busy}
            onChange={(event) => setShareRoot(event.target.value)}
            error={errors['shareRoot'] !== undefined}
            helperText={errors['shareRoot'] ?? hint?.hint ?? 'Choose the platform first.'}
            slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: monoFont, fontSize: '0.8125rem' } } }}
            sx={{ mb: 2 }}
          />
          <Typography variant="body2" sx={{ fontWeight: 500, mb: 0.5 }}>
            Groups that may use it
          </Typography>
          <GroupChecklist groups={groups.filter((group) => group.name !== 'admin')} chosen={chosen} disabled={busy} onChange={setChosen} />
          <FormHelperText error={errors['groups'] !== undefined}>
            {errors['groups'] ?? 'Admins may always use it. Members send only files they may already see.'}
          </FormHelperText>
        </>
      )}
    </FormDialog>
  );
}
