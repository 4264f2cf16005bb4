import { createKafkaEventLog, type LoggedEvent } from '@vezel/messaging';
import { createOutboxPublisher } from '@vezel/service-kit';
import { createLogger } from '@vezel/telemetry';
import { eventually, testKafkaBrokers, uniqueGroupId } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aDonationBody, aReceiptBody, aReturnBody, aSaleBody } from './retail-bodies.ts';
import { startRetailTestService, type RetailTestService } from './retail-test-service.ts';

describe('retail while Kafka is down', () => {
  let service: RetailTestService;
  const logLines: string[] = [];

  beforeAll(async () => {
    // Nothing listens on port 1: every connection attempt is refused, as with a broker that is down.
    const unreachable = createKafkaEventLog({ brokers: ['127.0.0.1:1'], clientId: 'retail-outage', logLevel: 'nothing' });
    service = await startRetailTestService({
      label: 'retail_outage',
      observeKafka: false,
      eventLog: unreachable,
      logger: createLogger('retail', { level: 'warn', write: (line) => logLines.push(line) }),
      drainTimeoutMs: 200,
    });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('keeps taking commands, holds the events in the outbox, and publishes them all once a relay reaches the broker', async () => {
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
    expect((await service.get('/v1/retail/stores/S-DEV-01/stock')).body).toMatchObject({ lots: [{ lotId: 'L-OUT', grams: 1_050 }] });

    // The relay tried, failed, and said so; the events wait in the outbox.
    await eventually(() => logLines.some((line) => line.includes('outbox relay cannot publish')), {
      description: 'the relay reporting the unreachable broker',
    });
    const unsent = await service.db.query<{ key: string; type: string }>(
      `select key, headers->>'ce_type' as type from outbox where sent_at is null order by id`,
    );
    expect(unsent.rows.map((row) => `${row.key} ${row.type}`)).toEqual([
      'L-OUT vezel.retail.v1.LotReceivedAtStore',
      'L-OUT-2 vezel.retail.v1.LotReceivedAtStore',
      'L-OUT vezel.retail.v1.ItemsSold',
      'L-OUT vezel.retail.v1.ItemsDonated',
      'L-OUT vezel.retail.v1.LotReturned',
      'L-OUT-2 vezel.retail.v1.ItemsSold',
    ]);

    // The service shuts down without its broker: the drain gives up after its timeout and the rows stay.
    await service.running.stop();
    expect(logLines.some((line) => line.includes('outbox not drained before shutdown'))).toBe(true);
    expect((await service.db.query(`select 1 from outbox where sent_at is null`)).rowCount).toBe(6);

    // The broker is back (a restarted service's relay reaches the real one): every event goes out, in order per lot.
    const kafka = createKafkaEventLog({ brokers: testKafkaBrokers(), clientId: 'retail-outage-recovered' });
    const publisher = createOutboxPublisher({ db: service.db, eventLog: kafka, topics: [service.topic] });
    const received: LoggedEvent[] = [];
    // The service never reached the broker, so its topic does not exist yet; the observer needs it to subscribe.
    await kafka.ensureTopics([{ name: service.topic }]);
    const subscription = await kafka.subscribe({
      groupId: uniqueGroupId('retail_outage'),
      topics: [service.topic],
      handleBatch: async (batch) => {
        received.push(...batch.events);
      },
    });
    try {
      await publisher.start();
      await eventually(async () => (await publisher.backlog()) === 0, { description: 'the outbox drained' });
      await eventually(() => received.length >= 6, { description: 'six events on the topic' });
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
    } finally {
      await subscription.stop();
      await publisher.stop();
      await kafka.close();
    }
  });
});
