import type { Queryable } from '@vezel/db';
import type { FeedEvent, FeedPage, FeedRequest } from '../../app/ledger-queries.ts';
import { feedEventOf, feedWindowOf, readSettledFeedEnd, type FeedEventRow } from './read-feed-page.ts';

/** A feed event with what decides who may see it and which filters it meets. */
interface TailEvent {
  readonly event: FeedEvent;
  readonly nodeIds: readonly string[];
  /** The parties it names and every reader of its nodes (holders; `municipality:<code>` of their origins). */
  readonly readers: ReadonlySet<string>;
  /** Municipalities it names or its nodes' grams come from. */
  readonly municipalities: ReadonlySet<string>;
}

/**
 * The events the feed settled last, read once for every subscriber of this process. After a settle, every live
 * stream and webhook at the feed's end wakes and asks for the same few positions; without this each asked the
 * database for them, one query per subscriber (1,000 subscribers: 1,000 queries a wake, the bottleneck
 * `bench:feeds` measured). The tail holds the latest settled range with who may see each event, read in one query
 * as soon as a reader finds the end moved, and answers reads that start at or after the range's start by filtering
 * in memory by the same rules as `readFeedPage`'s query.
 *
 * Only the latest range is kept: who may see an older event can grow with every settle (a lot reaching a store makes
 * its batch's events the store's), and a read must see it as the database does at that moment. A read that starts
 * before the range, a replay or a subscriber that fell behind, answers undefined and goes to the database.
 */
export function createFeedTailCache(db: Queryable): { read(request: FeedRequest): Promise<FeedPage | undefined> } {
  let tail: { readonly from: bigint; readonly through: bigint; readonly events: readonly TailEvent[] } | undefined;
  // Extensions run one after another, so the readers that find the end moved share one read of the new range.
  let extending: Promise<void> = Promise.resolve();
  const extendTo = (end: bigint): Promise<void> => {
    // A failed read (a statement timeout, a dropped connection) fails its own readers only, not every later one.
    extending = extending
      .catch(() => undefined)
      .then(async () => {
        if (tail !== undefined && end <= tail.through) return;
        // The first range starts at the end: the tail serves what settles from now on.
        const from = tail?.through ?? end;
        tail = { from, through: end, events: from < end ? await readTail(db, from, end) : [] };
      });
    return extending;
  };

  return {
    async read(request) {
      if (request.latest === true) return undefined;
      const end = await readSettledFeedEnd(db);
      const window = feedWindowOf(request, end);
      if (window.through <= window.after) return { events: [], settledThrough: end, atEnd: true };
      if (tail === undefined || tail.through < end) await extendTo(end);
      // The range read may already be newer than the end this reader saw: it reads to that range's end.
      const current = tail;
      if (current === undefined || window.after < current.from || window.through !== end) return undefined;
      const through = current.through;
      const events: FeedEvent[] = [];
      for (const entry of current.events) {
        if (entry.event.position <= window.after) continue;
        if (events.length === request.limit) break;
        if (meets(entry, request)) events.push(entry.event);
      }
      // As the database's page: it covers the whole range read, a full page included (the reader goes on from
      // its last event).
      return { events, settledThrough: through, atEnd: true };
    },
  };
}

/** The rules of `readFeedPage`'s query, in memory: type, node, municipality and who may see the event. */
function meets(entry: TailEvent, request: FeedRequest): boolean {
  if (request.types !== undefined && !request.types.includes(entry.event.type)) return false;
  if (request.nodeId !== undefined && !entry.nodeIds.includes(request.nodeId)) return false;
  if (request.municipality !== undefined && !entry.municipalities.has(request.municipality)) return false;
  if (request.readers === undefined) return true;
  for (const reader of request.readers) if (entry.readers.has(reader)) return true;
  return false;
}

async function readTail(db: Queryable, after: bigint, through: bigint): Promise<TailEvent[]> {
  const { rows } = await db.query<
    FeedEventRow & { node_ids: string[]; parties: string[]; holders: string[]; origins: string[] }
  >(
    `select f.position, f.event_id, f.type, f.occurred_at, stored.fact, f.node_ids, f.parties,
            array(select distinct reader from ledger_node_holder_sets h, unnest(h.readers) as reader
                   where h.node_id = any(f.node_ids)) as holders,
            array(select distinct o.municipality from ledger_node_municipalities o where o.node_id = any(f.node_ids))
              as origins
       from ledger_feed f
       join ledger_facts stored using (event_id)
      where f.position > $1 and f.position <= $2
      order by f.position`,
    [after.toString(), through.toString()],
  );
  return rows.map((row) => {
    const named = row.parties
      .filter((party) => party.startsWith('municipality:'))
      .map((party) => party.slice('municipality:'.length));
    return {
      event: feedEventOf(row),
      nodeIds: row.node_ids,
      readers: new Set([
        ...row.parties,
        ...row.holders,
        ...row.origins.map((municipality) => `municipality:${municipality}`),
      ]),
      municipalities: new Set([...named, ...row.origins]),
    };
  });
}
