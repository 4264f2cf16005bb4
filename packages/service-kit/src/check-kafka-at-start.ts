import { KafkaAccessRefusedError, MissingTopicsError, type EventLog } from '@vezel/messaging';
import type { Logger } from '@vezel/telemetry';

/**
 * Asks the broker at start-up for `topics` (creating them where the log may, only looking where the operator
 * provisions them), and stops start-up on the two answers that waiting cannot change: a topic the operator has not
 * provisioned, and a broker that refuses this service (its SASL credentials, or a certificate the service does not
 * trust). Either way the service would take commands whose events never leave the outbox, with nothing but a
 * relay's warnings to say so. A broker that cannot be reached does not stop it: a write service takes commands while
 * Kafka is down (the outbox holds the events, and the relay checks the topics again before its first publish), so
 * that is worth a warning only.
 */
export async function checkKafkaAtStart(eventLog: EventLog, topics: readonly string[], logger: Logger): Promise<void> {
  // A module that publishes nowhere (the ledger checks its topics itself) costs the broker no round trip.
  if (topics.length === 0) return;
  try {
    await eventLog.ensureTopics(topics.map((name) => ({ name })));
  } catch (error) {
    if (error instanceof MissingTopicsError) throw error;
    if (error instanceof KafkaAccessRefusedError) {
      throw new KafkaAccessRefusedError(
        `${error.message}; this service's settings: KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD, ` +
          'KAFKA_TLS and KAFKA_TLS_CA_FILE',
        { cause: error },
      );
    }
    logger.warn('cannot check that the topics exist; starting anyway, events wait in the outbox until they can', {
      topics,
      error,
    });
  }
}
