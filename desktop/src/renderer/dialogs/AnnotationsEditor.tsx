import { useState } from 'react';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import TextField from '@mui/material/TextField';
import { MAX_NOTES_LENGTH, MAX_TAGS, type AssetView } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { toShownError } from '../errors';

interface Props {
  asset: AssetView;
  onSaved(asset: AssetView): void;
}

/** Tags and notes on one asset; the server decides who may change them and says why not. */
export function AnnotationsEditor({ asset, onSaved }: Props) {
  const [tags, setTags] = useState<string[]>(asset.tags);
  const [notes, setNotes] = useState(asset.notes);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const changed = tags.join('\n') !== asset.tags.join('\n') || notes !== asset.notes;

  async function save() {
    setBusy(true);
    setError(null);
    try {
      const saved = await desktop.annotateAsset({ id: asset.id, version: asset.version, tags, notes });
      setTags(saved.tags);
      setNotes(saved.notes);
      onSaved(saved);
    } catch (caught) {
      setError(toShownError(caught).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Box component="section" aria-label="Tags and notes" sx={{ display: 'grid', gap: 1.25 }}>
      <h3>Tags and notes</h3>
      <Autocomplete
        multiple
        freeSolo
        options={[]}
        value={tags}
        onChange={(_event, next) =>
          setTags(
            next
              .map((tag) => tag.trim())
              .filter(Boolean)
              .slice(0, MAX_TAGS),
          )
        }
        renderValue={(value, getItemProps) =>
          value.map((tag, index) => {
            const { key, ...itemProps } = getItemProps({ index });
            return <Chip key={key} size="small" label={tag} {...itemProps} />;
          })
        }
        renderInput={(params) => <TextField {...params} label="Tags" placeholder={tags.length === 0 ? 'hero, pickup… (Enter adds)' : ''} />}
      />
      <TextField
        label="Notes"
        multiline
        minRows={2}
        maxRows={6}
        value={notes}
        onChange={(event) => setNotes(event.target.value.slice(0, MAX_NOTES_LENGTH))}
      />
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
        <Box sx={{ flex: 1, typography: 'body2', color: 'error.light' }} role={error ? 'alert' : undefined}>
          {error}
        </Box>
        <Button size="small" variant="outlined" disabled={!changed || busy} onClick={() => void save()}>
          Save tags and notes
        </Button>
      </Box>
    </Box>
  );
}
