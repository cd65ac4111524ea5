import { useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Tooltip from '@mui/material/Tooltip';
import AddCommentOutlined from '@mui/icons-material/AddCommentOutlined';
import { useQuery } from '@tanstack/react-query';
import { desktop } from '../bridge/desktop';
import { shortcutText } from '../commands/registry';
import { toShownError } from '../errors';
import { queryKeys } from '../library/queries';
import { monoFont, surface } from '../theme';
import { NoteCard } from './NoteCard';
import { NoteTextForm } from './NoteTextForm';
import { useMinuteClock } from './relativeTime';
import { noteCovers, type ReviewSession } from './useReviewSession';

/**
 * The viewer's notes, beside the metadata: every note by timecode with its replies, the one
 * under the playhead marked; a note is added at the playhead (with the in→out range and a
 * drawing when there are).
 */
export function NotesPanel({ session }: { session: ReviewSession }) {
  const me = useQuery({ queryKey: queryKeys.me, queryFn: () => desktop.getMe() }).data ?? null;
  const now = useMinuteClock();
  const [hideResolved, setHideResolved] = useState(false);
  const { query, topLevel, replies, draft, clock, frame } = session;
  const open = topLevel.filter((note) => !note.resolved).length;
  const shown = hideResolved ? topLevel.filter((note) => !note.resolved) : topLevel;
  return (
    <Box component="aside" aria-label="Notes" sx={panelStyles}>
      <Box className="head">
        <h3>Notes</h3>
        <Box component="span" className="count" aria-live="polite">
          {query.isSuccess ? `${open} open · ${topLevel.length - open} resolved` : ''}
        </Box>
        <Box sx={{ flex: 1 }} />
        <Tooltip title={`Add a note at the playhead (${shortcutText('addNote')})`}>
          <span>
            <Button
              size="small"
              variant="contained"
              startIcon={<AddCommentOutlined />}
              disabled={draft !== null}
              onClick={session.startNote}
            >
              Add note
            </Button>
          </span>
        </Tooltip>
      </Box>
      {draft && (
        <Box className="composer" role="group" aria-label="New note">
          <Box className="where">
            New note at{' '}
            <b>
              {draft.useRange && draft.range
                ? `${clock.label(draft.range.first)} → ${clock.label(draft.range.last)}`
                : clock.label(draft.frame)}
            </b>
          </Box>
          {draft.range && (
            <FormControlLabel
              sx={{ ml: 0, '& .MuiFormControlLabel-label': { fontSize: '0.75rem' } }}
              control={<Checkbox size="small" checked={draft.useRange} onChange={session.toggleRange} />}
              label={`Range from in to out (${clock.label(draft.range.first)} → ${clock.label(draft.range.last)})`}
            />
          )}
          {session.canDraw && (
            <Box className="drawing" aria-live="polite">
              {draft.shapes.length === 0
                ? 'Draw on the picture to point at something (optional).'
                : `Drawing: ${draft.shapes.length} ${draft.shapes.length === 1 ? 'shape' : 'shapes'}`}
            </Box>
          )}
          <NoteTextForm
            label="Note"
            submitLabel="Save note"
            busy={session.actions.add.isPending}
            onCancel={session.cancelNote}
            onSubmit={session.saveDraft}
          />
        </Box>
      )}
      {query.isError ? (
        <Box role="alert" className="message error">
          The notes could not be loaded: {toShownError(query.error).message}{' '}
          <Button size="small" color="inherit" onClick={() => void query.refetch()}>
            Try again
          </Button>
        </Box>
      ) : query.isPending ? (
        <Box role="status" className="message">
          Loading notes…
        </Box>
      ) : topLevel.length === 0 ? (
        draft ? null : (
          <Box className="message">
            No notes yet. Press <kbd>{shortcutText('addNote')}</kbd> to write one at the playhead.
          </Box>
        )
      ) : (
        <>
          {topLevel.length > open && (
            <FormControlLabel
              sx={{ mx: '10px', mb: 0.5, '& .MuiFormControlLabel-label': { fontSize: '0.75rem', color: 'text.secondary' } }}
              control={<Checkbox size="small" checked={hideResolved} onChange={() => setHideResolved((value) => !value)} />}
              label="Hide resolved"
            />
          )}
          <Box component="ul" aria-label="Notes by timecode" sx={{ m: 0, p: 0 }}>
            {shown.map((note) => (
              <NoteCard
                key={note.id}
                note={note}
                replies={replies.get(note.id) ?? []}
                session={session}
                me={me}
                now={now}
                current={noteCovers(note, frame)}
              />
            ))}
          </Box>
        </>
      )}
    </Box>
  );
}

const panelStyles = {
  width: 340,
  flexShrink: 0,
  display: 'flex',
  flexDirection: 'column',
  overflowY: 'auto',
  borderLeft: `1px solid ${surface.border}`,
  backgroundColor: surface.panel,
  pb: 2,
  '& .head': {
    position: 'sticky',
    top: 0,
    zIndex: 1,
    display: 'flex',
    alignItems: 'center',
    gap: 1,
    px: '14px',
    py: 1,
    mb: 1,
    backgroundColor: surface.panel,
    borderBottom: `1px solid ${surface.border}`,
  },
  '& h3': {
    m: 0,
    fontSize: '0.6875rem',
    fontWeight: 600,
    letterSpacing: '0.08em',
    textTransform: 'uppercase',
    color: 'text.secondary',
  },
  '& .count': { fontSize: '0.6875rem', color: 'text.secondary', whiteSpace: 'nowrap' },
  '& .composer': {
    m: '0 10px 10px',
    p: '10px',
    borderRadius: '6px',
    border: '1px solid #6ea0f5',
    backgroundColor: 'rgba(47, 111, 223, 0.08)',
  },
  '& .where': { fontSize: '0.75rem', color: 'text.secondary', mb: 0.5, '& b': { fontFamily: monoFont, color: '#f2c94c', fontWeight: 500 } },
  '& .drawing': { fontSize: '0.6875rem', color: 'text.secondary', mb: 1 },
  '& .message': { mx: '14px', my: 1, fontSize: '0.75rem', color: 'text.secondary', lineHeight: 1.5 },
  '& .message.error': { color: 'error.light' },
  '& kbd': { fontFamily: monoFont, px: 0.5, border: `1px solid ${surface.borderStrong}`, borderRadius: '3px' },
} as const;
