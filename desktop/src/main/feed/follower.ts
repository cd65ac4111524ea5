import type { BackendClient } from '../services/backend';
import { mayHaveMore, readFeedPage, type FeedPage } from './feedPage';

export const POLL_MS = 1_000;
const PAGE_LIMIT = 1_000;

/** Takes one feed page; the follower waits for it before the next page, so pages arrive in order. */
export type FeedConsumer = (page: FeedPage) => Promise<void> | void;

/** Runs `run` after `ms`; returns what cancels it. Tests pass their own to step the follower by hand. */
export type Scheduler = (run: () => void, ms: number) => () => void;

const timers: Scheduler = (run, ms) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

/**
 * Follows the API's change feed while someone is signed in: one cursor, one request a poll
 * interval when nothing changes. Each page is read once, with the current rows of the assets
 * it put, and handed to every consumer in turn (the search cache first, so a search asked
 * after the renderer hears of a page sees it). Straight after a page that may have more
 * behind it, the next is asked at once. The feed is filtered on the server to what this
 * user may read.
 */
export class FeedFollower {
  private cursor: number | null = null;
  private cancel: (() => void) | null = null;
  private active = false;
  /** Bumped by start and stop, so a poll in flight when the session ended delivers nothing. */
  private run = 0;

  constructor(
    private readonly backend: Pick<BackendClient, 'call'>,
    private readonly consumers: readonly FeedConsumer[],
    private readonly log: (message: string, error: unknown) => void = () => undefined,
    private readonly schedule: Scheduler = timers,
    private readonly pageLimit = PAGE_LIMIT,
  ) {}

  /** From where the feed is now: what happened before is in whatever the consumers list or fill. */
  start(): void {
    if (this.active) return;
    this.active = true;
    this.cursor = null;
    this.next(++this.run, 0);
  }

  stop(): void {
    this.active = false;
    this.run += 1;
    this.cancel?.();
    this.cancel = null;
  }

  private next(run: number, ms: number): void {
    this.cancel = this.schedule(() => {
      this.cancel = null;
      void this.poll(run);
    }, ms);
  }

  private async poll(run: number): Promise<void> {
    let delay = POLL_MS;
    try {
      if (this.cursor === null) {
        const head = (await this.backend.call('changes', { query: {} })).latest;
        if (run === this.run) this.cursor = head;
      } else {
        const page = await readFeedPage(this.backend, this.cursor, this.pageLimit);
        if (page.to > page.from) {
          for (const consumer of this.consumers) {
            if (run !== this.run) return;
            await Promise.resolve()
              .then(() => consumer(page))
              .catch((error: unknown) => this.log('change feed consumer', error));
          }
        }
        if (run !== this.run) return;
        this.cursor = page.to;
        if (mayHaveMore(page, this.pageLimit)) delay = 0;
      }
    } catch (error) {
      if (run === this.run) this.log('change feed', error);
    }
    if (run === this.run) this.next(run, delay);
  }
}
