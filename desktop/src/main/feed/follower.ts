import type { BackendClient } from '../services/backend';
import { mayHaveMore, readFeedPage, type FeedPage } from './feedPage';
import { PushChannel, type PushChannelOptions } from './pushChannel';

/** How often the feed is asked while there is no push channel (none configured, or down). */
export const POLL_MS = 1_000;
/** While the push channel is up, a rare poll is the safety net for a nudge that never came. */
export const SAFETY_POLL_MS = 60_000;
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

/** The profile's push channel, and where the token comes from: the follower brings its scheduler. */
export type FeedPush = Omit<PushChannelOptions, 'schedule' | 'log'>;

/**
 * Follows the API's change feed while someone is signed in: one cursor, one request a poll
 * interval when nothing changes. With a push channel (the profile's pushUrl), a nudge makes
 * it read the feed at once, and while the socket is up it polls only every
 * SAFETY_POLL_MS; while the socket is down it polls every POLL_MS as without one. Either
 * way the changes themselves come from the feed route, which applies the access rules. Each page is read once, with the current rows of the assets
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
  private polling = false;
  /** A nudge or a reconnect came while a poll was in flight: poll again straight after. */
  private again = false;
  private readonly push: PushChannel | null;
  private pushUp = false;

  constructor(
    private readonly backend: Pick<BackendClient, 'call'>,
    private readonly consumers: readonly FeedConsumer[],
    private readonly log: (message: string, error: unknown) => void = () => undefined,
    private readonly schedule: Scheduler = timers,
    private readonly pageLimit = PAGE_LIMIT,
    push?: FeedPush,
  ) {
    this.push = push
      ? new PushChannel(
          { ...push, schedule, log },
          {
            up: () => {
              this.pushUp = true;
              // Whatever changed while the socket was down was not announced: read it now.
              this.pollSoon();
            },
            down: () => {
              const wasUp = this.pushUp;
              this.pushUp = false;
              if (wasUp && this.active && !this.polling) this.reschedule(POLL_MS);
            },
            // Before the first head read, whether the nudge is news is not known yet: read.
            nudge: (upTo) => {
              if (this.cursor === null || upTo > this.cursor) this.pollSoon();
            },
          },
        )
      : null;
  }

  /** From where the feed is now: what happened before is in whatever the consumers list or fill. */
  start(): void {
    if (this.active) return;
    this.active = true;
    this.cursor = null;
    this.next(++this.run, 0);
    this.push?.start();
  }

  stop(): void {
    this.active = false;
    this.run += 1;
    this.push?.stop();
    this.pushUp = false;
    this.polling = false;
    this.again = false;
    this.cancel?.();
    this.cancel = null;
  }

  /** Reads the feed now, or straight after the poll in flight. */
  private pollSoon(): void {
    if (!this.active) return;
    if (this.polling) this.again = true;
    else this.reschedule(0);
  }

  private reschedule(ms: number): void {
    this.cancel?.();
    this.next(this.run, ms);
  }

  private next(run: number, ms: number): void {
    this.cancel = this.schedule(() => {
      this.cancel = null;
      void this.poll(run);
    }, ms);
  }

  private async poll(run: number): Promise<void> {
    this.polling = true;
    this.again = false;
    let more = false;
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
        more = mayHaveMore(page, this.pageLimit);
      }
    } catch (error) {
      if (run === this.run) this.log('change feed', error);
    }
    if (run !== this.run) return;
    this.polling = false;
    // Whether the socket is up is read now: it may have dropped or opened during the poll.
    this.next(run, this.again || more ? 0 : this.pushUp ? SAFETY_POLL_MS : POLL_MS);
  }
}
