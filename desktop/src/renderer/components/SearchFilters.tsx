import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { RESOLUTION_CLASSES, type SearchField } from '@rushes/shared';
import { lastValue, splitFilters, withFilter } from '../library/searchText';
import { ReviewFilters } from '../review/ReviewFilters';
import { surface } from '../theme';

interface Props {
  text: string;
  onChange(text: string): void;
  /** The folder being browsed, offered as the scope; `` at the root. */
  folderPath: string;
}

/** Fields whose values are alternatives (any of them matches): several may be picked. */
const choices: { field: SearchField; label: string; options: { value: string; label: string }[] }[] = [
  { field: 'kind', label: 'Kind', options: ['video', 'audio', 'image', 'raw', 'sidecar', 'other'].map((v) => ({ value: v, label: v })) },
  {
    field: 'res',
    label: 'Resolution',
    options: RESOLUTION_CLASSES.map((v) => ({ value: v, label: v === 'fullhd' ? 'Full HD / 2K' : v.toUpperCase() })),
  },
  {
    field: 'fps',
    label: 'Frame rate',
    options: ['23.976', '24', '25', '29.97', '30', '50', '59.94', '60'].map((v) => ({ value: v, label: v })),
  },
  { field: 'status', label: 'Status', options: ['ready', 'processing', 'failed', 'uploading'].map((v) => ({ value: v, label: v })) },
];
const locations = [
  { value: 'S3', label: 'S3 only' },
  { value: 'S3_FSX', label: 'On edit share' },
];
/**
 * What crews say, as the camera and sound report wrote it: any of several values (a take of
 * 3 or 4). `*` ends a prefix (`A002*` for ARRI's `A002R2EC`); lens and ISO are typed as terms.
 */
const production: { field: SearchField; label: string; placeholder: string; hint: string }[] = [
  { field: 'scene', label: 'Scene', placeholder: '12A', hint: 'Any of these scenes, whole (12A is not 12AB)' },
  { field: 'take', label: 'Take', placeholder: '3', hint: 'Any of these takes (3 also finds 03)' },
  { field: 'reel', label: 'Reel', placeholder: 'A002*', hint: 'Any of these reels or sound rolls; end with * for a prefix' },
  { field: 'camera', label: 'Camera', placeholder: 'A', hint: 'Cameras whose name holds these words (A finds ALEXA 35 (A))' },
];
/** Offered as you type a codec; any other name ffprobe reports can be typed. */
const CODECS = ['prores', 'dnxhd', 'h264', 'hevc', 'mjpeg', 'jpeg2000', 'pcm_s24le', 'pcm_s16le', 'aac'];
/** Fields of free values, shown as chips: codec and tag, then the production fields. */
const valueLists: { field: SearchField; label: string; placeholder: string; hint: string; options: readonly string[] }[] = [
  { field: 'codec', label: 'Codec', placeholder: 'prores', hint: 'Any of these codecs', options: CODECS },
  { field: 'tag', label: 'Tag', placeholder: 'hero', hint: 'Every one of these tags', options: [] },
  ...production.map((entry) => ({ ...entry, options: [] })),
];
/** Ranges written as one `from..to` value: a field for each end. */
const ranges: { field: SearchField; type?: 'date'; width: number; ends: [RangeEnd, RangeEnd] }[] = [
  {
    field: 'dur',
    width: 104,
    ends: [
      { label: 'Min length', placeholder: '10s' },
      { label: 'Max length', placeholder: '2m' },
    ],
  },
  { field: 'date', type: 'date', width: 150, ends: [{ label: 'From' }, { label: 'To' }] },
];
interface RangeEnd {
  label: string;
  placeholder?: string;
}

