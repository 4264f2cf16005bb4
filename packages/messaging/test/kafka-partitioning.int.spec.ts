import { eventually, testKafkaBrokers, uniqueGroupId, uniqueTopicName } from '@vezel/testing';
import { expect, it } from 'vitest';
import { createKafkaEventLog, type LoggedEvent } from '../src/index.ts';
import { createKafkajsEventLog } from '../src/kafka/kafkajs-event-log.ts';
import { anEvent } from './event-fixtures.ts';

// Per-key order holds only while a key stays on its partition: events published by kafkajs before the switch and
// by @platformatic/kafka after it must land on the same partition for the same key.
it('puts each key on the partition kafkajs put it on', async () => {
  const brokers = testKafkaBrokers();
  const before = createKafkajsEventLog({ brokers, clientId: 'partitioning-kafkajs' });
  const after = createKafkaEventLog({ brokers, clientId: 'partitioning' });
  try {
    const topic = uniqueTopicName('partitioning');
    await after.ensureTopics([{ name: topic, partitions: 7 }]);
    const keys = Array.from({ length: 60 }, (_, index) => `L-2026-${String(index * 7919).padStart(6, '0')}`);
    await before.publish(keys.map((key, index) => anEvent({ topic, key, sequence: index })));
    await after.publish(keys.map((key, index) => anEvent({ topic, key, sequence: 100 + index })));

    const received: LoggedEvent[] = [];
    const subscription = await after.subscribe({
      groupId: uniqueGroupId('partitioning'),
      topics: [topic],
      handleBatch: async (batch) => {
        received.push(...batch.events);
      },
    });
    try {
      await eventually(() => received.length >= keys.length * 2, { description: 'both rounds received' });
    } finally {
      await subscription.stop();
    }
    const partitionsOf = new Map<string, Set<number>>();
    for (const event of received) {
      partitionsOf.set(event.key, (partitionsOf.get(event.key) ?? new Set()).add(event.partition));
    }
    expect([...partitionsOf].filter(([, partitions]) => partitions.size > 1)).toEqual([]);
    expect(new Set(received.map((event) => event.partition)).size).toBeGreaterThan(1);
  } finally {
    await before.close();
    await after.close();
  }
});
