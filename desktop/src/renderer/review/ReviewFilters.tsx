import { useState } from 'react';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { MAX_RATING, REVIEW_STATUSES } from '@rushes/shared';
import { lastValue, type FilterField, type ReviewFilterField } from '../library/searchText';
import { statusLook } from './takeMarks';

interface Props {
  filters: ReadonlyMap<FilterField, readonly string[]>;
  set(field: ReviewFilterField, values: readonly string[]): void;
}

const small = { size: 'small' as const, fullWidth: false };

/**
 * The review filters of a search, written into the one query text as `circled:yes`,
 * `rating:>=4`, `review:approved`, `has:notes` and `note:"…"`.
 */
export function ReviewFilters({ filters, set }: Props) {
  const statuses = filters.get('review') ?? [];
  const noteText = lastValue(filters, 'note');
  return (
    <>
      <TextField
        select
        label="Circled"
        value={lastValue(filters, 'circled')}
        onChange={(event) => set('circled', event.target.value ? [event.target.value] : [])}
        {...small}
        sx={{ width: 120 }}
        slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
      >
        <MenuItem value="">Any</MenuItem>
        <MenuItem value="yes">Circled</MenuItem>
        <MenuItem value="no">Not circled</MenuItem>
      </TextField>
      <TextField
        select
        label="Rating"
        value={lastValue(filters, 'rating')}
        onChange={(event) => set('rating', event.target.value ? [event.target.value] : [])}
        {...small}
        sx={{ width: 132 }}
        slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
      >
        <MenuItem value="">Any</MenuItem>
        {Array.from({ length: MAX_RATING }, (_, index) => MAX_RATING - index).map((stars) => (
          <MenuItem key={stars} value={stars === MAX_RATING ? String(stars) : `>=${stars}`}>
            {'★'.repeat(stars)}
            {stars === MAX_RATING ? '' : ' or more'}
          </MenuItem>
        ))}
        <MenuItem value="0">Not rated</MenuItem>
      </TextField>
      <TextField
        select
        label="Review"
        value={statuses}
        onChange={(event) => set('review', event.target.value as unknown as string[])}
        {...small}
        sx={{ width: 150 }}
        slotProps={{
          select: {
            multiple: true,
            displayEmpty: true,
            renderValue: (value) =>
              (value as string[]).length === 0
                ? 'Any'
                : (value as string[]).map((status) => statusLook[status as keyof typeof statusLook]?.label ?? status).join(', '),
          },
          inputLabel: { shrink: true },
        }}
      >
        {REVIEW_STATUSES.map((status) => (
          <MenuItem key={status} value={status} dense>
            <Checkbox size="small" checked={statuses.includes(status)} sx={{ p: 0.25, mr: 1 }} />
            <ListItemText primary={statusLook[status].label} />
          </MenuItem>
        ))}
      </TextField>
      <FormControlLabel
        control={
          <Checkbox
            size="small"
            checked={(filters.get('has') ?? []).includes('notes')}
            onChange={(event) => set('has', event.target.checked ? ['notes'] : [])}
          />
        }
        label="Has notes"
        sx={{ mr: 0, '& .MuiFormControlLabel-label': { fontSize: '0.8125rem' } }}
      />
      {/* A new value in the query (typed there, or cleared) starts the field afresh. */}
      <NoteTextFilter key={noteText} value={noteText} onCommit={(text) => set('note', text ? [text] : [])} />
    </>
  );
}

/** Words a note says, typed freely and written into the query on Enter or when the field is left. */
function NoteTextFilter({ value, onCommit }: { value: string; onCommit(text: string): void }) {
  const [typed, setTyped] = useState(value);
  const commit = () => typed.trim() !== value && onCommit(typed.trim());
  return (
    <TextField
      label="Note says"
      placeholder="soft focus"
      value={typed}
      onChange={(event) => setTyped(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
      }}
      {...small}
      sx={{ width: 160 }}
    />
  );
}