/** The filters of a search, written into and read from the one query text. */
export function SearchFilters({ text, onChange, folderPath }: Props) {
  const { filters } = splitFilters(text);
  const set = (field: SearchField, values: readonly string[]) => onChange(withFilter(text, field, values));
  const range = (field: SearchField, side: 0 | 1, value: string) => {
    const [from = '', to = ''] = lastValue(filters, field).split('..');
    const next = side === 0 ? [value, to] : [from, value];
    set(field, next[0] === '' && next[1] === '' ? [] : [`${next[0]}..${next[1]}`]);
  };
  const part = (field: SearchField, side: 0 | 1) => lastValue(filters, field).split('..')[side] ?? '';
  const small = { size: 'small' as const, fullWidth: false, sx: { width: 136 } };
  return (
    <Box
      role="search"
      aria-label="Search filters"
      sx={{
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        gap: 1,
        px: 1.5,
        py: 1,
        backgroundColor: surface.panel,
        borderBottom: `1px solid ${surface.border}`,
      }}
    >
      {choices.map(({ field, label, options }) => {
        const picked = filters.get(field) ?? [];
        const labelOf = (value: string) => options.find((option) => option.value === value)?.label ?? value;
        return (
          <TextField
            key={field}
            select
            label={label}
            value={picked}
            onChange={(event) => set(field, event.target.value as unknown as string[])}
            {...small}
            slotProps={{
              select: {
                multiple: true,
                displayEmpty: true,
                renderValue: (value) => ((value as string[]).length === 0 ? 'Any' : (value as string[]).map(labelOf).join(', ')),
              },
              inputLabel: { shrink: true },
            }}
          >
            {options.map((option) => (
              <MenuItem key={option.value} value={option.value} dense>
                <Checkbox size="small" checked={picked.includes(option.value)} sx={{ p: 0.25, mr: 1 }} />
                <ListItemText primary={option.label} />
              </MenuItem>
            ))}
          </TextField>
        );
      })}
      <TextField
        select
        label="Location"
        value={lastValue(filters, 'loc')}
        onChange={(event) => set('loc', event.target.value ? [event.target.value] : [])}
        {...small}
        slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
      >
        <MenuItem value="">Any</MenuItem>
        {locations.map((option) => (
          <MenuItem key={option.value} value={option.value}>
            {option.label}
          </MenuItem>
        ))}
      </TextField>
      {valueLists.map(({ field, label, placeholder, hint, options }) => (
        <ValueList
          key={field}
          label={label}
          placeholder={placeholder}
          hint={hint}
          options={options}
          values={filters.get(field) ?? []}
          onChange={(values) => set(field, values)}
        />
      ))}
      {ranges.map(({ field, type, width, ends }) =>
        ([0, 1] as const).map((side) => (
          <TextField
            key={ends[side].label}
            label={ends[side].label}
            placeholder={ends[side].placeholder}
            type={type}
            value={part(field, side)}
            // Trimming changes nothing a date input gives; a typed length may carry spaces.
            onChange={(event) => range(field, side, event.target.value.trim())}
            size="small"
            fullWidth={false}
            sx={{ width }}
            // A date input draws its own mask, which an unshrunk label would cover.
            slotProps={type === 'date' ? { inputLabel: { shrink: true } } : undefined}
          />
        )),
      )}
      <TextField
        select
        label="Where"
        value={filters.has('in') ? 'folder' : 'all'}
        onChange={(event) => set('in', event.target.value === 'folder' && folderPath ? [folderPath] : [])}
        size="small"
        fullWidth={false}
        sx={{ width: 200 }}
      >
        <MenuItem value="all">Whole library</MenuItem>
        <MenuItem value="folder" disabled={folderPath === '' && !filters.has('in')}>
          {lastValue(filters, 'in') || folderPath || 'This folder'}
        </MenuItem>
      </TextField>
      <ReviewFilters filters={filters} set={(field, values) => onChange(withFilter(text, field, values))} />
      <Button size="small" color="inherit" onClick={() => onChange(splitFilters(text).words)} disabled={filters.size === 0}>
        Clear filters
      </Button>
    </Box>
  );
}

/**
 * Several free values of one field as chips: Enter (or leaving the field) adds what was
 * typed, Backspace or a chip's cross removes one.
 */
function ValueList({
  label,
  placeholder,
  hint,
  options,
  values,
  onChange,
}: {
  label: string;
  placeholder: string;
  hint: string;
  options: readonly string[];
  values: readonly string[];
  onChange(values: string[]): void;
}) {
  return (
    <Autocomplete
      multiple
      freeSolo
      autoSelect
      size="small"
      options={options as string[]}
      value={values as string[]}
      onChange={(_event, next) => onChange([...new Set(next.map((value) => value.trim()).filter(Boolean))])}
      renderValue={(value, getItemProps) =>
        value.map((item, index) => {
          const { key, ...itemProps } = getItemProps({ index });
          return <Chip key={key} size="small" label={item} {...itemProps} />;
        })
      }
      renderInput={(params) => <TextField {...params} label={label} placeholder={values.length === 0 ? placeholder : ''} title={hint} />}
      sx={{ minWidth: 136, maxWidth: 320 }}
    />
  );
}
