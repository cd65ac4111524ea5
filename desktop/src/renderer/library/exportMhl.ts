import { desktop } from '../bridge/desktop';

/**
 * Saves a folder's ASC MHL history: the chain and every generation, under their own names,
 * so they go back into an `ascmhl/` folder beside the media as any MHL tool expects.
 * Answers how many files were saved.
 */
export async function exportMhlHistory(rootPath: string): Promise<number> {
  const history = await desktop.mhlHistory({ rootPath });
  for (const file of history.files) {
    const url = URL.createObjectURL(new Blob([file.text], { type: 'application/xml;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = file.name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return history.files.length;
}
