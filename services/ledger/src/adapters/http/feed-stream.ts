import type { Response } from 'express';
import type { FeedHub } from '../../app/feed-hub.ts';
import { feedEnd, followFeed, type FeedLimits } from '../../app/follow-feed.ts';
import type { FeedEvent, LedgerQueries } from '../../app/ledger-queries.ts';
import { standaloneEpcisJson } from '../epcis/render-epcis-event.ts';
import { feedEventJson } from './feed-event-json.ts';
import type { FeedQuery } from './ledger-requests.ts';

/**
 * Serves the partner feed as Server-Sent Events: each event as `id: <position>`, `event: <type>`, `data: <JSON>`, so
 * a reconnecting client resumes with `Last-Event-ID` and misses nothing; heartbeats; and an end to subscribers that
 * do not keep up: once more than `maxUnreadBytes` wait in the server for a subscriber, it gets an `error` event
 * naming where to resume and the connection closes, so memory per subscriber stays bounded by the limit and one
 * event. With `follow: false` it ends once the subscriber has caught up.
 */
export async function streamFeed(
  res: Response,
  options: {
    readonly queries: LedgerQueries;
    readonly query: FeedQuery;
    readonly hub: FeedHub;
    /** Aborted when the subscriber's connection closes (listened for from the start of the request). */
    readonly gone: AbortSignal;
    readonly limits?: FeedLimits;
    /** Where EPCIS node and place URIs live (`format=epcis`). */
    readonly epcisBase: string;
  },
): Promise<void> {
  const { queries, query, hub } = options;
  const heartbeatMs = options.limits?.heartbeatMs ?? 15_000;
  const maxUnreadBytes = options.limits?.maxUnreadBytes ?? 1024 * 1024;
  const graceMs = options.limits?.graceMs ?? 30_000;
  const { filter } = query;
  // Where to start is settled before the stream opens, so a failure is still a problem+json answer.
  const after = query.after ?? (query.latest === undefined ? await feedEnd(queries, filter) : 0n);

  if (options.gone.aborted) return;
  const closed = hub.opened();
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  res.write(`retry: 2000\n\n`);
  const heartbeat = setInterval(() => res.write(`: heartbeat\n\n`), heartbeatMs);
  // What the subscriber read is no longer the process's to hold.
  const drained = (): void => void hub.unread(res, res.writableLength);
  res.on('drain', drained);
  let overBudget = false;
  try {
    const { outcome, lastPosition } = await followFeed({
      queries,
      filter,
      after,
      follow: query.follow,
      ...(query.latest === undefined ? {} : { latest: query.latest }),
      hub,
      // The subscriber left, or the process is shutting down.
      ended: AbortSignal.any([options.gone, hub.closed]),
      ...(options.limits === undefined ? {} : { limits: options.limits }),
      deliver: (event) => {
        const data = dataOf(event, query.format, options.epcisBase);
        // A fact EPCIS has no event for (a container's registration) is skipped; the stream goes on after it.
        if (data === undefined) return true;
        res.write(`id: ${event.position}\nevent: ${event.type}\ndata: ${data}\n\n`);
        const unread = res.writableLength;
        if (unread > maxUnreadBytes) return false;
        if (hub.unread(res, unread)) return true;
        overBudget = true;
        return false;
      },
    });
    if (outcome === 'cut-off') {
      closed('slow');
      const reason = overBudget
        ? `the server holds too much unread for all its subscribers, the most for this one; reconnect with Last-Event-ID ${lastPosition}`
        : `this subscriber left more than ${maxUnreadBytes} bytes unread; reconnect with Last-Event-ID ${lastPosition}`;
      res.end(`event: error\ndata: ${JSON.stringify({ reason, lastEventId: lastPosition.toString() })}\n\n`);
      // A subscriber that never reads again would hold the socket and what is queued on it.
      setTimeout(() => res.destroy(), graceMs).unref();
      return;
    }
    res.end();
  } finally {
    clearInterval(heartbeat);
    res.off('drain', drained);
    hub.unread(res, 0);
    closed('gone');
  }
}

/** An event's `data:` line: the stored fact with its position, or the EPCIS event (undefined when it has none). */
function dataOf(event: FeedEvent, format: FeedQuery['format'], epcisBase: string): string | undefined {
  if (format === 'epcis') return standaloneEpcisJson(event.fact, epcisBase);
  return JSON.stringify(feedEventJson(event));
}
