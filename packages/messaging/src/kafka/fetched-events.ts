import { IS_CONTROL, type KafkaRecord, type RecordsBatch } from '@platformatic/kafka';
import type { EventHeaders, LoggedEvent } from '../event-record.ts';

/** The events of one partition's fetched record batches, and the offset to fetch next. */
export interface FetchedEvents {
  readonly events: LoggedEvent[];
  /** Per event, the size of its record (key, value, headers): what holding it costs, roughly. */
  readonly sizes: number[];
  /** Past every batch fetched, control batches included; `from` when nothing was. */
  readonly next: bigint;
}

/**
 * Turns the record batches a fetch returned for (topic, partition) into events, leaving out what lies before
 * `from` (a compressed batch is returned whole, from its first record) and transaction markers.
 */
export function fetchedEvents(
  topic: string,
  partition: number,
  batches: readonly RecordsBatch[],
  from: bigint,
): FetchedEvents {
  const events: LoggedEvent[] = [];
  const sizes: number[] = [];
  let next = from;
  for (const batch of batches) {
    const end = batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n;
    if (end > next) next = end;
    if ((batch.attributes & IS_CONTROL) !== 0) continue;
    for (const record of batch.records) {
      const offset = batch.firstOffset + BigInt(record.offsetDelta);
      if (offset < from) continue;
      events.push(toLoggedEvent(topic, partition, offset, batch.firstTimestamp + record.timestampDelta, record));
      sizes.push(record.length);
    }
  }
  return { events, sizes, next };
}

function toLoggedEvent(
  topic: string,
  partition: number,
  offset: bigint,
  timestamp: bigint,
  record: KafkaRecord,
): LoggedEvent {
  const { value } = record;
  return {
    topic,
    partition,
    offset,
    key: record.key?.toString('utf8') ?? '',
    value: value ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : new Uint8Array(),
    headers: toHeaders(record.headers),
    loggedAt: new Date(Number(timestamp)),
  };
}

function toHeaders(headers: readonly (readonly [Buffer | null, Buffer | null])[]): EventHeaders {
  const result: Record<string, string> = {};
  for (const [name, value] of headers) {
    if (name === null || value === null) continue;
    const key = name.toString('utf8');
    // Our headers are never repeated; should one be, the first value counts, as under kafkajs.
    if (Object.hasOwn(result, key)) continue;
    const text = value.toString('utf8');
    // Assigned, which keeps the object's fast properties (defining every header took twice as long: 8 % of the
    // ledger's apply thread), except a header named __proto__: defined, so it cannot change the prototype.
    if (key === '__proto__') {
      Object.defineProperty(result, key, { value: text, enumerable: true, writable: true, configurable: true });
    } else {
      result[key] = text;
    }
  }
  return result;
}
