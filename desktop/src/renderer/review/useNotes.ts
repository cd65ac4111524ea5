import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AddNoteBody, EditNoteBody, Note } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { useToast } from '../components/Toasts';
import { toShownError } from '../errors';
import { queryKeys } from '../library/queries';

/**
 * An asset's notes, replies included, as the server sorts them (by frame, then creation).
 * Kept until the change feed says the asset changed (useFeedInvalidation) or this window
 * changes a note: nothing polls.
 */
export function useNotes(assetId: string) {
  return useQuery({
    queryKey: queryKeys.notes(assetId),
    queryFn: async () => (await desktop.listNotes({ assetId })).notes,
  });
}

/** Adds, edits and deletes notes; each success lists the notes (and the asset's counts) again, each failure is said. */
export function useNoteActions(assetId: string) {
  const client = useQueryClient();
  const toast = useToast();
  const settled = () => {
    void client.invalidateQueries({ queryKey: queryKeys.notes(assetId) });
    void client.invalidateQueries({ queryKey: queryKeys.asset(assetId) });
  };
  const onError = (error: unknown) => toast(toShownError(error).message, 'error');
  const add = useMutation({ mutationFn: (body: AddNoteBody) => desktop.addNote(body), onSuccess: settled, onError });
  const edit = useMutation({ mutationFn: (body: EditNoteBody) => desktop.editNote(body), onSuccess: settled, onError });
  const remove = useMutation({
    mutationFn: (note: Pick<Note, 'id' | 'version'>) => desktop.deleteNote({ id: note.id, version: note.version }),
    onSuccess: settled,
    onError,
  });
  return { add, edit, remove };
}
