import { IS_CONTROL, type KafkaRecord, type RecordsBatch } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { fetchedEvents } from '../src/kafka/fetched-events.ts';

function record(offsetDelta: number, key: string | null, headers: [string, string][] = []): KafkaRecord {
  return {
    length: 20 + offsetDelta,
    attributes: 0,
    timestampDelta: BigInt(offsetDelta * 1_000),
    offsetDelta,
    key: key === null ? null : Buffer.from(key),
    value: Buffer.from(`value-${offsetDelta}`),
    headers: headers.map(([name, value]) => [Buffer.from(name), Buffer.from(value)]),
  };
}

function batch(firstOffset: bigint, records: KafkaRecord[], attributes = 0): RecordsBatch {
  return {
    firstOffset,
    length: 0,
    partitionLeaderEpoch: 0,
    magic: 2,
    crc: 0,
    attributes,
    lastOffsetDelta: records.length - 1,
    firstTimestamp: 1_767_225_600_000n,
    maxTimestamp: 1_767_225_600_000n,
    producerId: -1n,
    producerEpoch: -1,
    firstSequence: -1,
    records,
  };
}

describe('events of fetched record batches', () => {
  it('leaves out what lies before the fetch offset: a compressed batch comes back whole', () => {
    const { events, sizes, next } = fetchedEvents(
      't',
      2,
      [batch(10n, [record(0, 'a'), record(1, 'b'), record(2, 'c')])],
      11n,
    );
    expect(events.map((event) => [event.offset, event.key, event.partition, event.topic])).toEqual([
      [11n, 'b', 2, 't'],
      [12n, 'c', 2, 't'],
    ]);
    expect(sizes).toEqual([21, 22]);
    expect(next).toBe(13n);
    expect(events[0]!.loggedAt).toEqual(new Date(1_767_225_601_000));
    expect(Buffer.from(events[0]!.value).toString()).toBe('value-1');
  });

  it('skips transaction markers but moves past them', () => {
    const marker = batch(13n, [record(0, null)], IS_CONTROL);
    const { events, next } = fetchedEvents('t', 0, [batch(12n, [record(0, 'a')]), marker], 12n);
    expect(events.map((event) => event.offset)).toEqual([12n]);
    expect(next).toBe(14n);
  });

  it('reads headers as text, keeps the first of a repeated name, and a missing key as empty', () => {
    const headers: [string, string][] = [
      ['ce_id', 'first'],
      ['ce_id', 'second'],
      ['__proto__', 'plain'],
    ];
    const { events } = fetchedEvents('t', 0, [batch(0n, [record(0, null, headers)])], 0n);
    expect(events[0]!.key).toBe('');
    expect(events[0]!.headers['ce_id']).toBe('first');
    expect(Object.getOwnPropertyNames(events[0]!.headers)).toEqual(['ce_id', '__proto__']);
  });

  it('returns the fetch offset as next when nothing was fetched', () => {
    expect(fetchedEvents('t', 0, [], 42n)).toEqual({ events: [], sizes: [], next: 42n });
  });
});
