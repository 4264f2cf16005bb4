import { startWithKafkaDown, type KafkaOutage } from '@vezel/service-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aDonationBody, aReceiptBody, aReturnBody, aSaleBody } from './retail-bodies.ts';
import { startRetailTestService, type RetailTestService } from './retail-test-service.ts';

describe('retail while Kafka is down', () => {
  let outage: KafkaOutage<RetailTestService>;

  beforeAll(async () => {
    outage = await startWithKafkaDown('retail', (options) =>
      startRetailTestService({ label: 'retail_outage', ...options }),
    );
  });
  afterAll(async () => {
    await outage?.service.stop();
  });

  it('keeps taking commands, holds the events in the outbox, and publishes them all once a relay reaches the broker', async () => {
    const { service } = outage;
    const responses = [
      await service.post('/v1/retail/receipts', aReceiptBody('L-OUT', { receiptId: 'R-OUT', grams: 2_000 })),
      await service.post('/v1/retail/receipts', aReceiptBody('L-OUT-2', { deliveryId: 'DSP-OUT-2', grams: 500 })),
      await service.post('/v1/retail/sales', aSaleBody('SALE-OUT', 'L-OUT')),
      await service.post('/v1/retail/donations', aDonationBody('DON-OUT', 'L-OUT')),
      await service.post('/v1/retail/returns', aReturnBody('RET-OUT', 'L-OUT')),
      await service.post('/v1/retail/sales', aSaleBody('SALE-OUT-2', 'L-OUT-2', { grams: 500 })),
    ];
    expect(responses.map((response) => response.status)).toEqual([201, 201, 201, 201, 201, 201]);
    // Reads work too: they never needed the broker.
    expect((await service.get('/v1/retail/stores/S-DEV-01/stock')).body).toMatchObject({
      lots: [{ lotId: 'L-OUT', grams: 1_050 }],
    });

    // The relay tried, failed, and said so; the events wait in the outbox.
    expect(await outage.heldEvents()).toEqual([
      'L-OUT vezel.retail.v1.LotReceivedAtStore',
      'L-OUT-2 vezel.retail.v1.LotReceivedAtStore',
      'L-OUT vezel.retail.v1.ItemsSold',
      'L-OUT vezel.retail.v1.ItemsDonated',
      'L-OUT vezel.retail.v1.LotReturned',
      'L-OUT-2 vezel.retail.v1.ItemsSold',
    ]);

    // The service shuts down without its broker: the drain gives up after its timeout and the rows stay.
    expect(await outage.stopWithoutBroker()).toEqual({ drainGaveUp: true, unsent: 6 });

    // The broker is back: every event goes out, in order per lot.
    const received = await outage.publishOnceBrokerIsBack(6);
    expect(received).toHaveLength(6);
    expect(received.filter((event) => event.key === 'L-OUT').map((event) => event.headers['ce_type'])).toEqual([
      'vezel.retail.v1.LotReceivedAtStore',
      'vezel.retail.v1.ItemsSold',
      'vezel.retail.v1.ItemsDonated',
      'vezel.retail.v1.LotReturned',
    ]);
    expect(received.filter((event) => event.key === 'L-OUT-2').map((event) => event.headers['ce_type'])).toEqual([
      'vezel.retail.v1.LotReceivedAtStore',
      'vezel.retail.v1.ItemsSold',
    ]);
  });
});
