import { useEffect, useState } from 'react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import FileDownloadOutlined from '@mui/icons-material/FileDownloadOutlined';
import { auditActions, auditCsv, describeDetails, type AuditEvent, type AuditQueryInput } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { useToast } from '../components/Toasts';
import { toShownError } from '../errors';
import { pluralItems } from '../library/format';
import { queryKeys } from '../library/queries';
import { monoFont } from '../theme';
import { TabFrame, headCell } from './adminTable';

interface Filters {
  actor: string;
  action: string;
  target: string;
  /** `datetime-local` values, in the admin's time zone. */
  from: string;
  to: string;
}

const EMPTY: Filters = { actor: '', action: '', target: '', from: '', to: '' };
/** Export stops here, so a runaway filter cannot hang the app; narrow the dates for more. */
const MAX_EXPORT_ROWS = 100_000;

function toQuery(filters: Filters): AuditQueryInput {
  return {
    ...(filters.actor.trim() ? { actor: filters.actor.trim().toLowerCase() } : {}),
    ...(filters.action ? { action: filters.action as AuditQueryInput['action'] } : {}),
    ...(filters.target ? { target: filters.target } : {}),
    ...(filters.from ? { since: new Date(filters.from).toISOString() } : {}),
    ...(filters.to ? { until: new Date(filters.to).toISOString() } : {}),
  };
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

const outcomeColour = { succeeded: 'default', denied: 'warning', failed: 'error' } as const;

/** Who did what, when, newest first; filters, and CSV export of everything that matches. */
export function AuditTab() {
  const toast = useToast();
  const [filters, setFilters] = useState<Filters>(EMPTY);
  // Typing pauses this long before the log is asked: one query per pause, not one per key.
  const [sent, setSent] = useState<Filters>(EMPTY);
  useEffect(() => {
    if (sent === filters) return;
    const timer = setTimeout(() => setSent(filters), 250);
    return () => clearTimeout(timer);
  }, [filters, sent]);
  const log = useInfiniteQuery({
    queryKey: [...queryKeys.admin('audit'), toQuery(sent)],
    queryFn: ({ pageParam }) => desktop.listAudit({ ...toQuery(sent), limit: 200, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    // Events keep coming, and the feed does not carry them: each visit asks again.
    staleTime: 0,
    // The last filter's events stay on screen while the next filter is asked.
    placeholderData: keepPreviousData,
  });
  // An older page that fails is said in a toast; the events shown stay.
  const failure = log.isError && !log.isFetchNextPageError ? toShownError(log.error) : null;
  const error = failure ? { message: failure.message, field: failure.field } : null;
  const events = log.data?.pages.flatMap((page) => page.events) ?? (error ? [] : null);
  const [exporting, setExporting] = useState(false);
  const busy = exporting || log.isFetchingNextPage;

  async function more() {
    const result = await log.fetchNextPage();
    if (result.isFetchNextPageError) toast(toShownError(result.error).message, 'error');
  }

  async function exportCsv() {
    setExporting(true);
    try {
      const all: AuditEvent[] = [];
      let next: string | undefined;
      do {
        const page = await desktop.listAudit({ ...toQuery(filters), limit: 500, ...(next ? { cursor: next } : {}) });
        all.push(...page.events);
        next = page.nextCursor ?? undefined;
      } while (next && all.length < MAX_EXPORT_ROWS);
      const url = URL.createObjectURL(new Blob([auditCsv(all)], { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `rushes-audit-${new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '')}.csv`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      toast(`Exported ${pluralItems(all.length, 'event')}${next ? ' (the first 100,000; narrow the dates for the rest)' : ''}`, 'success');
    } catch (failure) {
      toast(toShownError(failure).message, 'error');
    } finally {
      setExporting(false);
    }
  }

  const set = (key: keyof Filters) => (event: { target: { value: string } }) =>
    setFilters((current) => ({ ...current, [key]: event.target.value }));
  const fieldError = (field: string) => (error?.field === field ? error.message : undefined);
  const filtered = Object.values(filters).some(Boolean);
  /** A filter typed as text (its key is the field the server names when it refuses it). */
  const textFilter = (key: 'actor' | 'target', label: string, placeholder: string, width: number) => (
    <TextField
      size="small"
      label={label}
      placeholder={placeholder}
      value={filters[key]}
      onChange={set(key)}
      sx={{ width }}
      error={!!fieldError(key)}
      helperText={fieldError(key)}
    />
  );
  return (
    <TabFrame
      loading={events === null}
      error={error && !['actor', 'action', 'target', 'since', 'until'].includes(error.field ?? '') ? error.message : null}
      tools={
        <>
          {textFilter('actor', 'Who', 'email', 200)}
          <TextField select size="small" label="Action" value={filters.action} onChange={set('action')} sx={{ width: 190 }}>
            <MenuItem value="">Any action</MenuItem>
            {auditActions.map((action) => (
              <MenuItem key={action} value={action}>
                {action}
              </MenuItem>
            ))}
          </TextField>
          {textFilter('target', 'Asset or target', 'path starts with', 240)}
          {(
            [
              ['from', 'From', 'since'],
              ['to', 'Until', 'until'],
            ] as const
          ).map(([key, label, field]) => (
            <TextField
              key={key}
              size="small"
              type="datetime-local"
              label={label}
              value={filters[key]}
              onChange={set(key)}
              sx={{ width: 230 }}
              slotProps={{ inputLabel: { shrink: true } }}
              error={!!fieldError(field)}
              helperText={fieldError(field)}
            />
          ))}
          {filtered && (
            <Button color="inherit" onClick={() => setFilters(EMPTY)}>
              Clear
            </Button>
          )}
          <Box sx={{ flex: 1 }} />
          <Button
            variant="outlined"
            startIcon={<FileDownloadOutlined />}
            disabled={busy || !events?.length}
            onClick={() => void exportCsv()}
          >
            Export CSV
          </Button>
        </>
      }
    >
      <Table size="small" stickyHeader aria-label="Audit log">
        <TableHead>
          <TableRow>
            <TableCell sx={{ ...headCell, width: 150 }}>Time</TableCell>
            <TableCell sx={headCell}>Who</TableCell>
            <TableCell sx={headCell}>Action</TableCell>
            <TableCell sx={headCell}>Outcome</TableCell>
            <TableCell sx={headCell}>Target</TableCell>
            <TableCell sx={headCell}>Address</TableCell>
            <TableCell sx={headCell}>Details</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {(events ?? []).map((event) => (
            <TableRow key={event.id} hover sx={{ verticalAlign: 'top' }}>
              <TableCell sx={{ whiteSpace: 'nowrap', color: 'text.secondary', fontVariantNumeric: 'tabular-nums' }} title={event.at}>
                {formatTime(event.at)}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{event.actor}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap', fontFamily: monoFont, fontSize: '0.75rem' }}>{event.action}</TableCell>
              <TableCell>
                <Chip size="small" variant="outlined" color={outcomeColour[event.outcome]} label={event.outcome} />
              </TableCell>
              <TableCell sx={{ wordBreak: 'break-all', maxWidth: 320 }}>{event.target || '—'}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap', fontFamily: monoFont, fontSize: '0.75rem' }}>{event.address ?? '—'}</TableCell>
              <TableCell sx={{ color: 'text.secondary', fontSize: '0.75rem', wordBreak: 'break-word', maxWidth: 420 }}>
                {describeDetails(event.details)}
              </TableCell>
            </TableRow>
          ))}
          {events?.length === 0 && !error && (
            <TableRow>
              <TableCell colSpan={7} sx={{ color: 'text.secondary', py: 4, textAlign: 'center', borderBottom: 'none' }}>
                {filtered ? 'Nothing matches these filters.' : 'Nothing has been recorded yet.'}
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      {log.hasNextPage && (
        <Box sx={{ display: 'grid', placeItems: 'center', py: 1.5 }}>
          <Button disabled={busy} onClick={() => void more()}>
            Show older events
          </Button>
        </Box>
      )}
      {events && events.length > 0 && (
        <Typography variant="caption" color="text.secondary" component="div" sx={{ px: 2.5, pb: 1.5 }}>
          The audit log cannot be changed or deleted from Rushes.
        </Typography>
      )}
    </TabFrame>
  );
}
