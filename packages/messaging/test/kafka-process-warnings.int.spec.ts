import { eventually, testKafkaBrokers, uniqueGroupId, uniqueTopicName } from '@vezel/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKafkaEventLog } from '../src/index.ts';
import { anEvent } from './event-fixtures.ts';

// kafkajs 2.2.4 made Node 24 print a TimeoutNegativeWarning for every connection; the client the services use now
// must leave the process's warnings alone.
describe('the Kafka client on Node 24', () => {
  const warnings: Error[] = [];
  const collect = (warning: Error) => warnings.push(warning);
  beforeEach(() => {
    process.on('warning', collect);
  });
  afterEach(() => {
    process.off('warning', collect);
  });

  it('creates topics, publishes, consumes and closes without a process warning', async () => {
    const log = createKafkaEventLog({ brokers: testKafkaBrokers(), clientId: 'warnings-test' });
    try {
      const topic = uniqueTopicName('warnings');
      await log.ensureTopics([{ name: topic, partitions: 3 }]);
      const sent = Array.from({ length: 20 }, (_, index) =>
        anEvent({ topic, key: `B-W-${index % 5}`, sequence: index }),
      );
      await log.publish(sent);
      let received = 0;
      const subscription = await log.subscribe({
        groupId: uniqueGroupId('warnings'),
        topics: [topic],
        handleBatch: async (batch) => {
          received += batch.events.length;
        },
      });
      await eventually(() => received >= sent.length, { description: 'every event received' });
      await subscription.stop();
      await log.endOffsets(topic);
    } finally {
      await log.close();
    }
    // A warning is emitted on the next tick after its cause: let any pending one arrive before looking.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.map((warning) => `${warning.name}: ${warning.message}`)).toEqual([]);
  });
});
