import type { EventLog, TopicSpec } from '@vezel/messaging';

/**
 * Wraps an event log so that its first successful publish is preceded by creating `topics` (topics are never
 * auto-created). Doing it lazily rather than at start-up lets a service start and take commands while the broker
 * is down: the relay's publish fails, backs off and tries again, topic creation included. (Where the operator
 * provisions the topics, or credentials are set, `runService` also asks at start-up: `checkKafkaAtStart`.)
 */
export function withTopicsEnsured(eventLog: EventLog, topics: readonly TopicSpec[]): EventLog {
  let ensured: Promise<void> | undefined;
  const ensure = (): Promise<void> => {
    ensured ??= eventLog.ensureTopics(topics).catch((error: unknown) => {
      // Not cached: the broker may be back on the next attempt.
      ensured = undefined;
      throw error;
    });
    return ensured;
  };
  return {
    transport: eventLog.transport,
    ensureTopics: (more) => eventLog.ensureTopics(more),
    async publish(records) {
      await ensure();
      await eventLog.publish(records);
    },
    subscribe: (options) => eventLog.subscribe(options),
    endOffsets: (topic) => eventLog.endOffsets(topic),
    close: () => eventLog.close(),
  };
}
