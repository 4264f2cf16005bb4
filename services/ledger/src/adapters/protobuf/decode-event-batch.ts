import type { EventBatch } from '@vezel/messaging';
import type { LedgerEventBatch, PositionedFact, RejectedEvent } from '../../app/ledger-event-batch.ts';
import { decodeLedgerEvent } from './decode-ledger-event.ts';
import { isStorableTime } from './read-wire-fields.ts';

/**
 * Decodes a non-empty batch from the event log into what the fact store writes. Bad events become rejected
 * entries (see decodeLedgerEvent), so the batch as a whole always decodes and its position can move on.
 */
export function decodeEventBatch(batch: EventBatch): LedgerEventBatch {
  const last = batch.events.at(-1);
  if (last === undefined) throw new RangeError(`empty batch of ${batch.topic}/${batch.partition}`);
  const facts: PositionedFact[] = [];
  const rejected: RejectedEvent[] = [];
  for (const event of batch.events) {
    const decoded = decodeLedgerEvent(event);
    if (decoded.kind === 'fact') {
      facts.push({ fact: decoded.fact, offset: event.offset });
    } else {
      rejected.push({
        offset: event.offset,
        reason: decoded.reason,
        ...(decoded.eventId === undefined ? {} : { eventId: decoded.eventId }),
        ...(decoded.type === undefined ? {} : { type: decoded.type }),
        headers: event.headers,
        value: event.value,
      });
    }
  }
  const lastEventAt = new Date(last.headers['ce_time'] ?? Number.NaN);
  return {
    topic: batch.topic,
    partition: batch.partition,
    lastOffset: last.offset,
    // The last event's time, when it has one PostgreSQL stores (a rejected event's may be anything).
    ...(isStorableTime(lastEventAt) ? { lastEventAt } : {}),
    facts,
    rejected,
  };
}
