import { startWithKafkaDown, type KafkaOutage } from '@vezel/service-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aDisposalBody, aReceiptBody, aRunBody } from './recycling-http-fixtures.ts';
import { startRecyclingTestService, type RecyclingTestService } from './recycling-test-service.ts';

describe('recycling while Kafka is down', () => {
  let outage: KafkaOutage<RecyclingTestService>;

  beforeAll(async () => {
    outage = await startWithKafkaDown('recycling', (options) =>
      startRecyclingTestService({ label: 'recycling_outage', ...options }),
    );
  });
  afterAll(async () => {
    await outage?.service.stop();
  });

  it('keeps taking commands, holds the events in the outbox, and publishes them all once a relay reaches the broker', async () => {
    const { service } = outage;
    const statuses = [
      (
        await service.post(
          '/v1/recycling/receipts',
          aReceiptBody({ receiptId: 'R-OUT-A', lotId: 'L-OUT-A', grams: 2_000 }),
        )
      ).status,
      (
        await service.post(
          '/v1/recycling/receipts',
          aReceiptBody({ receiptId: 'R-OUT-B', lotId: 'L-OUT-B', grams: 500 }),
        )
      ).status,
      (await service.post('/v1/recycling/runs', aRunBody('RUN-OUT', 'L-OUT-A'))).status,
      (await service.post('/v1/recycling/disposals', aDisposalBody('DISP-OUT-1', 'L-OUT-A', { grams: 600 }))).status,
      (await service.post('/v1/recycling/disposals', aDisposalBody('DISP-OUT-2', 'L-OUT-B', { grams: 500 }))).status,
    ];
    expect(statuses).toEqual([201, 201, 201, 201, 201]);

    // The relay tried, failed, and said so; the events wait in the outbox.
    expect(await outage.heldEvents()).toEqual([
      'L-OUT-A vezel.recycling.v1.LotReceivedByProcessor',
      'L-OUT-B vezel.recycling.v1.LotReceivedByProcessor',
      'L-OUT-A vezel.recycling.v1.ProcessingRunCompleted',
      'L-OUT-A vezel.recycling.v1.NodeDisposed',
      'L-OUT-B vezel.recycling.v1.NodeDisposed',
    ]);

    // The service shuts down without its broker: the drain gives up after its timeout and the rows stay.
    expect(await outage.stopWithoutBroker()).toEqual({ drainGaveUp: true, unsent: 5 });

    // The broker is back: every event goes out, in order per node.
    const received = await outage.publishOnceBrokerIsBack(5);
    expect(received.filter((event) => event.key === 'L-OUT-A').map((event) => event.headers['ce_type'])).toEqual([
      'vezel.recycling.v1.LotReceivedByProcessor',
      'vezel.recycling.v1.ProcessingRunCompleted',
      'vezel.recycling.v1.NodeDisposed',
    ]);
    expect(received.filter((event) => event.key === 'L-OUT-B').map((event) => event.headers['ce_type'])).toEqual([
      'vezel.recycling.v1.LotReceivedByProcessor',
      'vezel.recycling.v1.NodeDisposed',
    ]);
  });
});
