import {
  matchesSearch,
  needsNoteText,
  resolutionWidthRange,
  type AssetView,
  type ListChildrenResponse,
  type SearchQuery,
  type SearchResponse,
  type SortField,
} from '@rushes/shared';
import type { CatalogAsset, Change, Principal } from '../../ports';
import { Access } from '../access';
import type { LibraryDeps } from './deps';
import { assetView, folderView } from './views';

/** Presigned download URLs live minutes, for one object. */
export const DOWNLOAD_URL_SECONDS = 10 * 60;

/**
 * Reading the library: listings, details, downloads, the change feed and search, each
 * answering only what Access lets the caller read.
 */
export class Browse {
  constructor(private readonly deps: LibraryDeps) {}

  async listChildren(
    principal: Principal,
    query: { path: string; sort: SortField; direction: 'asc' | 'desc'; limit: number; cursor?: string | undefined },
  ): Promise<ListChildrenResponse> {
    const access = new Access(this.deps.catalog, principal);
    const folder = await access.readableFolder(query.path);
    const firstPage = query.cursor === undefined;
    const folders = firstPage ? (await this.deps.catalog.listFolders(query.path)).filter((child) => access.mayReadRecord(child)) : [];
    const page = access.mayReadRecord(folder)
      ? await this.deps.catalog.listAssets({
          folderPath: query.path,
          sort: query.sort,
          direction: query.direction,
          limit: query.limit,
          cursor: query.cursor ?? null,
        })
      : { items: [], nextCursor: null };
    return {
      folder: folder ? folderView(access, folder) : null,
      folders: folders.map((child) => folderView(access, child)),
      assets: page.items.map(assetView),
      nextCursor: page.nextCursor,
    };
  }

  async assetDetail(principal: Principal, id: string): Promise<AssetView> {
    return assetView(await new Access(this.deps.catalog, principal).readableAsset(id));
  }

  /**
   * Many assets at once (the search cache's sync fetches changed assets this way): the same
   * checks as assetDetail for each, with each folder's answer asked once. What the caller may
   * not read, what is in the trash and what does not exist are all simply left out.
   */
  async assetBatch(principal: Principal, ids: readonly string[]): Promise<AssetView[]> {
    const access = new Access(this.deps.catalog, principal);
    const found = await this.deps.catalog.getAssets(ids);
    const views: AssetView[] = [];
    for (const asset of found) {
      if (!asset.trash && (await access.mayReadAssetsIn(asset.folderPath))) views.push(assetView(asset));
    }
    return views;
  }

  async downloadUrls(principal: Principal, ids: readonly string[]) {
    const access = new Access(this.deps.catalog, principal);
    const expiresAt = new Date(this.deps.clock.now().getTime() + DOWNLOAD_URL_SECONDS * 1000).toISOString();
    const urls = [];
    for (const id of ids) {
      const asset = await access.readableAsset(id);
      const url = await this.deps.objects.presignGet(asset.key, { expiresInSeconds: DOWNLOAD_URL_SECONDS, downloadName: asset.name });
      // On record before the URL leaves: the original is the footage itself.
      await this.deps.audit.record({
        actor: principal.email,
        action: 'asset.download',
        target: asset.key,
        details: { assetId: asset.id, bytes: asset.size },
        address: principal.address,
      });
      urls.push({ id: asset.id, name: asset.name, size: asset.size, url, expiresAt });
    }
    return { urls };
  }

  /** The change feed, filtered to what Access lets the caller follow. */
  async changes(principal: Principal, since: number | undefined, limit: number): Promise<{ changes: Change[]; latest: number }> {
    const latest = await this.deps.catalog.latestChange();
    if (since === undefined) return { changes: [], latest };
    const access = new Access(this.deps.catalog, principal);
    const changes = await this.deps.catalog.changesSince(since, limit);
    const result: Change[] = [];
    for (const change of changes) if (await access.mayFollow(change)) result.push(change);
    const last = changes.at(-1)?.seq;
    return { changes: result, latest: changes.length === limit && last !== undefined ? last : latest };
  }

  /**
   * Search for web mode and the cloud: the same query language as the desktop cache. The
   * catalog's word index gives the assets holding the typed words; each is checked against
   * the whole query and the caller's access, until one more than `limit` is found. A scope
   * the caller may not read answers NOT_FOUND like a missing one. The answer is sorted by
   * name; when truncated it holds the first matches found, not the first by name.
   */
  async search(principal: Principal, query: SearchQuery, limit: number): Promise<SearchResponse> {
    const access = new Access(this.deps.catalog, principal);
    await access.readableFolder(query.folder);
    const found: CatalogAsset[] = [];
    // Note text is read only for an asset that passes every other filter and may be read.
    const noteWords = needsNoteText(query);
    const withoutNotes = noteWords ? { ...query, noteWords: [] } : query;
    const scope = {
      folder: query.folder,
      words: query.words,
      kinds: query.kinds,
      statuses: query.statuses,
      widths: query.resolutions.map(resolutionWidthRange),
      production: query.production,
    };
    for await (const asset of this.deps.catalog.searchAssets(scope)) {
      if (!matchesSearch(asset, withoutNotes) || !(await access.mayReadAssetsIn(asset.folderPath))) continue;
      if (noteWords && !matchesSearch({ ...asset, noteText: await this.noteText(asset) }, query)) continue;
      found.push(asset);
      if (found.length > limit) break;
    }
    found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { assets: found.slice(0, limit).map(assetView), truncated: found.length > limit };
  }

  private async noteText(asset: CatalogAsset): Promise<string> {
    if ((asset.review?.noteCount ?? 0) === 0) return '';
    return (await this.deps.catalog.listNotes(asset.id)).map((note) => note.text).join('\n');
  }
}
