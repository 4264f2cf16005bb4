import { createKafkaEventLog, type LoggedEvent } from '@vezel/messaging';
import { createOutboxPublisher } from '@vezel/service-kit';
import { createLogger } from '@vezel/telemetry';
import { eventually, testKafkaBrokers, uniqueGroupId } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollectionTestService, type CollectionTestService } from './collection-test-service.ts';

describe('collection while Kafka is down', () => {
  let service: CollectionTestService;
  const logLines: string[] = [];

  beforeAll(async () => {
    // Nothing listens on port 1: every connection attempt is refused, as with a broker that is down.
    const unreachable = createKafkaEventLog({ brokers: ['127.0.0.1:1'], clientId: 'collection-outage', logLevel: 'nothing' });
    service = await startCollectionTestService({
      label: 'collection_outage',
      observeKafka: false,
      eventLog: unreachable,
      logger: createLogger('collection', { level: 'warn', write: (line) => logLines.push(line) }),
      drainTimeoutMs: 200,
    });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('keeps taking commands, holds the events in the outbox, and publishes them all once a relay reaches the broker', async () => {
    const container = await service.post('/v1/collection/containers', {
      containerId: 'C-OUT',
      municipality: 'GM0150',
      channel: 'street-container',
    });
    const batch = await service.post('/v1/collection/batches', {
      batchId: 'B-OUT',
      containerId: 'C-OUT',
      grams: 2_000,
      collectedAt: '2026-03-02T07:30:00Z',
    });
    const shipments = [];
    for (let index = 0; index < 3; index++) {
      shipments.push(
        await service.post('/v1/collection/batches/B-OUT/shipments', {
          shipmentId: `S-OUT-${index}`,
          centreId: 'SC-1',
          grams: 500,
          shippedAt: `2026-03-02T1${index}:00:00Z`,
        }),
      );
    }
    expect([container.status, batch.status, ...shipments.map((response) => response.status)]).toEqual([201, 201, 201, 201, 201]);

    // The relay tried, failed, and said so; the events wait in the outbox.
    await eventually(() => logLines.some((line) => line.includes('outbox relay cannot publish')), {
      description: 'the relay reporting the unreachable broker',
    });
    const unsent = await service.db.query<{ key: string; type: string }>(
      `select key, headers->>'ce_type' as type from outbox where sent_at is null order by id`,
    );
    expect(unsent.rows.map((row) => `${row.key} ${row.type}`)).toEqual([
      'C-OUT vezel.collection.v1.ContainerRegistered',
      'B-OUT vezel.collection.v1.BatchCollected',
      'B-OUT vezel.collection.v1.BatchShipped',
      'B-OUT vezel.collection.v1.BatchShipped',
      'B-OUT vezel.collection.v1.BatchShipped',
    ]);

    // The service shuts down without its broker: the drain gives up after its timeout and the rows stay.
    await service.running.stop();
    expect(logLines.some((line) => line.includes('outbox not drained before shutdown'))).toBe(true);
    expect((await service.db.query(`select 1 from outbox where sent_at is null`)).rowCount).toBe(5);

    // The broker is back (a restarted service's relay reaches the real one): every event goes out, in order per node.
    const kafka = createKafkaEventLog({ brokers: testKafkaBrokers(), clientId: 'collection-outage-recovered' });
    const publisher = createOutboxPublisher({ db: service.db, eventLog: kafka, topics: [service.topic] });
    const received: LoggedEvent[] = [];
    // The service never reached the broker, so its topic does not exist yet; the observer needs it to subscribe.
    await kafka.ensureTopics([{ name: service.topic }]);
    const subscription = await kafka.subscribe({
      groupId: uniqueGroupId('collection_outage'),
      topics: [service.topic],
      handleBatch: async (batch) => {
        received.push(...batch.events);
      },
    });
    try {
      await publisher.start();
      await eventually(async () => (await publisher.backlog()) === 0, { description: 'the outbox drained' });
      await eventually(() => received.length >= 5, { description: 'five events on the topic' });
      const outKeyed = received.filter((event) => event.key === 'B-OUT');
      expect(outKeyed.map((event) => event.headers['ce_type'])).toEqual([
        'vezel.collection.v1.BatchCollected',
        'vezel.collection.v1.BatchShipped',
        'vezel.collection.v1.BatchShipped',
        'vezel.collection.v1.BatchShipped',
      ]);
      expect(received.filter((event) => event.key === 'C-OUT')).toHaveLength(1);
    } finally {
      await subscription.stop();
      await publisher.stop();
      await kafka.close();
    }
  });
});
