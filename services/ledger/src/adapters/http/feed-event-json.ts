import type { FeedEvent } from '../../app/ledger-queries.ts';

/** A feed event as every channel sends it in JSON: its position, ids, type, time and the fact as stored. */
export function feedEventJson(event: FeedEvent): Record<string, unknown> {
  return {
    position: event.position.toString(),
    eventId: event.eventId,
    type: event.type,
    occurredAt: event.occurredAt.toISOString(),
    fact: event.factJson,
  };
}
