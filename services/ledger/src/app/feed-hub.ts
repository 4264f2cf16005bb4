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
  /**
   * What `stream` leaves unread in this process now (0 when it ended); false when it must be cut off because the
   * process as a whole holds more than its budget and this stream more than its share of it. The bound per stream
   * alone lets 5,000 slow subscribers hold 5 GiB; this bounds them together.
   */
  unread(stream: object, bytes: number): boolean;
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

/** Bytes all of a process's streams may leave unread together, unless told otherwise. */
export const DEFAULT_MAX_UNREAD_BYTES_TOTAL = 256 * 1024 * 1024;

export function createFeedHub(
  options: { readonly maxStreams?: number; readonly maxUnreadBytesTotal?: number } = {},
): FeedHub {
  const maxStreams = options.maxStreams ?? DEFAULT_MAX_STREAMS;
  const budget = options.maxUnreadBytesTotal ?? DEFAULT_MAX_UNREAD_BYTES_TOTAL;
  const unreadBy = new Map<object, number>();
  let unreadTotal = 0;
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
        // An abort that already happened fires no event.
        if (abort.aborted) {
          resolve();
          return;
        }
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
    unread(stream, bytes) {
      unreadTotal += bytes - (unreadBy.get(stream) ?? 0);
      if (bytes === 0) unreadBy.delete(stream);
      else unreadBy.set(stream, bytes);
      // Over budget, the streams holding more than an even share go first: the others are keeping up.
      return unreadTotal <= budget || bytes <= budget / Math.max(1, unreadBy.size);
    },
    stats: () => ({ subscribers, slowDisconnects }),
  };
}
