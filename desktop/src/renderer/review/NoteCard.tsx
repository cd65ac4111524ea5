import { useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import CheckCircleRounded from '@mui/icons-material/CheckCircleRounded';
import DeleteOutline from '@mui/icons-material/DeleteOutline';
import DrawOutlined from '@mui/icons-material/DrawOutlined';
import EditOutlined from '@mui/icons-material/EditOutlined';
import type { MeResponse, Note } from '@rushes/shared';
import { ConfirmDialog } from '../dialogs/ConfirmDialog';
import { monoFont, surface } from '../theme';
import { NoteTextForm } from './NoteTextForm';
import { relativeTime } from './relativeTime';
import type { ReviewSession } from './useReviewSession';

/** The part of an address a crew list shows: `ed.smith@studio.com` → `ed.smith`. */
export const authorName = (email: string) => email.split('@')[0] || email;

function Avatar({ email }: { email: string }) {
  // A steady colour per person, so a reader tells voices apart at a glance.
  let hash = 0;
  for (const char of email) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return (
    <Box
      aria-hidden="true"
      sx={{
        width: 22,
        height: 22,
        flexShrink: 0,
        borderRadius: '50%',
        display: 'grid',
        placeItems: 'center',
        fontSize: '0.625rem',
        fontWeight: 700,
        color: '#111',
        backgroundColor: `hsl(${hash % 360} 55% 68%)`,
      }}
    >
      {authorName(email).slice(0, 2).toUpperCase()}
    </Box>
  );
}

interface Props {
  note: Note;
  replies: readonly Note[];
  session: ReviewSession;
  me: MeResponse | null;
  now: number;
  /** The playhead is on this note's frame or in its range. */
  current: boolean;
}

/** One note with its replies: where it is (a click goes there), who said what, and what the reader may do with it. */
export function NoteCard({ note, replies, session, me, now, current }: Props) {
  const { clock, actions } = session;
  const [replying, setReplying] = useState(false);
  const where = note.outFrame === null ? clock.label(note.frame) : `${clock.label(note.frame)} → ${clock.label(note.outFrame)}`;
  const busy = actions.edit.isPending || actions.remove.isPending;
  return (
    <Box
      component="li"
      aria-label={`Note at ${where} by ${authorName(note.author)}${note.resolved ? ', resolved' : ''}`}
      data-note-id={note.id}
      data-current={current || undefined}
      sx={{
        listStyle: 'none',
        m: '0 10px 8px',
        p: '8px 10px',
        borderRadius: '6px',
        backgroundColor: current ? 'rgba(242, 201, 76, 0.07)' : surface.raised,
        border: `1px solid ${current ? 'rgba(242, 201, 76, 0.55)' : surface.border}`,
        opacity: note.resolved ? 0.62 : 1,
      }}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.75, mb: 0.5 }}>
        <Tooltip title={session.canSeek ? 'Go to this frame' : ''}>
          <Box
            component="button"
            type="button"
            aria-label={`Go to ${where}`}
            disabled={!session.canSeek}
            onClick={() => session.seek(note.frame)}
            sx={{
              all: 'unset',
              fontFamily: monoFont,
              fontSize: '0.75rem',
              fontVariantNumeric: 'tabular-nums',
              color: '#f2c94c',
              cursor: session.canSeek ? 'pointer' : 'default',
              borderRadius: '3px',
              px: 0.5,
              mx: -0.5,
              '&:hover': { backgroundColor: surface.hover },
              '&:focus-visible': { outline: '2px solid #6ea0f5' },
            }}
          >
            {where}
          </Box>
        </Tooltip>
        {note.drawing.length > 0 && (
          <Tooltip title="Has a drawing: shown over the picture on this frame">
            <DrawOutlined sx={{ fontSize: 15, color: 'text.secondary' }} aria-label="Has a drawing" />
          </Tooltip>
        )}
        <Box sx={{ flex: 1 }} />
        {note.resolved && (
          <Box
            component="span"
            sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.25, fontSize: '0.6875rem', color: 'success.light' }}
          >
            <CheckCircleRounded sx={{ fontSize: 14 }} /> Resolved
          </Box>
        )}
      </Box>
      <NoteBody note={note} session={session} me={me} now={now} />
      <Box sx={{ display: 'flex', gap: 0.5, mt: 0.5, ml: '28px' }}>
        <Button size="small" color="inherit" sx={smallButton} onClick={() => setReplying(true)}>
          Reply
        </Button>
        <Button
          size="small"
          color="inherit"
          sx={smallButton}
          disabled={busy}
          onClick={() => actions.edit.mutate({ id: note.id, version: note.version, resolved: !note.resolved })}
        >
          {note.resolved ? 'Reopen' : 'Resolve'}
        </Button>
      </Box>
      {(replies.length > 0 || replying) && (
        <Box component="ul" aria-label="Replies" sx={{ m: '6px 0 0 28px', p: 0, borderLeft: `2px solid ${surface.border}` }}>
          {replies.map((reply) => (
            <Box
              component="li"
              key={reply.id}
              aria-label={`Reply by ${authorName(reply.author)}`}
              sx={{ listStyle: 'none', pl: 1, py: 0.5 }}
            >
              <NoteBody note={reply} session={session} me={me} now={now} />
            </Box>
          ))}
          {replying && (
            <Box component="li" sx={{ listStyle: 'none', pl: 1, pt: 0.5 }}>
              <NoteTextForm
                label="Reply"
                submitLabel="Reply"
                busy={actions.add.isPending}
                onCancel={() => setReplying(false)}
                onSubmit={async (text) => {
                  await actions.add.mutateAsync({ assetId: note.assetId, parentId: note.id, text, frame: note.frame });
                  setReplying(false);
                }}
              />
            </Box>
          )}
        </Box>
      )}
    </Box>
  );
}

