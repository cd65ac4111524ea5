import { useMemo, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Typography from '@mui/material/Typography';
import LockOutlined from '@mui/icons-material/LockOutlined';
import type { FolderViewers, SetFolderAclResponse } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { toShownError } from '../errors';
import { pluralItems } from '../library/format';
import { queryKeys } from '../library/queries';
import { monoFont, surface } from '../theme';

interface Props {
  path: string;
  onClose(): void;
  onSaved(result: SetFolderAclResponse, before: string[]): void;
}

/**
 * Admins choose which groups may see a folder. `admin` is shown ticked and locked. "Apply to
 * subfolders" gives every folder below the same groups; otherwise they keep their own.
 */
export function PermissionsDialog({ path, onClose, onSaved }: Props) {
  // Asked afresh each time the dialog opens: another admin may have changed them.
  const aclAnswer = useQuery({ queryKey: queryKeys.folderAcl(path), queryFn: () => desktop.folderAcl({ path }), staleTime: 0 });
  // The list is a help, not the dialog's purpose; the ACL's own error says what is wrong.
  const viewersAnswer = useQuery({ queryKey: queryKeys.folderViewers(path), queryFn: () => desktop.folderViewers({ path }), staleTime: 0 });
  const acl = aclAnswer.data ?? null;
  const viewers = viewersAnswer.data ?? null;
  // The groups ticked: the folder's own until the admin changes them.
  const [edited, setEdited] = useState<ReadonlySet<string> | null>(null);
  const chosen = useMemo(() => edited ?? new Set(acl?.aclGroups ?? []), [edited, acl]);
  const [applyBelow, setApplyBelow] = useState(false);
  const [saveError, setError] = useState<string | null>(null);
  const error = saveError ?? (aclAnswer.isError ? toShownError(aclAnswer.error).message : null);
  const [busy, setBusy] = useState(false);

  const changed = acl !== null && (applyBelow || [...chosen].sort().join('\n') !== [...acl.aclGroups].sort().join('\n'));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!acl || busy || !changed) return;
    setBusy(true);
    setError(null);
    try {
      const result = await desktop.setFolderAcl({ path, groups: [...chosen], applyToSubfolders: applyBelow });
      onSaved(result, acl.aclGroups);
    } catch (failure) {
      setError(toShownError(failure).message);
      setBusy(false);
    }
  }

  function toggle(name: string) {
    setEdited(() => {
      const next = new Set(chosen);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  }

  const name = path.split('/').filter(Boolean).at(-1) ?? path;
  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="permissions-title">
      <form onSubmit={(event) => void submit(event)} noValidate>
        <DialogTitle id="permissions-title" sx={{ fontSize: '0.9375rem', fontWeight: 600, pb: 0.5 }}>
          Who may see “{name}”
        </DialogTitle>
        <DialogContent>
          <Typography variant="caption" color="text.secondary" component="div" sx={{ fontFamily: monoFont, mb: 1.5 }}>
            {path}
          </Typography>
          {error && (
            <Alert severity="error" sx={{ mb: 1.5 }}>
              {error}
            </Alert>
          )}
          {!acl && !error && (
            <Box sx={{ display: 'grid', placeItems: 'center', py: 3 }}>
              <CircularProgress size={20} aria-label="Loading permissions" />
            </Box>
          )}
          {acl && (
            <>
              <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                Members of the ticked groups see this folder, its files and their proxies. Everyone else does not know it exists.
              </Typography>
              <Box
                role="group"
                aria-label="Groups"
                sx={{ border: `1px solid ${surface.border}`, borderRadius: 1, maxHeight: 280, overflowY: 'auto', px: 1.5, py: 0.5 }}
              >
                {acl.groups.map((group) => (
                  <FormControlLabel
                    key={group.name}
                    sx={{ display: 'flex', alignItems: 'flex-start', mr: 0, '& .MuiCheckbox-root': { mt: 0.25 } }}
                    control={
                      <Checkbox
                        size="small"
                        checked={group.locked || chosen.has(group.name)}
                        disabled={group.locked || busy}
                        onChange={() => toggle(group.name)}
                      />
                    }
                    label={
                      <Box sx={{ py: 0.5 }}>
                        <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.75 }}>
                          <Typography variant="body2" sx={{ fontWeight: 500 }}>
                            {group.name}
                          </Typography>
                          {group.locked && <LockOutlined sx={{ fontSize: 13, color: 'text.secondary' }} aria-label="always included" />}
                        </Box>
                        {group.description && (
                          <Typography variant="caption" color="text.secondary" component="div" sx={{ lineHeight: 1.35 }}>
                            {group.description}
                          </Typography>
                        )}
                      </Box>
                    }
                  />
                ))}
              </Box>
              <FormControlLabel
                sx={{ mt: 1.5 }}
                control={
                  <Checkbox
                    size="small"
                    checked={applyBelow}
                    disabled={busy || acl.subfolders === 0}
                    onChange={(event) => setApplyBelow(event.target.checked)}
                  />
                }
                label={
                  <Typography variant="body2">
                    Apply to subfolders{acl.subfolders > 0 ? ` (${pluralItems(acl.subfolders, 'folder')})` : ' (none)'}
                  </Typography>
                }
              />
              {applyBelow && (
                <Typography variant="caption" color="warning.light" component="div" sx={{ ml: 4 }}>
                  Replaces the permissions of every folder below; there is no undo for this.
                </Typography>
              )}
              {viewers && <ViewerList viewers={viewers} />}
            </>
          )}
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" disabled={!changed || busy}>
            Save
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/** Who can see the folder as saved now: each person and the groups that let them. */
function ViewerList({ viewers }: { viewers: FolderViewers }) {
  return (
    <Box sx={{ mt: 2 }}>
      <Typography variant="body2" sx={{ fontWeight: 500, mb: 0.5 }}>
        Who can see it now ({viewers.viewers.length} {viewers.viewers.length === 1 ? 'person' : 'people'})
      </Typography>
      <Box
        component="ul"
        aria-label="Who can see this folder"
        sx={{ listStyle: 'none', m: 0, p: 0, border: `1px solid ${surface.border}`, borderRadius: 1, maxHeight: 180, overflowY: 'auto' }}
      >
        {viewers.viewers.map((viewer) => (
          <Box
            component="li"
            key={viewer.id}
            sx={{
              display: 'flex',
              justifyContent: 'space-between',
              gap: 2,
              px: 1.5,
              py: 0.5,
              borderBottom: `1px solid ${surface.border}`,
              '&:last-of-type': { borderBottom: 'none' },
            }}
          >
            <Typography variant="body2" sx={{ color: viewer.enabled ? 'text.primary' : 'text.disabled' }}>
              {viewer.email}
              {!viewer.enabled && ' (disabled)'}
            </Typography>
            <Typography variant="caption" color="text.secondary">
              via {viewer.via.join(', ')}
            </Typography>
          </Box>
        ))}
      </Box>
    </Box>
  );
}
