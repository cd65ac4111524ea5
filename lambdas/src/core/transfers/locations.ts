import type { AssetLocation, Transfer } from '@rushes/shared';
import { CatalogConflict, CatalogNotFound, type Catalog, type Clock } from '../../ports';

/** How often a catalog write that lost a race is tried again before the error stands. */
export const WRITE_ATTEMPTS = 20;

/**
 * Each asset's location on this workstation, from its file's result: there (`S3_FSX`) after
 * a copy or when a changed file was left in place, gone (`S3`) after a remove. Failed
 * files change nothing. Each update bumps the asset's version, so the change feed tells
 * every desktop; an asset deleted meanwhile is skipped.
 */
export async function updateLocations(deps: { catalog: Catalog; clock: Clock }, job: Transfer): Promise<void> {
  const workstationId = job.workstation.id;
  for (const file of job.files) {
    const wanted: AssetLocation | null | undefined =
      file.state === 'copied' || file.state === 'present' || file.state === 'changed'
        ? 'S3_FSX'
        : file.state === 'removed' || file.state === 'absent'
          ? null
          : undefined;
    if (wanted === undefined) continue;
    for (let attempt = 1; ; attempt += 1) {
      const asset = await deps.catalog.getAsset(file.assetId);
      if (!asset || (asset.locations[workstationId] ?? null) === wanted) break;
      const locations = { ...asset.locations };
      if (wanted === null) delete locations[workstationId];
      else locations[workstationId] = wanted;
      try {
        await deps.catalog.updateAsset({
          ...asset,
          locations,
          modifiedAt: deps.clock.now().toISOString(),
          version: asset.version + 1,
        });
        break;
      } catch (error) {
        if (error instanceof CatalogNotFound) break;
        if (!(error instanceof CatalogConflict) || attempt >= WRITE_ATTEMPTS) throw error;
      }
    }
  }
}
