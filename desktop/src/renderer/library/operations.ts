import type { AssetView, FolderView, OperationResult } from '@rushes/shared';
import { desktop } from '../bridge/desktop';
import { pluralItems } from './format';

/**
 * The organise operations as the library view runs them: batched to the API's limits,
 * results merged, and failures worded for a toast that names what failed and why.
 */

const assetBatch = 500;
const folderBatch = 100;

function merge(results: OperationResult[]): OperationResult {
  return { done: results.flatMap((result) => result.done), failed: results.flatMap((result) => result.failed) };
}

async function inBatches(
  assetIds: string[],
  folderPaths: string[],
  call: (input: { assetIds: string[]; folderPaths: string[] }) => Promise<OperationResult>,
): Promise<OperationResult> {
  const results: OperationResult[] = [];
  for (let i = 0; i < Math.max(assetIds.length, 1); i += assetBatch) {
    const ids = assetIds.slice(i, i + assetBatch);
    const paths = i === 0 ? folderPaths.slice(0, folderBatch) : [];
    if (ids.length + paths.length > 0) results.push(await call({ assetIds: ids, folderPaths: paths }));
  }
  for (let i = folderBatch; i < folderPaths.length; i += folderBatch) {
    results.push(await call({ assetIds: [], folderPaths: folderPaths.slice(i, i + folderBatch) }));
  }
  return merge(results);
}

export const trash = (assetIds: string[], folderPaths: string[]) => inBatches(assetIds, folderPaths, (input) => desktop.trashItems(input));
export const restore = (assetIds: string[], folderPaths: string[]) =>
  inBatches(assetIds, folderPaths, (input) => desktop.restoreItems(input));
export const purge = (assetIds: string[], folderPaths: string[]) => inBatches(assetIds, folderPaths, (input) => desktop.purgeItems(input));

/** Moves assets (batched) and folders (one call each) into `toPath`. */
export async function moveEntries(assets: AssetView[], folders: FolderView[], toPath: string): Promise<OperationResult> {
  const results: OperationResult[] = [];
  const ids = assets.map((asset) => asset.id);
  for (let i = 0; i < ids.length; i += assetBatch)
    results.push(await desktop.moveAssets({ ids: ids.slice(i, i + assetBatch), toFolderPath: toPath }));
  for (const folder of folders) {
    try {
      results.push(await desktop.moveFolder({ path: folder.path, toParentPath: toPath }));
    } catch (error) {
      const message = error instanceof Error ? error.message : 'Could not move the folder.';
      results.push({ done: [], failed: [{ target: folder.path, code: 'FAILED', message }] });
    }
  }
  return merge(results);
}

/** "Could not move 2 items:\nA001.mov — reason" for a toast; names instead of ids where known. */
export function describeFailures(verb: string, result: OperationResult, names: Map<string, string>): string | null {
  if (result.failed.length === 0) return null;
  const lines = result.failed.slice(0, 5).map((failure) => `${names.get(failure.target) ?? failure.target} — ${failure.message}`);
  if (result.failed.length > 5) lines.push(`and ${pluralItems(result.failed.length - 5, 'more')}`);
  return `Could not ${verb} ${pluralItems(result.failed.length)}:\n${lines.join('\n')}`;
}

export function nameIndex(assets: AssetView[], folders: FolderView[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const asset of assets) names.set(asset.id, asset.name);
  for (const folder of folders) names.set(folder.path, folder.name);
  return names;
}
