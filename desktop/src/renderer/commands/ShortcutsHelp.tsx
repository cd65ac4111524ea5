import Box from '@mui/material/Box';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import CloseRounded from '@mui/icons-material/CloseRounded';
import { monoFont, surface } from '../theme';
import { shortcutRows } from './registry';

/** A key cap, the way menus and the help print a binding. */
function Keys({ keys }: { keys: readonly string[] }) {
  return (
    <>
      {keys.map((key, index) => (
        <Box component="span" key={key}>
          {index > 0 && (
            <Box component="span" sx={{ color: 'text.secondary' }}>
              {' or '}
            </Box>
          )}
          <Box
            component="kbd"
            sx={{
              fontFamily: monoFont,
              fontSize: '0.75rem',
              px: 0.75,
              py: 0.25,
              borderRadius: 0.75,
              border: `1px solid ${surface.border}`,
              backgroundColor: surface.raised,
              whiteSpace: 'nowrap',
            }}
          >
            {key}
          </Box>
        </Box>
      ))}
    </>
  );
}

/** Every keyboard shortcut, generated from the command registry, one table per group. */
export function ShortcutsHelp({ onClose }: { onClose(): void }) {
  const sections = shortcutRows();
  return (
    <Dialog open onClose={onClose} maxWidth="lg" fullWidth aria-labelledby="shortcuts-title" scroll="paper">
      <DialogTitle id="shortcuts-title" sx={{ fontSize: '0.9375rem', fontWeight: 600, pr: 6 }}>
        Keyboard shortcuts
      </DialogTitle>
      <IconButton aria-label="Close" onClick={onClose} size="small" sx={{ position: 'absolute', right: 12, top: 12 }}>
        <CloseRounded fontSize="small" />
      </IconButton>
      {/* Two columns of group tables, each kept whole, so the whole list fits a laptop screen. */}
      {/* Focusable so the long list scrolls with the arrow keys, not only the wheel. */}
      <DialogContent dividers tabIndex={0} aria-label="Shortcut list" sx={{ columnCount: { xs: 1, md: 2 }, columnGap: 5 }}>
        {sections.map(({ group, rows }) => (
          <Table key={group} size="small" aria-label={group} sx={{ mb: 2.5, tableLayout: 'fixed', breakInside: 'avoid' }}>
            <TableHead>
              <TableRow>
                <TableCell component="th" scope="col" sx={{ width: '45%', fontWeight: 600, color: 'text.primary' }}>
                  {group}
                </TableCell>
                <TableCell component="th" scope="col" sx={{ fontWeight: 600, color: 'text.secondary' }}>
                  Keys
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((row) => (
                <TableRow key={row.id}>
                  <TableCell component="th" scope="row" sx={{ fontWeight: 400 }}>
                    {row.label}
                  </TableCell>
                  <TableCell>
                    <Keys keys={row.keys} />
                    {row.note && (
                      <Box component="span" sx={{ color: 'text.secondary', fontSize: '0.75rem' }}>
                        {` (${row.note})`}
                      </Box>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ))}
      </DialogContent>
    </Dialog>
  );
}
