import type { FeedHub } from './feed-hub.ts';
import type { FeedEvent, FeedRequest, LedgerQueries } from './ledger-queries.ts';

/** Which feed events a subscriber wants (the read policy adds who may see them). */
export type FeedFilter = Omit<FeedRequest, 'after' | 'limit' | 'readers' | 'scanWindow' | 'latest'>;

/** How a subscription reads and when a subscriber is too slow; the defaults suit a partner on the internet. */
export interface FeedLimits {
  /** How often to look for new events when no settle in this process says so (another process may apply). */
  readonly pollMs?: number;
  /** Events per read. Default 500. */
  readonly pageSize?: number;
  /** Positions one read looks at, at most (a partner that sees few events does not scan the feed at once). */
  readonly scanWindow?: number;
  /** SSE: a comment line this often keeps proxies from closing an idle stream. Default 15 s. */
  readonly heartbeatMs?: number;
  /**
   * SSE: bytes a subscriber may leave unread in the server before it is disconnected (with an `error` event saying
   * why): a slow client never makes the server hold an unbounded backlog. Default 1 MiB.
   */
  readonly maxUnreadBytes?: number;
  /**
   * SSE: bytes all of a process's subscribers may leave unread together; past it, those holding more than an even
   * share are cut off. Default 256 MiB.
   */
  readonly maxUnreadBytesTotal?: number;
  /** SSE: how long a subscriber that was cut off has to read why before its connection is closed. Default 30 s. */
  readonly graceMs?: number;
  /** gRPC: how long a subscriber may leave an event untaken (flow control) before it is ended. Default 30 s. */
  readonly stallMs?: number;
  /** Streams one process serves at most (SSE and gRPC together); past it, 503 / UNAVAILABLE. Default 5,000. */
  readonly maxStreams?: number;
}

/** Where a subscription without a position starts: after the last settled event, so it gets new events only. */
export async function feedEnd(queries: LedgerQueries, filter: FeedFilter): Promise<bigint> {
  return (await queries.feed({ ...filter, after: 2n ** 62n, limit: 1 })).settledThrough;
}

/**
 * Hands a subscriber the feed's events after `after`, in position order, a page at a time, never past the feed's
 * settled end; then, when `follow`, waits for more (a settle in this process wakes it, else it polls) until `ended`
 * fires. One loop for every channel: SSE and gRPC differ only in `deliver`, which answers false when the subscriber
 * cannot take more (it is then cut off: the result names the last position delivered).
 */
export async function followFeed(options: {
  readonly queries: LedgerQueries;
  readonly filter: FeedFilter;
  readonly after: bigint;
  readonly follow: boolean;
  /** Start with the newest this many events, then follow from the end (`after` is then where it ended). */
  readonly latest?: number;
  readonly hub: FeedHub;
  readonly ended: AbortSignal;
  readonly limits?: FeedLimits;
  readonly deliver: (event: FeedEvent) => Promise<boolean> | boolean;
}): Promise<{ readonly outcome: 'done' | 'cut-off'; readonly lastPosition: bigint }> {
  const { queries, filter, hub, ended } = options;
  const pollMs = options.limits?.pollMs ?? 1_000;
  const pageSize = options.limits?.pageSize ?? 500;
  let cursor = options.after;
  let lastPosition = options.after;
  if (options.latest !== undefined) {
    // The newest events first (a page opening on what happened lately), then on from the end as usual.
    const newest = await queries.feed({ ...filter, after: 0n, limit: options.latest, latest: true });
    for (const event of newest.events) {
      if (ended.aborted) break;
      lastPosition = event.position;
      if (!(await options.deliver(event))) return { outcome: 'cut-off', lastPosition };
    }
    cursor = newest.settledThrough;
    lastPosition = cursor;
  }
  while (!ended.aborted) {
    const page = await queries.feed({
      ...filter,
      after: cursor,
      limit: pageSize,
      ...(options.limits?.scanWindow === undefined ? {} : { scanWindow: options.limits.scanWindow }),
    });
    for (const event of page.events) {
      if (ended.aborted) break;
      const taken = await options.deliver(event);
      cursor = event.position;
      lastPosition = event.position;
      if (!taken) return { outcome: 'cut-off', lastPosition };
    }
    if (page.events.length === pageSize) continue;
    // Everything the page looked at was matched: the next read starts after it, not at the last event sent.
    if (page.settledThrough > cursor) cursor = page.settledThrough;
    if (!page.atEnd) continue;
    if (!options.follow) break;
    await hub.next(pollMs, ended);
  }
  return { outcome: 'done', lastPosition };
}
