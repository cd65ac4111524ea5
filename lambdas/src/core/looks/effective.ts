import { parentOf, resolveLook, type EffectiveLook } from '@rushes/shared';
import type { CatalogFolder } from '../../ports';
import { sha256 } from './lookFiles';

/**
 * The look that applies to what is in `folderPath`: its own, else its nearest parent's, part
 * by part (colour, burn-ins). `folder` reads one folder record (an Access, or the catalog for
 * workers that act for nobody in particular).
 */
export async function effectiveLook(folderPath: string, folder: (path: string) => Promise<CatalogFolder | null>): Promise<EffectiveLook> {
  const chain: { path: string; look: CatalogFolder['look'] | null }[] = [];
  for (let path: string | null = folderPath; path; path = parentOf(path)) {
    chain.push({ path, look: (await folder(path))?.look ?? null });
  }
  return resolveLook(
    chain.map(({ path, look }) => ({ path, look: look ?? null })),
    (parts) => sha256(parts).slice(0, 16),
  );
}
