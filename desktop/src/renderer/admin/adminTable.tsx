import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import CircularProgress from '@mui/material/CircularProgress';
import Alert from '@mui/material/Alert';
import type { GroupView } from '@rushes/shared';
import { surface, visuallyHidden } from '../theme';

/** The frame every admin tab shares: a bar of tools above a scrolling table. */
export function TabFrame({
  tools,
  loading,
  error,
  children,
}: {
  tools: ReactNode;
  loading: boolean;
  error: string | null;
  children: ReactNode;
}) {
  return (
    <Box sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
      <Box
        sx={{
          display: 'flex',
          alignItems: 'center',
          gap: 1.5,
          px: 2.5,
          py: 1.25,
          borderBottom: `1px solid ${surface.border}`,
          flexWrap: 'wrap',
        }}
      >
        {tools}
      </Box>
      {error && (
        <Alert severity="error" sx={{ m: 2 }}>
          {error}
        </Alert>
      )}
      <Box sx={{ flex: 1, minHeight: 0, overflow: 'auto', position: 'relative' }}>
        {loading ? (
          <Box sx={{ display: 'grid', placeItems: 'center', py: 6 }}>
            <CircularProgress size={22} aria-label="Loading" />
          </Box>
        ) : (
          children
        )}
      </Box>
    </Box>
  );
}

/** Header cells of admin tables: sticky, small caps, quiet. */
export const headCell = {
  backgroundColor: surface.panel,
  color: 'text.secondary',
  fontSize: '0.75rem',
  fontWeight: 600,
  whiteSpace: 'nowrap',
  py: 1,
} as const;

/** The count at the left of a tab's tool bar ("3 groups"), pushing the tools to the right. */
export function ToolsCount({ children }: { children: ReactNode }) {
  return (
    <Typography variant="body2" color="text.secondary" sx={{ mr: 'auto' }}>
      {children}
    </Typography>
  );
}

/** A header cell: a plain label, or one aligned right (counts). */
export type AdminColumn = string | { label: string; align: 'right' };

/**
 * The table of an admin tab: its header cells, a last column of row actions (named for
 * screen readers only), and a quiet full-width row in place of rows when `empty` is given.
 */
export function AdminTable({
  label,
  columns,
  actionsWidth,
  empty,
  children,
}: {
  label: string;
  columns: readonly AdminColumn[];
  actionsWidth: number;
  empty?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Table size="small" stickyHeader aria-label={label}>
      <TableHead>
        <TableRow>
          {columns.map((column) =>
            typeof column === 'string' ? (
              <TableCell key={column} sx={headCell}>
                {column}
              </TableCell>
            ) : (
              <TableCell key={column.label} sx={headCell} align={column.align}>
                {column.label}
              </TableCell>
            ),
          )}
          <TableCell sx={{ ...headCell, width: actionsWidth }}>
            <Box component="span" sx={visuallyHidden}>
              Actions
            </Box>
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {children}
        {empty ? (
          <TableRow>
            <TableCell colSpan={columns.length + 1} sx={{ color: 'text.secondary', py: 4, textAlign: 'center', borderBottom: 'none' }}>
              {empty}
            </TableCell>
          </TableRow>
        ) : null}
      </TableBody>
    </Table>
  );
}

export function GroupChipList({ groups }: { groups: readonly string[] }) {
  if (groups.length === 0)
    return (
      <Box component="span" sx={{ color: 'text.disabled', fontSize: '0.8125rem' }}>
        none
      </Box>
    );
  return (
    <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
      {groups.map((group) => (
        <Chip key={group} size="small" variant="outlined" label={group} color={group === 'admin' ? 'primary' : 'default'} />
      ))}
    </Box>
  );
}

/** A checkbox per group, with its description: how forms pick groups for a user or a workstation. */
export function GroupChecklist({
  groups,
  chosen,
  disabled,
  onChange,
}: {
  groups: readonly GroupView[];
  chosen: ReadonlySet<string>;
  disabled: boolean;
  onChange(next: ReadonlySet<string>): void;
}) {
  return (
    <Box
      role="group"
      aria-label="Groups"
      sx={{ border: `1px solid ${surface.border}`, borderRadius: 1, maxHeight: 220, overflowY: 'auto', px: 1.5, py: 0.5 }}
    >
      {groups.map((group) => (
        <FormControlLabel
          key={group.name}
          sx={{ display: 'flex', mr: 0 }}
          control={
            <Checkbox
              size="small"
              disabled={disabled}
              checked={chosen.has(group.name)}
              onChange={() => {
                const next = new Set(chosen);
                if (next.has(group.name)) next.delete(group.name);
                else next.add(group.name);
                onChange(next);
              }}
            />
          }
          label={
            <Typography variant="body2">
              {group.name}
              {group.description && (
                <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 1 }}>
                  {group.description}
                </Typography>
              )}
            </Typography>
          }
        />
      ))}
    </Box>
  );
}
