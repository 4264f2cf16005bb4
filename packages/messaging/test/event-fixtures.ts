import { randomBytes } from 'node:crypto';
import { toCloudEventHeaders, uuidv7, type EventRecord } from '../src/index.ts';

/** A realistic event record (CloudEvents headers, trace context, a value of protobuf-like size). */
export function anEvent(options: { topic: string; key: string; sequence: number; valueBytes?: number }): EventRecord {
  const value = randomBytes(options.valueBytes ?? 180);
  value.writeUInt32BE(options.sequence, 0);
  return {
    topic: options.topic,
    key: options.key,
    value: new Uint8Array(value),
    headers: {
      ...toCloudEventHeaders({
        id: uuidv7(),
        type: 'vezel.collection.v1.BatchCollected',
        source: '/vezel/collection',
        subject: options.key,
        time: new Date('2026-03-01T08:30:00+01:00'),
      }),
      traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
    },
  };
}
