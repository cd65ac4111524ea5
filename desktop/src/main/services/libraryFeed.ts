import type { LibraryChanges } from '@rushes/shared';
import type { BackendClient } from './backend';

export const POLL_MS = 1_000;

/**
 * Follows the API's change feed while someone is signed in and tells the renderer what
 * changed, so other users' work appears within about a second without a reload. The feed is
 * filtered on the server to what this user may read.
 */
export class LibraryFeed {
  private timer: NodeJS.Timeout | null = null;
  private since: number | null = null;
  private running = false;

  constructor(
    private readonly backend: BackendClient,
    private readonly emit: (changes: LibraryChanges) => void,
    private readonly log: (message: string, error: unknown) => void = () => undefined,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.since = null;
    this.schedule(0);
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delay: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => void this.poll(), delay);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    try {
      if (this.since === null) {
        this.since = (await this.backend.call('changes', { query: {} })).latest;
      } else {
        const page = await this.backend.call('changes', { query: { since: this.since, limit: 1000 } });
        this.since = page.latest;
        if (page.changes.length > 0 && this.running) {
          const folders = new Set<string>();
          const assets = new Set<string>();
          for (const change of page.changes) {
            folders.add(change.folderPath);
            if (change.kind.startsWith('asset.')) assets.add(change.target);
            else folders.add(change.target);
          }
          this.emit({ folders: [...folders], assets: [...assets], latest: page.latest });
        }
      }
    } catch (error) {
      this.log('library feed', error);
    }
    this.schedule(POLL_MS);
  }
}
