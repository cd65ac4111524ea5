import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  CACHED_DERIVED_FILE,
  CachedFileNamePattern,
  DERIVED_FILES,
  cachedFileName,
  isDomainError,
  type AssetView,
  type CachedDerivative,
  type CachedMediaInput,
  type CachedMediaResponse,
  type MediaCacheDesktopApi,
} from '@rushes/shared';
import type { BackendClient } from './backend';

const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;
/** Trim the cache after this much has been written since the last trim. */
const TRIM_EVERY_BYTES = 32 * 1024 * 1024;
const PARALLEL_FETCHES = 6;
/** No derivative is this large (a 2048 px preview JPEG is a few MB); a bigger answer is refused. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface CachedFile {
  path: string;
  contentType: string;
}

/**
 * Thumbnails, filmstrips, waveforms and still previews on disk, one folder per user.
 *
 * ACL: a file is fetched only through the API's media URLs (which check the folder ACL),
 * and a kept file is handed out or served only for an asset the API has shown this user in
 * this session (a listing, a detail, the trash) or just answered a media URL for. Signing
 * out forgets those; another user on the same machine has their own folder.
 */
export class MediaCache {
  /** Asset ids the API has shown the signed-in user; only these are served from disk. */
  private readonly readable = new Set<string>();
  private readonly inFlight = new Map<string, Promise<string | null>>();
  private writtenSinceTrim = 0;
  private user: string | null = null;

  constructor(
    private readonly options: {
      dir: string;
      backend: BackendClient;
      /** The signed-in user's email, or null. */
      currentUser(): string | null;
      maxBytes?: number;
      fetchImpl?: typeof fetch;
    },
  ) {}

  /** What the API showed this user: they may see these assets' pictures. */
  noteShown(assets: readonly Pick<AssetView, 'id'>[]): void {
    this.syncUser();
    for (const asset of assets) this.readable.add(asset.id);
  }

  /**
   * What the change feed said of assets: a changed one (read again through the API, so still
   * readable) drops its pictures of other versions, a gone one (deleted, trashed, or hidden
   * from this user now) is no longer served and its pictures are deleted.
   */
  async dropChanged(changed: readonly Pick<AssetView, 'id' | 'version'>[], gone: readonly string[]): Promise<void> {
    this.noteShown(changed);
    for (const id of gone) this.readable.delete(id);
    const dir = this.userDir();
    if (!dir || (changed.length === 0 && gone.length === 0)) return;
    const keep = new Map(changed.map((asset) => [asset.id, asset.version]));
    const dropped = new Set(gone);
    const names = await readdir(dir).catch(() => [] as string[]);
    const stale = names.filter((name) => {
      const match = CachedFileNamePattern.exec(name);
      if (!match) return false;
      const kept = keep.get(match[1]!);
      return dropped.has(match[1]!) || (kept !== undefined && kept !== Number(match[2]));
    });
    await Promise.all(stale.map((name) => rm(path.join(dir, name), { force: true })));
  }

  /** The session ended or changed hands: nothing is served until the API shows it again. */
  forget(): void {
    this.readable.clear();
    this.user = null;
  }

  readonly api: MediaCacheDesktopApi = {
    cachedMedia: (input) => this.cachedMedia(input),
  };

  async cachedMedia(input: CachedMediaInput): Promise<CachedMediaResponse> {
    const dir = this.userDir();
    if (!dir) return { items: input.assets.map(({ id }) => ({ id, file: null })) };
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const names = input.assets.map(({ id, version }) => cachedFileName(id, version, input.derivative));
    const found = await Promise.all(
      input.assets.map(async ({ id }, i) => (this.readable.has(id) && (await touch(path.join(dir, names[i]!))) ? names[i]! : null)),
    );
    const missing = input.assets.flatMap((asset, i) => (found[i] === null ? [{ ...asset, name: names[i]! }] : []));
    if (missing.length > 0) {
      const fetched = await this.fetchMissing(dir, input.derivative, missing);
      for (const [i, name] of found.entries()) if (name === null) found[i] = fetched.get(input.assets[i]!.id) ?? null;
    }
    return { items: input.assets.map(({ id }, i) => ({ id, file: found[i] ?? null })) };
  }

  /** The file behind a name from cachedMedia, for the shell to serve; null when this user may not have it. */
  async open(name: string): Promise<CachedFile | null> {
    const match = CachedFileNamePattern.exec(name);
    const dir = this.userDir();
    if (!match || !dir || !this.readable.has(match[1]!)) return null;
    const file = path.join(dir, name);
    if (!(await touch(file))) return null;
    const derivative = match[3] as CachedDerivative;
    return { path: file, contentType: DERIVED_FILES[CACHED_DERIVED_FILE[derivative]].contentType };
  }

