import { testKafkaBrokers, uniqueTopicName } from '@vezel/testing';
import { describe, expect, it } from 'vitest';
import { createKafkaEventLog, type KafkaEventLogOptions } from '../src/index.ts';

/* How the Kafka EventLog creates the topics it is asked for, or (creation off) refuses to work without them. */
async function withLog<T>(
  options: Partial<KafkaEventLogOptions>,
  work: (log: ReturnType<typeof createKafkaEventLog>) => Promise<T>,
): Promise<T> {
  const log = createKafkaEventLog({ brokers: testKafkaBrokers(), clientId: 'topics-test', ...options });
  try {
    return await work(log);
  } finally {
    await log.close();
  }
}

describe('the Kafka EventLog and its topics', () => {
  it('creates a missing topic with the configured partitions and replication factor', async () => {
    const topic = uniqueTopicName('topics-created');
    const partitions = await withLog({ defaultPartitions: 5, replicationFactor: 1 }, async (log) => {
      await log.ensureTopics([{ name: topic }]);
      return (await log.endOffsets(topic)).size;
    });
    expect(partitions).toBe(5);
  });

  it('refuses a replication factor the cluster cannot hold, saying why', async () => {
    await expect(
      withLog({ replicationFactor: 3 }, (log) => log.ensureTopics([{ name: uniqueTopicName('topics-replicas') }])),
    ).rejects.toThrow(/replication factor/i);
  });

  it('with creation off, names the missing topics and the setting, and accepts topics that exist', async () => {
    const existing = uniqueTopicName('topics-provisioned');
    await withLog({}, (log) => log.ensureTopics([{ name: existing }]));
    const missing = uniqueTopicName('topics-missing');
    await withLog({ createTopics: false }, async (log) => {
      await log.ensureTopics([{ name: existing }]);
      await expect(log.ensureTopics([{ name: existing }, { name: missing }])).rejects.toThrow(
        `Kafka topic ${missing} missing, and creating topics is off (KAFKA_CREATE_TOPICS=false)`,
      );
    });
    // Nothing was created behind the refusal.
    await withLog({ createTopics: false }, async (log) => {
      await expect(log.ensureTopics([{ name: missing }])).rejects.toThrow(missing);
    });
  });
});
