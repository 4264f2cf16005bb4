export type { EventHeaders, EventRecord, LoggedEvent } from './event-record.ts';
export type { EventBatch, EventLog, SubscribeOptions, Subscription, TopicSpec } from './event-log.ts';
export { KafkaAccessRefusedError } from './kafka-access-refused-error.ts';
export { MissingTopicsError } from './missing-topics-error.ts';
export {
  toCloudEventHeaders,
  parseCloudEventHeaders,
  PROTOBUF_CONTENT_TYPE,
  type CloudEventAttributes,
} from './cloud-event-headers.ts';
export { currentRecordingPrincipal, recordingAs, type RecordingPrincipal } from './recording-principal.ts';
export { encodeEvent, decodeEvent, type DecodedEvent } from './protobuf-codec.ts';
export { uuidv7 } from './uuidv7.ts';
export { createKafkaEventLog } from './kafka/kafka-event-log.ts';
export type { KafkaEventLogOptions, KafkaLogLevel, KafkaSasl } from './kafka/kafka-event-log-options.ts';
export { createPostgresEventLog, type PostgresEventLogOptions } from './postgres/postgres-event-log.ts';
export { eventLogSchemaSql } from './postgres/event-log-schema.ts';
export { outboxSchemaSql } from './outbox/outbox-schema.ts';
export { appendToOutbox, type OutboxMessage } from './outbox/outbox-writer.ts';
export { eventMessagesFrom, type EventMessageOf, type EventOrigin } from './outbox/event-message.ts';
export { startOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './outbox/outbox-relay.ts';
