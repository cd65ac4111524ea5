import { ADMIN_GROUP, parentOf, validateKey } from '@rushes/shared';
import type { Catalog, CatalogAsset, Clock, ObjectStore, StoredObject } from '../ports';
import { CatalogConflict, CatalogNotFound } from '../ports';
import { createMissingFolders, newAssetRecord, statusOnArrival } from './records';

/**
 * A rescan leaves alone records changed this recently: a move records the new key before
 * it copies the object, so for a moment a record has no object, by design.
 */
export const RESCAN_GRACE_MS = 15 * 60_000;
/**
 * An `uploading` record has no object until its upload completes, which for a camera card
 * on a slow line or a laptop that slept can take days; after a week it is abandoned.
 */
export const UPLOADING_GRACE_MS = 7 * 24 * 60 * 60_000;

/** Keys read from each side per reconcile stretch: a few milliseconds of work. */
export const RECONCILE_STRETCH = 1000;

/** Who the catalog says made records that arrived without Rushes (`aws s3 cp`, a sync tool). */
export const SYSTEM_ACTOR = 'system';

export interface SyncReport {
  readonly added: number;
  readonly removed: number;
  /** Keys Rushes cannot hold (names a Windows share refuses, over-long keys): left alone, listed. */
  readonly skipped: { key: string; reason: string }[];
}

/**
 * Keeps the catalog in step with the media bucket. Objects written by other tools become
 * assets (their folders too: a new top-level folder is visible to admins only until an admin
 * shares it); records whose objects were deleted elsewhere go. Idempotent: an event
 * delivered twice, or a rescan after events, changes nothing more.
 */
export class StorageSync {
  constructor(
    /** `derived`: the derived bucket; an asset's proxies and pictures go with its record. */
    private readonly deps: { catalog: Catalog; objects: ObjectStore; derived: ObjectStore; clock: Clock },
  ) {}

  /** An object appeared or changed (ObjectCreated). */
  async objectCreated(object: StoredObject): Promise<'added' | 'present' | 'skipped'> {
    const checked = validateKey(object.key);
    if (!checked.ok || checked.value !== object.key) return 'skipped';
    if (await this.deps.catalog.getAssetByKey(object.key)) return 'present';
    await this.ensureFolders(object.key);
    const now = this.deps.clock.now().toISOString();
    const asset = newAssetRecord({
      key: object.key,
      size: object.size,
      status: statusOnArrival(object.key),
      createdBy: SYSTEM_ACTOR,
      // The object's own time, not this handler's: a create event handled late, from a HEAD
      // taken just before the object was deleted, must not look newer than that delete.
      createdAt: object.lastModified || now,
    });
    try {
      await this.deps.catalog.createAsset(asset);
      return 'added';
    } catch (error) {
      if (error instanceof CatalogConflict) return 'present'; // a concurrent event won the race
      throw error;
    }
  }

  /**
   * An object was deleted (ObjectRemoved) at `removedAt`. Events arrive late: a move that is
   * undone at once claims the old key again (catalog first, then the copy), and the first
   * move's delete event may only be handled then. A record changed after the delete happened
   * is not the one that was deleted, so it stays; if its object really is gone, the rescan's
   * grace period catches it.
   */
  async objectRemoved(key: string, removedAt?: string): Promise<boolean> {
    const asset = await this.deps.catalog.getAssetByKey(key);
    if (!asset) return false;
    if (removedAt !== undefined && asset.modifiedAt >= removedAt) return false;
    // A move copies first and deletes the old key after: only drop the record if the object is really gone.
    if (await this.deps.objects.head(key)) return false;
    return this.removeRecord(asset);
  }

  /** Removes a record whose object is gone, and its derivatives; someone else (a purge) may have been first. */
  private async removeRecord(asset: CatalogAsset): Promise<boolean> {
    for (const key of Object.values(asset.derived)) if (key) await this.deps.derived.delete(key);
    try {
      await this.deps.catalog.removeAsset(asset.id);
      return true;
    } catch (error) {
      if (error instanceof CatalogNotFound) return false;
      throw error;
    }
  }

  /**
   * Makes one stretch of the key space agree, after `after` (`` for the start): up to
   * `limit` objects and `limit` records are read side by side in key order, and the stretch
   * ends at the lower of the two last keys read, so nothing past it is judged on half the
   * facts. `next` is where the following stretch starts, null once the end is reached. A
   * rolling cursor over this keeps a million-asset library in step at a bounded cost a turn.
   */
  async reconcile(after: string, limit: number): Promise<SyncReport & { next: string | null }> {
    const objects: StoredObject[] = [];
    for await (const object of this.deps.objects.list('', { startAfter: after })) {
      objects.push(object);
      if (objects.length === limit) break;
    }
    const records = await this.deps.catalog.assetsAfterKey(after, limit);
    const ends = [objects, records].filter((side) => side.length === limit).map((side) => side.at(-1)!.key);
    const end = ends.length === 0 ? null : ends.reduce((low, key) => (compareKeys(key, low) < 0 ? key : low));
    const within = (key: string) => end === null || compareKeys(key, end) <= 0;

    const listed = new Set<string>();
    let added = 0;
    const skipped: SyncReport['skipped'] = [];
    for (const object of objects) {
      if (!within(object.key)) break;
      listed.add(object.key);
      const outcome = await this.objectCreated(object);
      if (outcome === 'added') added += 1;
      if (outcome === 'skipped') {
        const checked = validateKey(object.key);
        skipped.push({ key: object.key, reason: checked.ok ? 'The key is not in NFC form.' : checked.message });
      }
    }
    let removed = 0;
    const settled = this.deps.clock.now().getTime() - RESCAN_GRACE_MS;
    for (const asset of records) {
      if (!within(asset.key) || listed.has(asset.key)) continue;
      const grace = asset.status === 'uploading' ? UPLOADING_GRACE_MS - RESCAN_GRACE_MS : 0;
      if (Date.parse(asset.modifiedAt) >= settled - grace) continue;
      if (await this.deps.objects.head(asset.key)) continue; // written since the listing
      if (await this.removeRecord(asset)) removed += 1;
    }
    return { added, removed, skipped, next: end };
  }

  /** Walks the whole bucket and catalog, a stretch at a time, and makes them agree. */
  async rescan(stretch = RECONCILE_STRETCH): Promise<SyncReport> {
    const total = { added: 0, removed: 0, skipped: [] as SyncReport['skipped'] };
    for (let after: string | null = ''; after !== null;) {
      const report = await this.reconcile(after, stretch);
      total.added += report.added;
      total.removed += report.removed;
      total.skipped.push(...report.skipped);
      after = report.next;
    }
    return total;
  }

  /** Creates the folder records a key lives in, top down: a new top-level folder is the admins' alone. */
  private async ensureFolders(key: string): Promise<void> {
    const chain: string[] = [];
    for (let path = parentOf(key); path; path = parentOf(path)) chain.unshift(path);
    const creator = { email: SYSTEM_ACTOR, groups: [ADMIN_GROUP] };
    await createMissingFolders(this.deps.catalog, chain, null, creator, () => this.deps.clock.now().toISOString());
  }
}

/** Code point order, the order S3 and both catalogs keep keys in (UTF-16 order differs past U+FFFF). */
function compareKeys(a: string, b: string): number {
  const x = Array.from(a, (char) => char.codePointAt(0)!);
  const y = Array.from(b, (char) => char.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}
