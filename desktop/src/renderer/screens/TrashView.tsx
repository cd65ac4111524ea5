import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import CircularProgress from '@mui/material/CircularProgress';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import DeleteForeverOutlined from '@mui/icons-material/DeleteForeverOutlined';
import RestoreFromTrashOutlined from '@mui/icons-material/RestoreFromTrashOutlined';
import type { AssetView } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { EmptyFolder } from '../components/EmptyLibrary';
import { MediaIcon } from '../components/MediaIcon';
import { useToast } from '../components/Toasts';
import { ConfirmDialog } from '../dialogs/ConfirmDialog';
import { toShownError } from '../errors';
import { formatDate, formatSize, pluralItems } from '../library/format';
import { describeFailures, nameIndex, purge, restore } from '../library/operations';
import { queryKeys } from '../library/queries';
import { surface } from '../theme';

interface Props {
  isAdmin: boolean;
  /** Something was restored or deleted forever: the library and the trash list again. */
  onChanged(): void;
}

type Row = {
  key: string;
  name: string;
  kind: AssetView['kind'] | 'folder';
  location: string;
  size: string;
  trashedAt: string;
  trashedBy: string;
};

/** What was deleted: restore it, or (admins) delete it forever. */
export function TrashView({ isAdmin, onChanged }: Props) {
  const toast = useToast();
  // Listed afresh on each visit (the last answer shows meanwhile); the feed keeps it current while shown.
  const trashQuery = useQuery({ queryKey: queryKeys.trash, queryFn: () => desktop.listTrash(), staleTime: 0 });
  const contents = trashQuery.data ?? null;
  const error = trashQuery.isError ? toShownError(trashQuery.error).message : null;
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [confirmPurge, setConfirmPurge] = useState(false);
  const [busy, setBusy] = useState(false);

  const rows = useMemo<Row[]>(() => {
    if (!contents) return [];
    const parent = (path: string) => path.replace(/[^/]+\/$/, '') || '/';
    return [
      ...contents.folders.map((folder) => ({
        key: folder.path,
        name: folder.name,
        kind: 'folder' as const,
        location: parent(folder.path),
        size: '',
        trashedAt: folder.trash?.trashedAt ?? '',
        trashedBy: folder.trash?.trashedBy ?? '',
      })),
      ...contents.assets.map((asset) => ({
        key: asset.id,
        name: asset.name,
        kind: asset.kind,
        location: asset.folderPath || '/',
        size: formatSize(asset.size),
        trashedAt: asset.trash?.trashedAt ?? '',
        trashedBy: asset.trash?.trashedBy ?? '',
      })),
    ];
  }, [contents]);

  const live = rows.filter((row) => checked.has(row.key));
  const split = () => ({
    assetIds: live.filter((row) => row.kind !== 'folder').map((row) => row.key),
    folderPaths: live.filter((row) => row.kind === 'folder').map((row) => row.key),
  });

  async function act(kind: 'restore' | 'purge') {
    const { assetIds, folderPaths } = split();
    setBusy(true);
    try {
      const result = kind === 'restore' ? await restore(assetIds, folderPaths) : await purge(assetIds, folderPaths);
      const failed = describeFailures(
        kind === 'restore' ? 'restore' : 'delete',
        result,
        nameIndex(contents?.assets ?? [], contents?.folders ?? []),
      );
      toast(
        failed ?? `${kind === 'restore' ? 'Restored' : 'Deleted forever:'} ${pluralItems(result.done.length)}`,
        failed ? 'error' : 'success',
      );
      setChecked(new Set());
      onChanged();
    } catch (failure) {
      toast(toShownError(failure).message, 'error');
    } finally {
      setBusy(false);
      setConfirmPurge(false);
    }
  }

  const toggle = (key: string) =>
    setChecked((previous) => {
      const next = new Set(previous);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  return (
    <Box sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
      <Box
        sx={{
          height: 40,
          flexShrink: 0,
          display: 'flex',
          alignItems: 'center',
          gap: 1,
          px: 1.5,
          borderBottom: `1px solid ${surface.border}`,
        }}
      >
        <Button
          startIcon={<RestoreFromTrashOutlined fontSize="small" />}
          color="inherit"
          disabled={live.length === 0 || busy}
          onClick={() => void act('restore')}
        >
          Restore
        </Button>
        {isAdmin && (
          <Button
            startIcon={<DeleteForeverOutlined fontSize="small" />}
            color="error"
            disabled={live.length === 0 || busy}
            onClick={() => setConfirmPurge(true)}
          >
            Delete forever
          </Button>
        )}
        <Box sx={{ flex: 1 }} />
        <Typography variant="body2" color="text.secondary">
          {live.length > 0 ? `${live.length} selected · ` : ''}
          {pluralItems(rows.length)} in trash
        </Typography>
      </Box>
      {contents === null && !error ? (
        <Box sx={{ flex: 1, display: 'grid', placeItems: 'center' }}>
          <CircularProgress size={22} aria-label="Loading trash" />
        </Box>
      ) : error ? (
        <EmptyFolder title="The trash could not be listed" detail={error} />
      ) : rows.length === 0 ? (
        <EmptyFolder title="Trash is empty" detail="Deleted files and folders wait here until an admin deletes them forever." />
      ) : (
        <Box sx={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
          <Table
            size="small"
            stickyHeader
            aria-label="Trash"
            sx={{ '& td, & th': { fontSize: '0.78rem', borderColor: surface.border, py: 0.5 } }}
          >
            <TableHead>
              <TableRow>
                <TableCell padding="checkbox" sx={{ backgroundColor: surface.panel }}>
                  <Checkbox
                    size="small"
                    inputProps={{ 'aria-label': 'Select all' }}
                    checked={live.length === rows.length}
                    indeterminate={live.length > 0 && live.length < rows.length}
                    onChange={(event) => setChecked(new Set(event.target.checked ? rows.map((row) => row.key) : []))}
                  />
                </TableCell>
                {['Name', 'Original location', 'Size', 'Deleted', 'Deleted by'].map((label) => (
                  <TableCell key={label} sx={{ backgroundColor: surface.panel, color: 'text.secondary', fontWeight: 600 }}>
                    {label}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((row) => (
                <TableRow key={row.key} hover selected={checked.has(row.key)} onClick={() => toggle(row.key)} sx={{ cursor: 'default' }}>
                  <TableCell padding="checkbox">
                    <Checkbox size="small" checked={checked.has(row.key)} inputProps={{ 'aria-label': `Select ${row.name}` }} />
                  </TableCell>
                  <TableCell>
                    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
                      <MediaIcon kind={row.kind} sx={{ fontSize: 16 }} />
                      {row.name}
                    </Box>
                  </TableCell>
                  <TableCell sx={{ color: 'text.secondary' }}>{row.location}</TableCell>
                  <TableCell sx={{ color: 'text.secondary' }}>{row.size}</TableCell>
                  <TableCell sx={{ color: 'text.secondary' }}>{row.trashedAt && formatDate(row.trashedAt)}</TableCell>
                  <TableCell sx={{ color: 'text.secondary' }}>{row.trashedBy}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
      <ConfirmDialog
        open={confirmPurge}
        title={`Delete ${pluralItems(live.length)} forever?`}
        confirmLabel="Delete forever"
        destructive
        busy={busy}
        onClose={() => setConfirmPurge(false)}
        onConfirm={() => void act('purge')}
      >
        The files are removed from storage. This cannot be undone.
      </ConfirmDialog>
    </Box>
  );
}
