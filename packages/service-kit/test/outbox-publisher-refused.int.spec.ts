import { createPgDb, migrate, type Db } from '@vezel/db';
import { appendToOutbox, createKafkaEventLog, type EventLog } from '@vezel/messaging';
import { createLogger } from '@vezel/telemetry';
import { createTestDatabase, eventually, testKafkaSaslBrokers, uniqueTopicName } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxPublisher, serviceKitMigration } from '../src/index.ts';

// What the relay says when the broker refuses the service (its credentials changed on the cluster while it ran),
// against the real SASL listener: an error that asks for an operator, not the warning of a broker that is down.
describe('the outbox publisher refused by the broker', () => {
  let db: Db;
  let eventLog: EventLog;

  beforeAll(async () => {
    db = createPgDb({ connectionString: await createTestDatabase('outbox_refused'), schema: 'kit' });
    await migrate(db, [serviceKitMigration]);
    eventLog = createKafkaEventLog({
      brokers: testKafkaSaslBrokers(),
      clientId: 'outbox-refused',
      logLevel: 'nothing',
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'vezel', password: 'rotated-away' },
    });
  });
  afterAll(async () => {
    await eventLog?.close();
    await db?.close();
  });

  it('logs an error naming the refusal, and keeps the event in the outbox', async () => {
    const lines: string[] = [];
    const logger = createLogger('collection', { level: 'warn', write: (line) => lines.push(line) });
    const topic = uniqueTopicName('outbox-refused');
    const publisher = createOutboxPublisher({ db, eventLog, topics: [topic], logger, drainTimeoutMs: 200 });
    await publisher.start();
    try {
      await db.transaction((tx) =>
        appendToOutbox(tx, [
          {
            topic,
            subject: 'BATCH-1',
            type: 'vezel.test.v1.Happened',
            source: '/vezel/test',
            time: new Date(),
            value: new Uint8Array([1]),
          },
        ]),
      );
      const said = await eventually(
        () =>
          lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line['level'] === 'error'),
        { description: 'the relay’s error' },
      );
      expect(said['msg']).toBe(
        'Kafka refuses this service; events wait in the outbox until its settings are corrected',
      );
      expect(JSON.stringify(said)).toContain('the broker refused the SASL credentials');
      const waiting = await db.query<{ key: string }>(`select key from outbox where sent_at is null`);
      expect(waiting.rows).toEqual([{ key: 'BATCH-1' }]);
    } finally {
      await publisher.stop();
    }
  });
});
