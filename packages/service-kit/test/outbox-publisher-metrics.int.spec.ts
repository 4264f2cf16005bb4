import { createPgDb, migrate, type Db } from '@vezel/db';
import { appendToOutbox, createKafkaEventLog, type OutboxMessage } from '@vezel/messaging';
import { startTelemetry, type Telemetry } from '@vezel/telemetry';
import {
  createTestDatabase,
  eventually,
  testKafkaBrokers,
  uniqueTopicName,
  prometheusTestEnvironment,
  type PrometheusTestEnvironment,
} from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxPublisher, serviceKitMigration } from '../src/index.ts';

// The outbox metrics of a service as Prometheus scrapes them, on real PostgreSQL and Kafka: the backlog and its age
// while the broker is unreachable, then the publish count once a relay reaches it.
describe('the outbox publisher’s metrics', () => {
  let telemetry: Telemetry;
  let environment: PrometheusTestEnvironment | undefined;
  let metricsUrl: string;
  let db: Db;

  beforeAll(async () => {
    environment = await prometheusTestEnvironment();
    telemetry = await startTelemetry({ serviceName: 'outbox-metrics', prometheusPort: environment.port });
    metricsUrl = environment.metricsUrl;
    db = createPgDb({ connectionString: await createTestDatabase('outbox_metrics'), schema: 'kit' });
    await migrate(db, [serviceKitMigration]);
  });
  afterAll(async () => {
    await db?.close();
    await telemetry?.shutdown();
    environment?.restore();
  });

  const scrape = async (): Promise<string> => (await fetch(metricsUrl)).text();
  const sample = (text: string, pattern: RegExp): number | undefined => {
    const match = pattern.exec(text);
    return match === null ? undefined : Number(match[1]);
  };

  it('reports the rows waiting and the oldest one’s age while the broker is down, and the rows published after', async () => {
    const topic = uniqueTopicName('outbox-metrics');
    const messages: OutboxMessage[] = Array.from({ length: 25 }, (_, index) => ({
      topic,
      subject: `BATCH-${index}`,
      type: 'vezel.test.v1.Happened',
      source: '/vezel/test',
      time: new Date(),
      value: new Uint8Array([index]),
    }));
    // Nothing listens on port 1: every connection is refused, as with a broker that is down.
    const unreachable = createKafkaEventLog({
      brokers: ['127.0.0.1:1'],
      clientId: 'outbox-metrics-down',
      logLevel: 'nothing',
    });
    const held = createOutboxPublisher({ db, eventLog: unreachable, topics: [topic], drainTimeoutMs: 200 });
    await held.start();
    await db.transaction((tx) => appendToOutbox(tx, messages));

    const waiting = await eventually(
      async () => {
        const text = await scrape();
        return (sample(text, /^vezel_outbox_backlog_age\{[^}]*\} (\S+)$/m) ?? 0) > 0 ? text : undefined;
      },
      { description: 'the age of the oldest waiting row reported' },
    );
    expect(sample(waiting, /^vezel_outbox_backlog\{[^}]*\} (\S+)$/m)).toBe(25);
    expect(waiting).not.toMatch(/^vezel_outbox_published_total\{topic="[^"]*outbox-metrics/m);
    await held.stop();
    await unreachable.close();

    const kafka = createKafkaEventLog({ brokers: testKafkaBrokers(), clientId: 'outbox-metrics', logLevel: 'nothing' });
    const publisher = createOutboxPublisher({ db, eventLog: kafka, topics: [topic] });
    await publisher.start();
    try {
      const published = new RegExp(`^vezel_outbox_published_total\\{topic="${topic}"[^}]*\\} (\\S+)$`, 'm');
      await eventually(async () => sample(await scrape(), published) === 25, {
        description: 'the 25 rows counted as published',
      });
      // The relay marks a batch sent after publishing it: the gauges read 0 once it has.
      await eventually(async () => (await held.backlog()) === 0, { description: 'the outbox marked sent' });
      const settled = await scrape();

      expect(sample(settled, /^vezel_outbox_backlog\{[^}]*\} (\S+)$/m)).toBe(0);
      expect(sample(settled, /^vezel_outbox_backlog_age\{[^}]*\} (\S+)$/m)).toBe(0);
    } finally {
      await publisher.stop();
      await kafka.close();
    }
  });
});
