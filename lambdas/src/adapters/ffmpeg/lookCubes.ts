import { randomUUID } from 'node:crypto';
import { copyFile, link, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Baked cubes kept on disk at once; a show has a handful of looks, a 65³ cube is about 7 MB. */
const KEPT_CUBES = 16;

/**
 * The baked cubes of looks, fetched from the derived bucket once and kept on local disk for
 * the next clips of the same folder (a day's cards all go through one look). A baked cube's key
 * is named after the SHA-256 of its text and never rewritten, so a kept copy cannot go stale.
 * Each job gets its own hard link to the cube, so dropping the oldest cube from the cache never
 * pulls a file from under a running ffmpeg.
 */
export class LookCubeCache {
  /** Key → the kept file, oldest first (a Map keeps insertion order). */
  private readonly kept = new Map<string, Promise<string>>();

  constructor(
    private readonly options: {
      dir: string;
      fetch(key: string, file: string): Promise<void>;
      keep?: number;
    },
  ) {}

  /** Puts the cube of `key` at `file` (in a job's folder), fetching it only if not kept already. */
  async place(key: string, file: string): Promise<void> {
    const kept = await this.keptFile(key);
    try {
      await link(kept, file);
    } catch {
      // A cache on another file system than the job (or one without hard links) takes a copy;
      // a cube dropped from the cache meanwhile (more new looks at once than it keeps) is fetched.
      await copyFile(kept, file).catch(() => this.options.fetch(key, file));
    }
  }

  private keptFile(key: string): Promise<string> {
    const known = this.kept.get(key);
    if (known) {
      // Most recently used last.
      this.kept.delete(key);
      this.kept.set(key, known);
      return known;
    }
    const fetched = this.fetch(key);
    this.kept.set(key, fetched);
    // A failed fetch is forgotten, so the next job tries again.
    fetched.catch(() => {
      if (this.kept.get(key) === fetched) this.kept.delete(key);
    });
    void this.evict();
    return fetched;
  }

  private async fetch(key: string): Promise<string> {
    await mkdir(this.options.dir, { recursive: true });
    const file = path.join(this.options.dir, `${randomUUID()}.cube`);
    // Fetched under a temporary name and renamed when complete: a kept file is always whole.
    const partial = `${file}.partial`;
    try {
      await this.options.fetch(key, partial);
      await rename(partial, file);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return file;
  }

  private async evict(): Promise<void> {
    const keep = this.options.keep ?? KEPT_CUBES;
    while (this.kept.size > keep) {
      const [oldest, file] = this.kept.entries().next().value!;
      this.kept.delete(oldest);
      await file.then(
        (name) => rm(name, { force: true }),
        () => undefined,
      );
    }
  }
}
