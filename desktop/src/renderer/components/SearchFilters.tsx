import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { RESOLUTION_CLASSES, type SearchField } from '@rushes/shared';
import { splitFilters, withFilter } from '../library/searchText';
import { surface } from '../theme';

interface Props {
  text: string;
  onChange(text: string): void;
  /** The folder being browsed, offered as the scope; `` at the root. */
  folderPath: string;
}

const choices: { field: SearchField; label: string; options: { value: string; label: string }[] }[] = [
  { field: 'kind', label: 'Kind', options: ['video', 'audio', 'image', 'raw', 'sidecar', 'other'].map((v) => ({ value: v, label: v })) },
  { field: 'res', label: 'Resolution', options: RESOLUTION_CLASSES.map((v) => ({ value: v, label: v === 'fullhd' ? 'Full HD / 2K' : v.toUpperCase() })) },
  {
    field: 'fps',
    label: 'Frame rate',
    options: ['23.976', '24', '25', '29.97', '30', '50', '59.94', '60'].map((v) => ({ value: v, label: v })),
  },
  { field: 'status', label: 'Status', options: ['ready', 'processing', 'failed', 'uploading'].map((v) => ({ value: v, label: v })) },
  { field: 'loc', label: 'Location', options: [{ value: 'S3', label: 'S3 only' }, { value: 'S3_FSX', label: 'On edit share' }] },
];

/** The filters of a search, written into and read from the one query text. */
export function SearchFilters({ text, onChange, folderPath }: Props) {
  const { filters } = splitFilters(text);
  const set = (field: SearchField, value: string | null) => onChange(withFilter(text, field, value));
  const range = (field: SearchField, side: 0 | 1, value: string) => {
    const [from = '', to = ''] = (filters.get(field) ?? '').split('..');
    const next = side === 0 ? [value, to] : [from, value];
    set(field, next[0] === '' && next[1] === '' ? null : `${next[0]}..${next[1]}`);
  };
  const part = (field: SearchField, side: 0 | 1) => (filters.get(field) ?? '').split('..')[side] ?? '';
  const small = { size: 'small' as const, fullWidth: false, sx: { width: 136 } };
  return (
    <Box
      role="search"
      aria-label="Search filters"
      sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1, px: 1.5, py: 1, backgroundColor: surface.panel, borderBottom: `1px solid ${surface.border}` }}
    >
      {choices.map(({ field, label, options }) => (
        <TextField key={field} select label={label} value={filters.get(field) ?? ''} onChange={(event) => set(field, event.target.value || null)} {...small}>
          <MenuItem value="">Any</MenuItem>
          {options.map((option) => (
            <MenuItem key={option.value} value={option.value}>
              {option.label}
            </MenuItem>
          ))}
        </TextField>
      ))}
      <TextField label="Codec" placeholder="prores" value={filters.get('codec') ?? ''} onChange={(event) => set('codec', event.target.value.trim() || null)} {...small} />
      {/* Not trimmed while typing: a tag may have spaces ("night shoot"); search trims it. */}
      <TextField label="Tag" placeholder="hero" value={filters.get('tag') ?? ''} onChange={(event) => set('tag', event.target.value.trim() ? event.target.value : null)} {...small} />
      <TextField label="Min length" placeholder="10s" value={part('dur', 0)} onChange={(event) => range('dur', 0, event.target.value.trim())} size="small" fullWidth={false} sx={{ width: 104 }} />
      <TextField label="Max length" placeholder="2m" value={part('dur', 1)} onChange={(event) => range('dur', 1, event.target.value.trim())} size="small" fullWidth={false} sx={{ width: 104 }} />
      <TextField label="From" type="date" value={part('date', 0)} onChange={(event) => range('date', 0, event.target.value)} size="small" fullWidth={false} sx={{ width: 150 }} slotProps={{ inputLabel: { shrink: true } }} />
      <TextField label="To" type="date" value={part('date', 1)} onChange={(event) => range('date', 1, event.target.value)} size="small" fullWidth={false} sx={{ width: 150 }} slotProps={{ inputLabel: { shrink: true } }} />
      <TextField
        select
        label="Where"
        value={filters.has('in') ? 'folder' : 'all'}
        onChange={(event) => set('in', event.target.value === 'folder' && folderPath ? folderPath : null)}
        size="small"
        fullWidth={false}
        sx={{ width: 200 }}
      >
        <MenuItem value="all">Whole library</MenuItem>
        <MenuItem value="folder" disabled={folderPath === '' && !filters.has('in')}>
          {filters.get('in') ?? (folderPath || 'This folder')}
        </MenuItem>
      </TextField>
      <Button size="small" color="inherit" onClick={() => onChange(splitFilters(text).words)} disabled={filters.size === 0}>
        Clear filters
      </Button>
    </Box>
  );
}
