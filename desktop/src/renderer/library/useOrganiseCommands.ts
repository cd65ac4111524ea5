import { useState } from 'react';
import type { AssetView } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { useToast } from '../components/Toasts';
import { toShownError } from '../errors';
import { parentPath, splitSelection, folderNameOf, type Entry } from './entries';
import { pluralItems } from './format';
import { describeFailures, moveEntries, nameIndex, restore, trash } from './operations';

/**
 * Trash and move as the library runs them: results reported in a toast that
 * names what failed, and an Undo on the toast for what succeeded.
 */
export function useOrganiseCommands(afterChange: () => void, closeDialog: () => void) {
  const toast = useToast();
  const [busy, setBusy] = useState(false);

  async function trashEntries(targets: Entry[]) {
    const { assets, folders } = splitSelection(targets);
    setBusy(true);
    try {
      const result = await trash(
        assets.map((asset) => asset.id),
        folders.map((folder) => folder.path),
      );
      closeDialog();
      afterChange();
      const failed = describeFailures('move to the trash', result, nameIndex(assets, folders));
      if (failed) toast(failed, 'error');
      if (result.done.length > 0) {
        const doneAssets = result.done.filter((item) => !item.target.endsWith('/')).map((item) => item.target);
        const doneFolders = result.done.filter((item) => item.target.endsWith('/')).map((item) => item.target);
        const message = result.done.length === 1 ? 'Moved to trash' : `Moved ${pluralItems(result.done.length)} to trash`;
        if (!failed)
          toast(message, 'success', {
            label: 'Undo',
            run: () =>
              void restore(doneAssets, doneFolders).then(
                (undone) => {
                  afterChange();
                  const undoFailed = describeFailures('restore', undone, nameIndex(assets, folders));
                  toast(undoFailed ?? `Restored ${pluralItems(undone.done.length)}`, undoFailed ? 'error' : 'success');
                },
                (error: unknown) => toast(toShownError(error).message, 'error'),
              ),
          });
      }
    } catch (error) {
      toast(toShownError(error).message, 'error');
    } finally {
      setBusy(false);
    }
  }

  async function moveTo(targets: Entry[], toPath: string) {
    const { assets, folders } = splitSelection(targets);
    const names = nameIndex(assets, folders);
    try {
      const result = await moveEntries(assets, folders, toPath);
      closeDialog();
      afterChange();
      const failed = describeFailures('move', result, names);
      if (failed) toast(failed, 'error');
      const movedAssets = assets.filter((asset) => result.done.some((item) => item.target === asset.id));
      const movedFolders = folders.filter((folder) => result.done.some((item) => item.target === folder.path));
      const count = movedAssets.length + movedFolders.length;
      if (count === 0 || failed) return;
      toast(`Moved ${pluralItems(count)} to ${folderNameOf(toPath)}`, 'success', {
        label: 'Undo',
        run: () => void undoMove(movedAssets, movedFolders, toPath),
      });
    } catch (error) {
      toast(toShownError(error).message, 'error');
    }
  }

  async function undoMove(assets: AssetView[], folders: { path: string; name: string }[], movedInto: string) {
    try {
      // Each item goes back to where it came from; assets of one origin go in one call.
      const byOrigin = new Map<string, AssetView[]>();
      for (const asset of assets) byOrigin.set(asset.folderPath, [...(byOrigin.get(asset.folderPath) ?? []), asset]);
      const results = [];
      for (const [origin, group] of byOrigin) results.push(await moveEntries(group, [], origin));
      for (const folder of folders) {
        const movedPath = `${movedInto}${folder.name}/`;
        results.push(await desktop.moveFolder({ path: movedPath, toParentPath: parentPath(folder.path) }));
      }
      const merged = { done: results.flatMap((r) => r.done), failed: results.flatMap((r) => r.failed) };
      afterChange();
      const failed = describeFailures('move back', merged, nameIndex(assets, []));
      toast(failed ?? `Moved ${pluralItems(merged.done.length)} back`, failed ? 'error' : 'success');
    } catch (error) {
      toast(toShownError(error).message, 'error');
    }
  }

  return { busy, trashEntries, moveTo };
}
