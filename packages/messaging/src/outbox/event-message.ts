import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { encodeEvent } from '../protobuf-codec.ts';
import type { OutboxMessage } from './outbox-writer.ts';

/** What every message of one publishing service shares: its topic and its `ce_source`. */
export interface EventOrigin {
  readonly topic: string;
  readonly source: string;
}

/**
 * The outbox message of one fact: `message` encoded by `schema` (which also gives `ce_type`), keyed (and
 * `ce_subject`) by the node the fact is about, timed by when the fact happened rather than when it is published.
 */
export type EventMessageOf = <Desc extends DescMessage>(
  subject: string,
  time: Date,
  schema: Desc,
  message: MessageShape<Desc>,
) => OutboxMessage;

/** How one service turns its facts into outbox messages, every one from `origin`. */
export function eventMessagesFrom(origin: EventOrigin): EventMessageOf {
  return (subject, time, schema, message) => ({
    topic: origin.topic,
    source: origin.source,
    subject,
    time,
    ...encodeEvent(schema, message),
  });
}
