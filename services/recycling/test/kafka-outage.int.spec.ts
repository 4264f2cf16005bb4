import { createKafkaEventLog, type LoggedEvent } from '@vezel/messaging';
import { createOutboxPublisher } from '@vezel/service-kit';
import { createLogger } from '@vezel/telemetry';
import { eventually, testKafkaBrokers, uniqueGroupId } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aDisposalBody, aReceiptBody, aRunBody } from './recycling-http-fixtures.ts';
import { startRecyclingTestService, type RecyclingTestService } from './recycling-test-service.ts';

describe('recycling while Kafka is down', () => {
  let service: RecyclingTestService;
  const logLines: string[] = [];

  beforeAll(async () => {
    // Nothing listens on port 1: every connection attempt is refused, as with a broker that is down.
    const unreachable = createKafkaEventLog({ brokers: ['127.0.0.1:1'], clientId: 'recycling-outage', logLevel: 'nothing' });
    service = await startRecyclingTestService({
      label: 'recycling_outage',
      observeKafka: false,
      eventLog: unreachable,
      logger: createLogger('recycling', { level: 'warn', write: (line) => logLines.push(line) }),
      drainTimeoutMs: 200,
    });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('keeps taking commands, holds the events in the outbox, and publishes them all once a relay reaches the broker', async () => {
    const statuses = [
      (await service.post('/v1/recycling/receipts', aReceiptBody({ receiptId: 'R-OUT-A', lotId: 'L-OUT-A', grams: 2_000 }))).status,
      (await service.post('/v1/recycling/receipts', aReceiptBody({ receiptId: 'R-OUT-B', lotId: 'L-OUT-B', grams: 500 }))).status,
      (await service.post('/v1/recycling/runs', aRunBody('RUN-OUT', 'L-OUT-A'))).status,
      (await service.post('/v1/recycling/disposals', aDisposalBody('DISP-OUT-1', 'L-OUT-A', { grams: 600 }))).status,
      (await service.post('/v1/recycling/disposals', aDisposalBody('DISP-OUT-2', 'L-OUT-B', { grams: 500 }))).status,
    ];
    expect(statuses).toEqual([201, 201, 201, 201, 201]);

    // The relay tried, failed, and said so; the events wait in the outbox.
    await eventually(() => logLines.some((line) => line.includes('outbox relay cannot publish')), {
      description: 'the relay reporting the unreachable broker',
    });
    const unsent = await service.db.query<{ key: string; type: string }>(
      `select key, headers->>'ce_type' as type from outbox where sent_at is null order by id`,
    );
    expect(unsent.rows.map((row) => `${row.key} ${row.type}`)).toEqual([
      'L-OUT-A vezel.recycling.v1.LotReceivedByProcessor',
      'L-OUT-B vezel.recycling.v1.LotReceivedByProcessor',
      'L-OUT-A vezel.recycling.v1.ProcessingRunCompleted',
      'L-OUT-A vezel.recycling.v1.NodeDisposed',
      'L-OUT-B vezel.recycling.v1.NodeDisposed',
    ]);

    // The service shuts down without its broker: the drain gives up after its timeout and the rows stay.
    await service.running.stop();
    expect(logLines.some((line) => line.includes('outbox not drained before shutdown'))).toBe(true);
    expect((await service.db.query(`select 1 from outbox where sent_at is null`)).rowCount).toBe(5);

    // The broker is back (a restarted service's relay reaches the real one): every event goes out, in order per node.
    const kafka = createKafkaEventLog({ brokers: testKafkaBrokers(), clientId: 'recycling-outage-recovered' });
    const publisher = createOutboxPublisher({ db: service.db, eventLog: kafka, topics: [service.topic] });
    const received: LoggedEvent[] = [];
    // The service never reached the broker, so its topic does not exist yet; the observer needs it to subscribe.
    await kafka.ensureTopics([{ name: service.topic }]);
    const subscription = await kafka.subscribe({
      groupId: uniqueGroupId('recycling_outage'),
      topics: [service.topic],
      handleBatch: async (batch) => {
        received.push(...batch.events);
      },
    });
    try {
      await publisher.start();
      await eventually(async () => (await publisher.backlog()) === 0, { description: 'the outbox drained' });
      await eventually(() => received.length >= 5, { description: 'five events on the topic' });
      expect(received.filter((event) => event.key === 'L-OUT-A').map((event) => event.headers['ce_type'])).toEqual([
        'vezel.recycling.v1.LotReceivedByProcessor',
        'vezel.recycling.v1.ProcessingRunCompleted',
        'vezel.recycling.v1.NodeDisposed',
      ]);
      expect(received.filter((event) => event.key === 'L-OUT-B').map((event) => event.headers['ce_type'])).toEqual([
        'vezel.recycling.v1.LotReceivedByProcessor',
        'vezel.recycling.v1.NodeDisposed',
      ]);
    } finally {
      await subscription.stop();
      await publisher.stop();
      await kafka.close();
    }
  });
});
