import { DomainError, NO_REVIEW, type AssetReview, type AssetView } from '@rushes/shared';
import { CatalogConflict, CatalogNotFound, type CatalogAsset, type Principal, type TakeUpdate } from '../../ports';
import { Access } from '../access';
import { assetView } from '../library/views';
import type { ReviewDeps } from './deps';

/**
 * The take's own marks: circled, rating, review status. Whoever may change files in an
 * asset's folder sets them (as tags). A request is all or nothing: every asset is checked
 * before any is changed, and one the caller may not change refuses the whole request.
 */
export class Takes {
  constructor(private readonly deps: ReviewDeps) {}

  async set(principal: Principal, changes: readonly TakeUpdate[]): Promise<AssetView[]> {
    const seen = new Set<string>();
    for (const change of changes) {
      if (seen.has(change.id)) throw new DomainError('VALIDATION_FAILED', `File ${change.id} is listed twice.`, 'changes');
      seen.add(change.id);
    }
    const access = new Access(this.deps.catalog, principal);
    const found = new Map((await this.deps.catalog.getAssets([...seen])).map((asset) => [asset.id, asset]));
    // Every asset the caller may not read answers first, so a refusal never speaks of one.
    const checked = [];
    for (const change of changes) checked.push(await access.readableLoaded(found.get(change.id) ?? null));
    for (const { asset, folder } of checked) {
      if (!access.mayWrite(folder)) {
        await this.deps.audit.record({
          actor: principal.email,
          action: 'take.set',
          target: asset.key,
          outcome: 'denied',
          details: { assetId: asset.id, assets: changes.length, reason: 'not allowed to change this folder' },
          address: principal.address,
        });
        throw new DomainError('FORBIDDEN', `You may not mark takes in "${asset.folderPath.slice(0, -1) || 'the library root'}".`);
      }
    }
    let results: { before: CatalogAsset; after: CatalogAsset }[];
    try {
      results = await this.deps.catalog.setTakes(changes, principal.email, this.deps.clock.now().toISOString());
    } catch (error) {
      if (error instanceof CatalogNotFound) throw new DomainError('NOT_FOUND', 'That file was not found.');
      if (error instanceof CatalogConflict) throw new DomainError('CONFLICT', 'These files kept changing; try again.');
      throw error;
    }
    for (const { before, after } of results) {
      await this.deps.audit.record({
        actor: principal.email,
        action: 'take.set',
        target: after.key,
        details: { assetId: after.id, ...marksChanged(before.review ?? NO_REVIEW, after.review ?? NO_REVIEW) },
        address: principal.address,
      });
    }
    return results.map(({ after }) => assetView(after));
  }
}

/** `circled: "no → yes"` for each mark that changed (all three when none did, so the event says what was set). */
function marksChanged(before: AssetReview, after: AssetReview): Record<string, string> {
  const say = (review: AssetReview) => ({
    circled: review.circled ? 'yes' : 'no',
    rating: String(review.rating),
    status: review.status,
  });
  const old = say(before);
  const now = say(after);
  const keys = (Object.keys(now) as (keyof typeof now)[]).filter((key) => old[key] !== now[key]);
  return Object.fromEntries(
    (keys.length > 0 ? keys : Object.keys(now)).map((key) => [key, `${old[key as keyof typeof old]} → ${now[key as keyof typeof now]}`]),
  );
}
