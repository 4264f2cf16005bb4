import type { Queryable } from '@vezel/db';
import { captureTraceContext } from '@vezel/telemetry';
import { toCloudEventHeaders } from '../cloud-event-headers.ts';
import { currentRecordingPrincipal } from '../recording-principal.ts';
import { uuidv7 } from '../uuidv7.ts';
import { OUTBOX_CHANNEL } from './outbox-schema.ts';

/** One event to publish, as a command handler hands it over. */
export interface OutboxMessage {
  readonly topic: string;
  /** The node the event is about: Kafka key and CloudEvents subject. */
  readonly subject: string;
  /** Full protobuf message name (`ce_type`). */
  readonly type: string;
  /** The producing service (`ce_source`), e.g. `/vezel/sorting`. */
  readonly source: string;
  /** When the fact happened (the command's time), not when it was published. */
  readonly time: Date;
  readonly value: Uint8Array;
  /** CloudEvents id; a UUIDv7 is minted when absent. Pass one to make re-appending idempotent downstream. */
  readonly id?: string;
}

/**
 * Appends events to the outbox inside the caller's transaction, so they commit or roll back with the state change
 * (never a dual write). The active trace context is stored with each row; the relay continues it on publish.
 * Returns the CloudEvents ids.
 */
export async function appendToOutbox(tx: Queryable, messages: readonly OutboxMessage[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const traceJson = JSON.stringify(captureTraceContext());
  const recordedBy = currentRecordingPrincipal();
  const ids: string[] = [];
  const params: unknown[] = [];
  const tuples = messages.map((message, index) => {
    const id = message.id ?? uuidv7();
    ids.push(id);
    const headers = toCloudEventHeaders({
      id,
      type: message.type,
      source: message.source,
      subject: message.subject,
      time: message.time,
      ...(recordedBy === undefined ? {} : { recordedBy }),
    });
    params.push(message.topic, message.subject, message.value, JSON.stringify(headers), traceJson);
    const base = index * 5;
    return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}::jsonb, $${base + 5}::jsonb)`;
  });
  await tx.query(`insert into outbox (topic, key, value, headers, trace_context) values ${tuples.join(', ')}`, params);
  await tx.query(`select pg_notify($1, '')`, [OUTBOX_CHANNEL]);
  return ids;
}
