import { useCallback, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { AssetView } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import type { TakeMarks } from '../commands/registry';
import { useToast } from '../components/Toasts';
import { toShownError } from '../errors';
import { pluralItems } from '../library/format';
import { queryKeys } from '../library/queries';
import { describeMarks, previousMarks, type Changes } from './takeMarks';

/** The contract's most changes in one request. */
const CHUNK = 500;

/**
 * Marking takes (circled, rating, review status) on a whole selection in one request (500 at
 * most each), with an Undo on the toast and for the registry's Undo command that sends the
 * previous values back. The server refuses all of a request if one take may not be changed.
 */
export function useTakes(afterChange: () => void) {
  const client = useQueryClient();
  const toast = useToast();
  const [undo, setUndo] = useState<(() => void) | null>(null);

  const send = useCallback(
    async (changes: Changes) => {
      for (let start = 0; start < changes.length; start += CHUNK) {
        const { assets } = await desktop.setTakes({ changes: changes.slice(start, start + CHUNK) });
        for (const asset of assets) client.setQueryData(queryKeys.asset(asset.id), asset);
      }
      afterChange();
    },
    [client, afterChange],
  );

  const setTakes = useCallback(
    (assets: AssetView[], marks: TakeMarks) => {
      if (assets.length === 0) return;
      const before = previousMarks(assets, marks);
      const restore = () => {
        setUndo(null);
        send(before).then(
          () => toast(`Restored the marks of ${pluralItems(before.length, 'take')}`, 'success'),
          (error: unknown) => toast(toShownError(error).message, 'error'),
        );
      };
      send(assets.map((asset) => ({ id: asset.id, ...marks }))).then(
        () => {
          setUndo(() => restore);
          toast(describeMarks(marks, assets.length), 'success', { label: 'Undo', run: restore });
        },
        (error: unknown) => toast(toShownError(error).message, 'error'),
      );
    },
    [send, toast],
  );

  return { setTakes, undo };
}
