import type { Response } from 'express';
import type { FeedHub } from '../../app/feed-hub.ts';
import type { FeedPage, FeedRequest, LedgerQueries } from '../../app/ledger-queries.ts';
import type { FeedQuery } from './ledger-requests.ts';

/** How a feed stream paces itself; the defaults suit a partner on the internet. */
export interface FeedStreamLimits {
  /** A comment line this often keeps proxies from closing an idle stream. Default 15 s. */
  readonly heartbeatMs?: number;
  /** How often to look for new events when no settle in this process says so (another process may apply). */
  readonly pollMs?: number;
  /** Events per read. Default 500. */
  readonly pageSize?: number;
  /**
   * Bytes a subscriber may leave unread before it is disconnected (with an `error` event saying why): a slow
   * client never makes the server hold an unbounded backlog. Default 1 MiB.
   */
  readonly maxUnreadBytes?: number;
  /** How long a subscriber that was cut off has to read why before its connection is closed. Default 30 s. */
  readonly graceMs?: number;
}

/**
 * Serves the partner feed as Server-Sent Events: each event as `id: <position>`, `event: <type>`, `data: <JSON>`, so
 * a reconnecting client resumes with `Last-Event-ID` and misses nothing; events up to the feed's settled end only
 * (their visibility known); heartbeats; and an end to subscribers that do not keep up: once more than
 * `maxUnreadBytes` wait in the server for a subscriber, it gets an `error` event naming where to resume and the
 * connection closes, so memory per subscriber stays bounded by the limit and one page. With `follow: false` it ends once the subscriber has caught up.
 */
export async function streamFeed(
  res: Response,
  options: {
    readonly queries: LedgerQueries;
    readonly query: FeedQuery;
    readonly hub: FeedHub;
    readonly limits?: FeedStreamLimits;
  },
): Promise<void> {
  const { queries, query, hub } = options;
  const heartbeatMs = options.limits?.heartbeatMs ?? 15_000;
  const pollMs = options.limits?.pollMs ?? 1_000;
  const pageSize = options.limits?.pageSize ?? 500;
  const maxUnreadBytes = options.limits?.maxUnreadBytes ?? 1024 * 1024;
  const graceMs = options.limits?.graceMs ?? 30_000;
  const filter: Omit<FeedRequest, 'after' | 'limit'> = {
    ...(query.types === undefined ? {} : { types: query.types }),
    ...(query.nodeId === undefined ? {} : { nodeId: query.nodeId }),
    ...(query.municipality === undefined ? {} : { municipality: query.municipality }),
  };
  const read = (after: bigint): Promise<FeedPage> => queries.feed({ ...filter, after, limit: pageSize });
  // Where to start is settled before the stream opens, so a bad request is still a problem+json answer.
  let cursor = query.after ?? (await read(2n ** 62n)).settledThrough;

  const gone = new AbortController();
  res.on('close', () => gone.abort());
  // The subscriber left, or the process is shutting down.
  const ended = AbortSignal.any([gone.signal, hub.closed]);
  const closed = hub.opened();
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  res.write(`retry: 2000\n\n`);
  const heartbeat = setInterval(() => res.write(`: heartbeat\n\n`), heartbeatMs);
  const cutOff = (why: string): void => {
    closed('slow');
    const reason = `${why}; reconnect with Last-Event-ID ${cursor}`;
    res.end(`event: error\ndata: ${JSON.stringify({ reason, lastEventId: cursor.toString() })}\n\n`);
    // A subscriber that never reads again would hold the socket and what is queued on it.
    setTimeout(() => res.destroy(), graceMs).unref();
  };
  try {
    while (!ended.aborted) {
      const page = await read(cursor);
      for (const event of page.events) {
        const data = JSON.stringify({
          position: event.position.toString(),
          eventId: event.eventId,
          type: event.type,
          occurredAt: event.occurredAt.toISOString(),
          fact: event.fact,
        });
        res.write(`id: ${event.position}\nevent: ${event.type}\ndata: ${data}\n\n`);
        cursor = event.position;
      }
      if (res.writableLength > maxUnreadBytes) {
        cutOff(`this subscriber left more than ${maxUnreadBytes} bytes unread`);
        return;
      }
      const caughtUp = page.events.length < pageSize;
      // Everything up to the settled end was matched: the next read starts there, not at the last event sent.
      if (caughtUp && page.settledThrough > cursor) cursor = page.settledThrough;
      if (!caughtUp) continue;
      if (!query.follow) break;
      await hub.next(pollMs, ended);
    }
    res.end();
  } finally {
    clearInterval(heartbeat);
    closed('gone');
  }
}