/** Who wrote it and when, the text, and editing or deleting it for its author (admins any: the server decides). */
function NoteBody({ note, session, me, now }: { note: Note; session: ReviewSession; me: MeResponse | null; now: number }) {
  const { actions } = session;
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const mine = me !== null && (me.isAdmin || me.email === note.author);
  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.75 }}>
        <Avatar email={note.author} />
        <Box
          sx={{ fontSize: '0.75rem', fontWeight: 600, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
          title={note.author}
        >
          {authorName(note.author)}
        </Box>
        <Box
          component="time"
          dateTime={note.createdAt}
          title={new Date(note.createdAt).toLocaleString()}
          sx={{ fontSize: '0.6875rem', color: 'text.secondary', whiteSpace: 'nowrap' }}
        >
          {relativeTime(note.createdAt, now)}
          {note.editedAt ? ' · edited' : ''}
        </Box>
        <Box sx={{ flex: 1 }} />
        {mine && !editing && (
          <>
            <Tooltip title="Edit">
              <IconButton size="small" aria-label="Edit note" onClick={() => setEditing(true)} sx={tinyIcon}>
                <EditOutlined />
              </IconButton>
            </Tooltip>
            <Tooltip title="Delete">
              <IconButton size="small" aria-label="Delete note" onClick={() => setConfirming(true)} sx={tinyIcon}>
                <DeleteOutline />
              </IconButton>
            </Tooltip>
          </>
        )}
      </Box>
      {editing ? (
        <Box sx={{ ml: '28px', mt: 0.5 }}>
          <NoteTextForm
            label="Note"
            initial={note.text}
            submitLabel="Save"
            busy={actions.edit.isPending}
            onCancel={() => setEditing(false)}
            onSubmit={async (text) => {
              await actions.edit.mutateAsync({ id: note.id, version: note.version, text });
              setEditing(false);
            }}
          />
        </Box>
      ) : (
        <Box sx={{ ml: '28px', mt: 0.25, fontSize: '0.8125rem', lineHeight: 1.45, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {note.text}
        </Box>
      )}
      <ConfirmDialog
        open={confirming}
        title={note.parentId ? 'Delete this reply?' : 'Delete this note?'}
        confirmLabel="Delete"
        destructive
        busy={actions.remove.isPending}
        onClose={() => setConfirming(false)}
        onConfirm={() => actions.remove.mutate(note, { onSettled: () => setConfirming(false) })}
      >
        {note.parentId ? 'The reply goes for everyone.' : 'The note, its drawing and its replies go for everyone.'}
      </ConfirmDialog>
    </Box>
  );
}

const smallButton = { minWidth: 0, px: 0.75, py: 0, fontSize: '0.6875rem', color: 'text.secondary' } as const;
const tinyIcon = { p: 0.25, '& svg': { fontSize: 15 }, color: 'text.secondary' } as const;
