import { eventually, testKafkaBrokers, uniqueGroupId, uniqueTopicName } from '@vezel/testing';
import { expect, it } from 'vitest';
import { createKafkaEventLog, type LoggedEvent } from '../src/index.ts';
import { anEvent } from './event-fixtures.ts';

// Per-key order holds only while a key stays on its partition: events published by kafkajs before the switch and
// by @platformatic/kafka after it must land on the same partition for the same key.
const keys = Array.from({ length: 60 }, (_, index) => `L-2026-${String(index * 7919).padStart(6, '0')}`);
// Where kafkajs 2.2.4's default partitioner put each of these keys on a topic of 7 partitions, in the order of
// `keys`. Recorded from that partitioner (the adapter on kafkajs left the product; it passed this test against the
// broker then), so the check no longer needs kafkajs.
const kafkajsPartitions = [
  1, 4, 6, 3, 5, 5, 6, 3, 3, 6, 2, 4, 6, 5, 3, 2, 3, 5, 3, 0, 2, 2, 4, 4, 0, 2, 2, 6, 0, 4, 4, 6, 1, 0, 0, 6, 3, 6, 4,
  0, 0, 4, 0, 1, 2, 6, 2, 6, 5, 5, 5, 6, 4, 0, 5, 6, 1, 0, 1, 4,
];

it('puts each key on the partition kafkajs put it on', async () => {
  const log = createKafkaEventLog({ brokers: testKafkaBrokers(), clientId: 'partitioning' });
  try {
    const topic = uniqueTopicName('partitioning');
    await log.ensureTopics([{ name: topic, partitions: 7 }]);
    await log.publish(keys.map((key, index) => anEvent({ topic, key, sequence: index })));

    const received: LoggedEvent[] = [];
    const subscription = await log.subscribe({
      groupId: uniqueGroupId('partitioning'),
      topics: [topic],
      handleBatch: async (batch) => {
        received.push(...batch.events);
      },
    });
    try {
      await eventually(() => received.length >= keys.length, { description: 'every event received' });
    } finally {
      await subscription.stop();
    }
    const partitionOf = new Map(received.map((event) => [event.key, event.partition]));
    expect(keys.map((key) => partitionOf.get(key))).toEqual(kafkajsPartitions);
    expect(new Set(received.map((event) => event.partition)).size).toBeGreaterThan(1);
  } finally {
    await log.close();
  }
});
