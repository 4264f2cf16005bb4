import type { Queryable } from '@vezel/db';
import type { FeedEvent, FeedPage, FeedRequest } from '../../app/ledger-queries.ts';
import { factFromJson } from './fact-json.ts';
import { readableNodesSql } from './readable-nodes-sql.ts';

/** A feed event's columns as the feed's queries select them. */
export interface FeedEventRow {
  position: bigint;
  event_id: string;
  type: string;
  occurred_at: Date;
  fact: unknown;
}

export function feedEventOf(row: FeedEventRow): FeedEvent {
  return {
    position: BigInt(row.position),
    eventId: row.event_id,
    type: row.type,
    occurredAt: row.occurred_at,
    fact: factFromJson(row.fact),
    factJson: row.fact,
  };
}

function minBigint(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function maxBigint(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

/**
 * The feed's settled end (`ledger_feed_settled`): no event after it is delivered. It lies before the first event
 * whose visibility is not known yet, and trails it until the next refresh moves it.
 */
export async function readSettledFeedEnd(db: Queryable): Promise<bigint> {
  const { rows } = await db.query<{ through: bigint }>(`select position as through from ledger_feed_settled`);
  return BigInt(rows[0]?.through ?? 0n);
}

/**
 * The positions one read of the feed covers: after `after` (or, for the newest events, the window before the end),
 * never past the settled end, and no more than `scanWindow` of them, matching or not: a partner that sees one event
 * in a million must not make one query scan the whole feed.
 */
export function feedWindowOf(request: FeedRequest, end: bigint): { readonly after: bigint; readonly through: bigint } {
  const window = BigInt(request.scanWindow ?? 20_000);
  const after = request.latest === true ? maxBigint(0n, end - window) : request.after;
  return { after, through: minBigint(end, after + window) };
}

/**
 * One page of the partner feed: events after `request.after` in position order, never past the first event whose
 * visibility is not settled yet (so a subscriber that resumes from the last position it got misses nothing), each
 * with its stored fact. Who may see an event is read now, from the parties it names and its nodes' readers.
 */
export async function readFeedPage(db: Queryable, request: FeedRequest): Promise<FeedPage> {
  const end = await readSettledFeedEnd(db);
  const { after, through: settledThrough } = feedWindowOf(request, end);
  const atEnd = settledThrough === end;
  if (settledThrough <= after) return { events: [], settledThrough: end, atEnd: true };
  const { rows } = await db.query<FeedEventRow>(
    `select f.position, f.event_id, f.type, f.occurred_at, stored.fact
       from ledger_feed f
       join ledger_facts stored using (event_id)
      where f.position > $1 and f.position <= $2
        and ($3::text[] is null or f.type = any($3))
        and ($4::text is null or $4 = any(f.node_ids))
        and ($5::text is null
             or ('municipality:' || $5) = any(f.parties)
             or exists (select 1 from ledger_node_municipalities o where o.node_id = any(f.node_ids) and o.municipality = $5))
        and ($6::text[] is null or f.parties && $6 or ${readableNodesSql('f.node_ids', '$6')})
      order by f.position ${request.latest === true ? 'desc' : ''}
      limit $7`,
    [
      after.toString(),
      settledThrough.toString(),
      request.types ?? null,
      request.nodeId ?? null,
      request.municipality ?? null,
      request.readers === undefined ? null : [...request.readers],
      request.limit,
    ],
  );
  if (request.latest === true) rows.reverse();
  return {
    events: rows.map(feedEventOf),
    settledThrough,
    atEnd,
  };
}
