import { eventually, uniqueGroupId, uniqueTopicName } from '@vezel/testing';
import { createKafkaEventLog, type KafkaEventLogOptions } from '../src/index.ts';
import { anEvent } from './event-fixtures.ts';

/**
 * Creates a topic, publishes 12 events and consumes them through `security` (SASL, TLS, both or neither) on
 * `brokers`; answers how many arrived. What a managed-Kafka test asks of the EventLog over one listener.
 */
export async function securedRoundTrip(
  brokers: readonly string[],
  security: Pick<KafkaEventLogOptions, 'sasl' | 'tls'>,
  label: string,
): Promise<number> {
  const log = createKafkaEventLog({ brokers, clientId: label, ...security });
  try {
    const topic = uniqueTopicName(label);
    await log.ensureTopics([{ name: topic, partitions: 2 }]);
    const sent = Array.from({ length: 12 }, (_, index) => anEvent({ topic, key: `B-S-${index % 4}`, sequence: index }));
    await log.publish(sent);
    let received = 0;
    const subscription = await log.subscribe({
      groupId: uniqueGroupId(label),
      topics: [topic],
      handleBatch: async (batch) => {
        received += batch.events.length;
      },
    });
    await eventually(() => received >= sent.length, { description: `every event received over ${label}` });
    await subscription.stop();
    return received;
  } finally {
    await log.close();
  }
}