  private async fetchMissing(
    dir: string,
    derivative: CachedDerivative,
    missing: { id: string; name: string }[],
  ): Promise<Map<string, string | null>> {
    const urls = await this.urlsFor(
      missing.map(({ id }) => id),
      derivative,
    );
    const result = new Map<string, string | null>();
    const queue = missing.filter(({ id }) => urls.has(id));
    for (const { id } of missing) if (!urls.has(id)) result.set(id, null);
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const url = urls.get(next.id);
        result.set(next.id, url ? await this.download(dir, next.name, url) : null);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_FETCHES, queue.length) }, worker));
    if (this.writtenSinceTrim > TRIM_EVERY_BYTES) {
      this.writtenSinceTrim = 0;
      void this.trim(dir).catch((error: unknown) => console.warn('Trimming the media cache failed', error));
    }
    return result;
  }

  /**
   * The API's ACL-checked URLs. It refuses a whole batch when one asset went away (trashed,
   * moved out of reach since it was listed), so a refused batch is asked again one by one.
   */
  private async urlsFor(ids: string[], derivative: CachedDerivative): Promise<Map<string, string | null>> {
    const urls = new Map<string, string | null>();
    const ask = async (batch: string[]) => {
      const answer = await this.options.backend.call('mediaUrls', { body: { ids: batch, only: [derivative] } });
      for (const item of answer.items) {
        urls.set(item.id, item[derivative]);
        this.readable.add(item.id);
      }
    };
    try {
      await ask(ids);
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'NOT_FOUND') throw error;
      if (ids.length > 1) for (const id of ids) await ask([id]).catch(() => undefined);
    }
    return urls;
  }

  private download(dir: string, name: string, url: string): Promise<string | null> {
    const key = path.join(dir, name);
    const running = this.inFlight.get(key);
    if (running) return running;
    const work = (async () => {
      // Kept from an earlier session: the API has just said this user may read it, so no need to fetch it again.
      if (await touch(key)) return name;
      const fetchImpl = this.options.fetchImpl ?? fetch;
      const response = await fetchImpl(url);
      if (!response.ok) {
        console.warn(`Fetching ${name} for the media cache answered ${response.status}`);
        return null;
      }
      const body = Buffer.from(await response.arrayBuffer());
      if (body.length === 0 || body.length > MAX_FILE_BYTES) return null;
      // Written aside and renamed, so a crash never leaves half a picture under a real name.
      const partial = path.join(dir, `.${name}.${randomBytes(4).toString('hex')}.partial`);
      await writeFile(partial, body, { mode: 0o600 });
      await rename(partial, key);
      this.writtenSinceTrim += body.length;
      return name;
    })()
      .catch((error: unknown) => {
        console.warn(`Fetching ${name} for the media cache failed`, error);
        return null;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, work);
    return work;
  }

  /** Oldest-used first until the folder is under 80 % of its limit. */
  async trim(dir = this.userDir()): Promise<void> {
    if (!dir) return;
    const max = this.options.maxBytes ?? DEFAULT_MAX_BYTES;
    const entries = await readdir(dir);
    const files = (
      await Promise.all(
        entries.map(async (name) => {
          const info = await stat(path.join(dir, name)).catch(() => null);
          return info?.isFile() ? { name, size: info.size, used: info.mtimeMs } : null;
        }),
      )
    ).filter((file) => file !== null);
    let total = files.reduce((sum, file) => sum + file.size, 0);
    if (total <= max) return;
    files.sort((a, b) => a.used - b.used);
    for (const file of files) {
      if (total <= max * 0.8) break;
      await rm(path.join(dir, file.name), { force: true });
      total -= file.size;
    }
  }

  private syncUser(): void {
    const user = this.options.currentUser();
    if (user !== this.user) {
      this.readable.clear();
      this.user = user;
    }
  }

  private userDir(): string | null {
    this.syncUser();
    if (!this.user) return null;
    // The folder is named by a hash, so the cache does not list who used this machine.
    return path.join(this.options.dir, createHash('sha256').update(this.user).digest('hex').slice(0, 16));
  }
}

/** Marks a kept file as just used (the trim keeps recently used ones); false when it is not there. */
async function touch(file: string): Promise<boolean> {
  const now = new Date();
  return utimes(file, now, now).then(
    () => true,
    () => false,
  );
}
