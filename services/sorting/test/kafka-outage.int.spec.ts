import { LotDispatchedSchema } from '@vezel/contracts';
import { startWithKafkaDown, type KafkaOutage } from '@vezel/service-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aDispatchBody, aReceiptBody, aRunBody } from './sorting-requests.ts';
import { decodeAs, startSortingTestService, type SortingTestService } from './sorting-test-service.ts';

describe('sorting while Kafka is down', () => {
  let outage: KafkaOutage<SortingTestService>;

  beforeAll(async () => {
    outage = await startWithKafkaDown('sorting', (options) =>
      startSortingTestService({ label: 'sorting_outage', ...options }),
    );
  });
  afterAll(async () => {
    await outage?.service.stop();
  });

  it('keeps taking commands, holds the events in the outbox, and publishes them all once a relay reaches the broker', async () => {
    const { service } = outage;
    const statuses = [
      (await service.post('/v1/sorting/receipts', aReceiptBody({ receiptId: 'R-OUT', nodeId: 'B-OUT' }))).status,
      (await service.post('/v1/sorting/runs', aRunBody('RUN-OUT', 'B-OUT', ['L-OUT-a', 'L-OUT-b']))).status,
    ];
    for (let index = 0; index < 3; index++) {
      statuses.push(
        (await service.post('/v1/sorting/lots/L-OUT-a/dispatches', aDispatchBody(`D-OUT-${index}`, 1_000))).status,
      );
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201]);

    // The relay tried, failed, and said so; the events wait in the outbox.
    expect(await outage.heldEvents()).toEqual([
      'B-OUT vezel.sorting.v1.NodeReceivedAtCentre',
      'B-OUT vezel.sorting.v1.SortingRunCompleted',
      'L-OUT-a vezel.sorting.v1.LotDispatched',
      'L-OUT-a vezel.sorting.v1.LotDispatched',
      'L-OUT-a vezel.sorting.v1.LotDispatched',
    ]);

    // The service shuts down without its broker: the drain gives up after its timeout and the rows stay.
    expect(await outage.stopWithoutBroker()).toEqual({ drainGaveUp: true, unsent: 5 });

    // The broker is back: every event goes out, in order per key.
    const received = await outage.publishOnceBrokerIsBack(5);
    const dispatches = received
      .filter((event) => event.key === 'L-OUT-a')
      .map((event) => decodeAs(LotDispatchedSchema, event));
    expect(dispatches.map((dispatch) => dispatch.dispatchId)).toEqual(['D-OUT-0', 'D-OUT-1', 'D-OUT-2']);
    expect(received.filter((event) => event.key === 'B-OUT').map((event) => event.headers['ce_type'])).toEqual([
      'vezel.sorting.v1.NodeReceivedAtCentre',
      'vezel.sorting.v1.SortingRunCompleted',
    ]);
  });
});
