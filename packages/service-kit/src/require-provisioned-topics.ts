import { MissingTopicsError, type EventLog } from '@vezel/messaging';
import type { Logger } from '@vezel/telemetry';

/**
 * Where the operator provisions the topics (`eventLog` may not create them, so `ensureTopics` only looks), checks at
 * start-up that `topics` exist, so
 * that a write service missing its topic stops at once with the log's error naming it, rather than taking commands
 * whose events would wait in the outbox until someone reads the relay's warnings. A broker that cannot be reached
 * does not stop it: a write service takes commands while Kafka is down (the outbox holds the events, and the relay
 * checks the topics again before its first publish), so that is worth a warning only.
 */
export async function requireProvisionedTopics(
  eventLog: EventLog,
  topics: readonly string[],
  logger: Logger,
): Promise<void> {
  // A module that publishes nowhere (the ledger checks its topics itself) costs the broker no round trip.
  if (topics.length === 0) return;
  try {
    await eventLog.ensureTopics(topics.map((name) => ({ name })));
  } catch (error) {
    if (error instanceof MissingTopicsError) throw error;
    logger.warn('cannot check that the topics exist; starting anyway, events wait in the outbox until they can', {
      topics,
      error,
    });
  }
}
