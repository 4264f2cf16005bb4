import { startWithKafkaDown, type KafkaOutage } from '@vezel/service-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollectionTestService, type CollectionTestService } from './collection-test-service.ts';

describe('collection while Kafka is down', () => {
  let outage: KafkaOutage<CollectionTestService>;

  beforeAll(async () => {
    outage = await startWithKafkaDown('collection', (options) =>
      startCollectionTestService({ label: 'collection_outage', ...options }),
    );
  });
  afterAll(async () => {
    await outage?.service.stop();
  });

  it('keeps taking commands, holds the events in the outbox, and publishes them all once a relay reaches the broker', async () => {
    const { service } = outage;
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
    expect([container.status, batch.status, ...shipments.map((response) => response.status)]).toEqual([
      201, 201, 201, 201, 201,
    ]);

    // The relay tried, failed, and said so; the events wait in the outbox.
    expect(await outage.heldEvents()).toEqual([
      'C-OUT vezel.collection.v1.ContainerRegistered',
      'B-OUT vezel.collection.v1.BatchCollected',
      'B-OUT vezel.collection.v1.BatchShipped',
      'B-OUT vezel.collection.v1.BatchShipped',
      'B-OUT vezel.collection.v1.BatchShipped',
    ]);

    // The service shuts down without its broker: the drain gives up after its timeout and the rows stay.
    expect(await outage.stopWithoutBroker()).toEqual({ drainGaveUp: true, unsent: 5 });

    // The broker is back: every event goes out, in order per node.
    const received = await outage.publishOnceBrokerIsBack(5);
    expect(received.filter((event) => event.key === 'B-OUT').map((event) => event.headers['ce_type'])).toEqual([
      'vezel.collection.v1.BatchCollected',
      'vezel.collection.v1.BatchShipped',
      'vezel.collection.v1.BatchShipped',
      'vezel.collection.v1.BatchShipped',
    ]);
    expect(received.filter((event) => event.key === 'C-OUT')).toHaveLength(1);
  });
});
