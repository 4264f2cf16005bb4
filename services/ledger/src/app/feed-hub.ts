import { UnavailableError } from '@vezel/errors';

/**
 * What the feed's streams in this process share: a wake-up when events become deliverable (the refresher settled
 * some; other processes' settles are found by polling), the end of every stream at shutdown, and counts for the
 * operator (`GET /v1/ledger/lag`).
 */
export interface FeedHub {
  notify(): void;
  /** Resolves at the next notify, after `ms`, or when `abort` fires, whichever is first. */
  next(ms: number, abort: AbortSignal): Promise<void>;
  /** Aborted when the process shuts down: every stream ends. */
  readonly closed: AbortSignal;
  close(): void;
  /**
   * A stream opened; the returned function says it ended (`slow`: cut off for not reading). Throws
   * UnavailableError (503 / UNAVAILABLE) when the process already serves its most streams: memory and database
   * polls grow with them, so past the bound a subscriber is sent to another replica or asked to come back.
   */
  opened(): (ending: 'gone' | 'slow') => void;
  stats(): FeedStats;
}

export interface FeedStats {
  /** Streams open now. */
  readonly subscribers: number;
  /** Streams cut off since start for leaving too much unread. */
  readonly slowDisconnects: number;
}

/** Streams one process serves at most, unless told otherwise. */
export const DEFAULT_MAX_STREAMS = 5_000;

export function createFeedHub(options: { readonly maxStreams?: number } = {}): FeedHub {
  const maxStreams = options.maxStreams ?? DEFAULT_MAX_STREAMS;
  const waiting = new Set<() => void>();
  const closing = new AbortController();
  let subscribers = 0;
  let slowDisconnects = 0;
  return {
    closed: closing.signal,
    close() {
      closing.abort();
    },
    notify() {
      for (const wake of [...waiting]) wake();
    },
    next(ms, abort) {
      return new Promise((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          waiting.delete(done);
          abort.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        waiting.add(done);
        abort.addEventListener('abort', done, { once: true });
      });
    },
    opened() {
      if (subscribers >= maxStreams) {
        throw new UnavailableError(`this server already serves ${maxStreams} feed streams; try again shortly`, {
          details: { maxStreams },
        });
      }
      subscribers += 1;
      let ended = false;
      return (ending) => {
        if (ended) return;
        ended = true;
        subscribers -= 1;
        if (ending === 'slow') slowDisconnects += 1;
      };
    },
    stats: () => ({ subscribers, slowDisconnects }),
  };
}
