import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import FormHelperText from '@mui/material/FormHelperText';
import MenuItem from '@mui/material/MenuItem';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import AddToQueueOutlined from '@mui/icons-material/AddToQueueOutlined';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import EditOutlined from '@mui/icons-material/EditOutlined';
import type { GroupView, WorkstationPlatform, WorkstationView } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { pluralItems } from '../library/format';
import { platformNames, useWorkstations } from '../library/workstations';
import { monoFont } from '../theme';
import { DeleteDialog, FormDialog, FormField } from './FormDialog';
import { AdminTable, GroupChecklist, GroupChipList, TabFrame, ToolsCount } from './adminTable';
import { IconAction } from '../components/IconAction';
import { useLoaded } from './useLoaded';
import { usePending } from './usePending';

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

/** Ids and paths are typed, not prose: monospaced, no spell check. */
const monoInput = { spellCheck: false, style: { fontFamily: monoFont, fontSize: '0.8125rem' } };

type Pending = { kind: 'create' } | { kind: 'edit' | 'delete'; workstation: WorkstationView };

/** Workstations: the edit bays whose share editors send clips to, and which groups may use each. */
export function WorkstationsTab() {
  const shared = useWorkstations();
  const { value, error, reload } = useLoaded('workstationsAndGroups', loadWorkstationsAndGroups);
  const workstations = value?.[0].workstations ?? null;
  const platforms = value?.[0].platforms ?? [];
  const groups = value?.[1].groups ?? [];
  // The library's copy (names on badges, the copy dialog's choices) follows.
  const { pending, setPending, close, done } = usePending<Pending>(reload, shared.reload);

  return (
    <TabFrame
      loading={workstations === null && error === null}
      error={error}
      tools={
        <>
          <ToolsCount>
            {workstations ? pluralItems(workstations.length, 'workstation') : ''}
            {platforms.length > 0 && ` · this backend sends to: ${platforms.map((platform) => platformNames[platform]).join(', ')}`}
          </ToolsCount>
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
      <AdminTable
        label="Workstations"
        columns={['Name', 'Platform', 'Instance id', 'Share root', 'Groups']}
        actionsWidth={96}
        empty={workstations?.length === 0 && 'No workstation yet. Add the edit bays whose share editors send clips to.'}
      >
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
            <TableCell sx={{ fontFamily: monoFont, fontSize: '0.75rem', color: workstation.instanceId ? 'text.primary' : 'text.disabled' }}>
              {workstation.instanceId ?? '—'}
            </TableCell>
            <TableCell sx={{ fontFamily: monoFont, fontSize: '0.75rem', wordBreak: 'break-all' }}>{workstation.shareRoot}</TableCell>
            <TableCell>
              <GroupChipList groups={workstation.groups} />
            </TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              <IconAction
                title="Edit"
                label={`Edit ${workstation.name}`}
                icon={EditOutlined}
                onClick={() => setPending({ kind: 'edit', workstation })}
              />
              <IconAction
                title="Delete"
                label={`Delete ${workstation.name}`}
                icon={DeleteOutline}
                onClick={() => setPending({ kind: 'delete', workstation })}
              />
            </TableCell>
          </TableRow>
        ))}
      </AdminTable>

      {(pending?.kind === 'create' || pending?.kind === 'edit') && (
        <WorkstationDialog
          workstation={pending.kind === 'edit' ? pending.workstation : null}
          platforms={platforms}
          groups={groups}
          onClose={close}
          onDone={done}
        />
      )}
      {pending?.kind === 'delete' && (
        <DeleteDialog
          name={pending.workstation.name}
          submitLabel="Delete workstation"
          onClose={close}
          onSubmit={async () => {
            await desktop.deleteWorkstation({ id: pending.workstation.id });
            done(`Deleted “${pending.workstation.name}”`);
          }}
        >
          Editors can no longer send clips to it. Files already on its share stay there; Rushes stops tracking them.
        </DeleteDialog>
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
          <FormField
            field="name"
            errors={errors}
            busy={busy}
            autoFocus
            label="Name"
            value={name}
            onValue={setName}
            hint="How editors know it: Edit 1, Avid bay 3, Resolve suite."
            sx={{ mt: 1, mb: 2 }}
          />
          <FormField
            field="platform"
            errors={errors}
            busy={busy}
            select
            label="Platform"
            value={platform}
            onValue={(value) => setPlatform(value as WorkstationPlatform)}
            hint={
              platform === 'local'
                ? 'A folder on this computer stands in for the edit share (local mode).'
                : 'Transfers run through SSM Run Command on the instance.'
            }
            sx={{ mb: 2 }}
          >
            {choices.map((choice) => (
              <MenuItem key={choice} value={choice}>
                {platformNames[choice]}
              </MenuItem>
            ))}
          </FormField>
          {needsInstance && (
            <FormField
              field="instanceId"
              errors={errors}
              busy={busy}
              label="SSM managed instance id"
              placeholder="i-0123456789abcdef0"
              value={instanceId}
              onValue={setInstanceId}
              hint="i-… for an EC2 instance, mi-… for an on-premises machine registered with SSM."
              slotProps={{ htmlInput: monoInput }}
              sx={{ mb: 2 }}
            />
          )}
          {!needsInstance && errors['instanceId'] && (
            <FormHelperText error sx={{ mt: -1, mb: 2 }}>
              {errors['instanceId']}
            </FormHelperText>
          )}
          <FormField
            field="shareRoot"
            errors={errors}
            busy={busy}
            label="Share root"
            placeholder={hint?.placeholder}
            value={shareRoot}
            onValue={setShareRoot}
            hint={hint?.hint ?? 'Choose the platform first.'}
            slotProps={{ htmlInput: monoInput }}
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
