import { createLogger } from '@vezel/telemetry';
import { eventually, testKafkaBrokers, uniqueGroupId, uniqueTopicName } from '@vezel/testing';
import { describe, expect, it } from 'vitest';
import { createKafkaEventLog, type KafkaLogLevel } from '../src/index.ts';
import { anEvent } from './event-fixtures.ts';

const parsed = (lines: readonly string[]) => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('Kafka client logging (@platformatic/kafka)', () => {
  it("writes the client's connection errors as structured JSON lines through the service logger", async () => {
    const lines: string[] = [];
    const logger = createLogger('collection', { level: 'debug', write: (line) => lines.push(line) });
    // Nothing listens on this loopback port: connecting fails and the client says why.
    const log = createKafkaEventLog({ brokers: ['127.0.0.1:1'], clientId: 'logging-test', logger });
    await expect(log.publish([{ topic: 't', key: 'k', value: new Uint8Array(), headers: {} }])).rejects.toThrow(
      /Kafka/,
    );
    await log.close();
    await eventually(() => lines.length > 0, { description: 'a log line' });
    const entry = parsed(lines).find((line) => line['level'] === 'error');
    expect(entry).toMatchObject({ level: 'error', service: 'collection', component: 'kafka' });
    expect(entry?.['msg']).toMatch(/Connection|connect/i);
  });

  it('writes nothing at level nothing', async () => {
    const lines: string[] = [];
    const logger = createLogger('collection', { level: 'debug', write: (line) => lines.push(line) });
    const log = createKafkaEventLog({
      brokers: ['127.0.0.1:1'],
      clientId: 'logging-test',
      logger,
      logLevel: 'nothing',
    });
    await expect(log.publish([{ topic: 't', key: 'k', value: new Uint8Array(), headers: {} }])).rejects.toThrow(
      /Kafka/,
    );
    await log.close();
    expect(lines).toEqual([]);
  });
});

describe('Kafka client logging levels (@platformatic/kafka)', () => {
  /** Lines written while a member joins a group, receives one event and leaves. */
  async function linesOfAMember(logLevel: KafkaLogLevel): Promise<Record<string, unknown>[]> {
    const lines: string[] = [];
    const logger = createLogger('ledger', { level: 'debug', write: (line) => lines.push(line) });
    const log = createKafkaEventLog({ brokers: testKafkaBrokers(), clientId: 'logging-levels', logger, logLevel });
    try {
      const topic = uniqueTopicName('levels');
      await log.ensureTopics([{ name: topic, partitions: 1 }]);
      await log.publish([anEvent({ topic, key: 'B-LEVELS', sequence: 1 })]);
      let received = 0;
      const subscription = await log.subscribe({
        groupId: uniqueGroupId('levels'),
        topics: [topic],
        handleBatch: async (batch) => {
          received += batch.events.length;
        },
      });
      await eventually(() => received > 0, { description: 'the event received' });
      await subscription.stop();
    } finally {
      await log.close();
    }
    return parsed(lines);
  }

  it('passes the group membership at info and below, and nothing of it at error', async () => {
    const info = await linesOfAMember('info');
    const joined = info.filter((line) => String(line['msg']).startsWith('joined group '));
    expect(joined.length).toBeGreaterThan(0);
    expect(joined[0]).toMatchObject({ level: 'info', component: 'kafka', service: 'ledger' });
    expect(info.filter((line) => line['level'] === 'debug')).toEqual([]);
    expect(await linesOfAMember('error')).toEqual([]);
  });
});
