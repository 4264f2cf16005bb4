import { eventually, testKafkaSaslBrokers, uniqueGroupId, uniqueTopicName } from '@vezel/testing';
import { describe, expect, it } from 'vitest';
import { createKafkaEventLog, type KafkaSasl } from '../src/index.ts';
import { anEvent } from './event-fixtures.ts';

/*
 * A managed Kafka asks clients to authenticate. The local broker (deploy/local/kafka.sh) opens a SASL listener with
 * SCRAM-SHA-512 and PLAIN for user `vezel`; the EventLog creates topics, publishes and consumes over it.
 */
const PASSWORD = 'vezel-local-secret';

async function roundTrip(sasl: KafkaSasl | undefined, label: string): Promise<number> {
  const log = createKafkaEventLog({
    brokers: testKafkaSaslBrokers(),
    clientId: `sasl-${label}`,
    ...(sasl === undefined ? {} : { sasl }),
  });
  try {
    const topic = uniqueTopicName(`sasl-${label}`);
    await log.ensureTopics([{ name: topic, partitions: 2 }]);
    const sent = Array.from({ length: 12 }, (_, index) => anEvent({ topic, key: `B-S-${index % 4}`, sequence: index }));
    await log.publish(sent);
    let received = 0;
    const subscription = await log.subscribe({
      groupId: uniqueGroupId(`sasl-${label}`),
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

describe('the Kafka EventLog over SASL', () => {
  it('creates topics, publishes and consumes with SCRAM-SHA-512', async () => {
    expect(await roundTrip({ mechanism: 'SCRAM-SHA-512', username: 'vezel', password: PASSWORD }, 'scram')).toBe(12);
  });

  it('creates topics, publishes and consumes with PLAIN', async () => {
    expect(await roundTrip({ mechanism: 'PLAIN', username: 'vezel', password: PASSWORD }, 'plain')).toBe(12);
  });

  it('fails with a wrong password, saying so, and without credentials', async () => {
    await expect(
      roundTrip({ mechanism: 'SCRAM-SHA-512', username: 'vezel', password: 'not-the-password' }, 'wrong'),
    ).rejects.toThrow(/auth/i);
    await expect(roundTrip(undefined, 'anonymous')).rejects.toThrow();
  });
});
