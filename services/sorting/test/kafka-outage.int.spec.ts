import { LotDispatchedSchema } from '@vezel/contracts';
import { createKafkaEventLog, type LoggedEvent } from '@vezel/messaging';
import { createOutboxPublisher } from '@vezel/service-kit';
import { createLogger } from '@vezel/telemetry';
import { eventually, testKafkaBrokers, uniqueGroupId } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aDispatchBody, aReceiptBody, aRunBody } from './sorting-requests.ts';
import { decodeAs, startSortingTestService, type SortingTestService } from './sorting-test-service.ts';

describe('sorting while Kafka is down', () => {
  let service: SortingTestService;
  const logLines: string[] = [];

  beforeAll(async () => {
    // Nothing listens on port 1: every connection attempt is refused, as with a broker that is down.
    const unreachable = createKafkaEventLog({ brokers: ['127.0.0.1:1'], clientId: 'sorting-outage', logLevel: 'nothing' });
    service = await startSortingTestService({
      label: 'sorting_outage',
      observeKafka: false,
      eventLog: unreachable,
      logger: createLogger('sorting', { level: 'warn', write: (line) => logLines.push(line) }),
      drainTimeoutMs: 200,
    });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('keeps taking commands, holds the events in the outbox, and publishes them all once a relay reaches the broker', async () => {
    const statuses = [
      (await service.post('/v1/sorting/receipts', aReceiptBody({ receiptId: 'R-OUT', nodeId: 'B-OUT' }))).status,
      (await service.post('/v1/sorting/runs', aRunBody('RUN-OUT', 'B-OUT', ['L-OUT-a', 'L-OUT-b']))).status,
    ];
    for (let index = 0; index < 3; index++) {
      statuses.push((await service.post('/v1/sorting/lots/L-OUT-a/dispatches', aDispatchBody(`D-OUT-${index}`, 1_000))).status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201]);

    // The relay tried, failed, and said so; the events wait in the outbox.
    await eventually(() => logLines.some((line) => line.includes('outbox relay cannot publish')), {
      description: 'the relay reporting the unreachable broker',
    });
    const unsent = await service.db.query<{ key: string; type: string }>(
      `select key, headers->>'ce_type' as type from outbox where sent_at is null order by id`,
    );
    expect(unsent.rows.map((row) => `${row.key} ${row.type}`)).toEqual([
      'B-OUT vezel.sorting.v1.NodeReceivedAtCentre',
      'B-OUT vezel.sorting.v1.SortingRunCompleted',
      'L-OUT-a vezel.sorting.v1.LotDispatched',
      'L-OUT-a vezel.sorting.v1.LotDispatched',
      'L-OUT-a vezel.sorting.v1.LotDispatched',
    ]);

    // The service shuts down without its broker: the drain gives up after its timeout and the rows stay.
    await service.running.stop();
    expect(logLines.some((line) => line.includes('outbox not drained before shutdown'))).toBe(true);
    expect((await service.db.query(`select 1 from outbox where sent_at is null`)).rowCount).toBe(5);

    // The broker is back (a restarted service's relay reaches the real one): every event goes out, in order per key.
    const kafka = createKafkaEventLog({ brokers: testKafkaBrokers(), clientId: 'sorting-outage-recovered' });
    const publisher = createOutboxPublisher({ db: service.db, eventLog: kafka, topics: [service.topic] });
    const received: LoggedEvent[] = [];
    // The service never reached the broker, so its topic does not exist yet; the observer needs it to subscribe.
    await kafka.ensureTopics([{ name: service.topic }]);
    const subscription = await kafka.subscribe({
      groupId: uniqueGroupId('sorting_outage'),
      topics: [service.topic],
      handleBatch: async (batch) => {
        received.push(...batch.events);
      },
    });
    try {
      await publisher.start();
      await eventually(async () => (await publisher.backlog()) === 0, { description: 'the outbox drained' });
      await eventually(() => received.length >= 5, { description: 'five events on the topic' });
      const dispatches = received.filter((event) => event.key === 'L-OUT-a').map((event) => decodeAs(LotDispatchedSchema, event));
      expect(dispatches.map((dispatch) => dispatch.dispatchId)).toEqual(['D-OUT-0', 'D-OUT-1', 'D-OUT-2']);
      expect(received.filter((event) => event.key === 'B-OUT').map((event) => event.headers['ce_type'])).toEqual([
        'vezel.sorting.v1.NodeReceivedAtCentre',
        'vezel.sorting.v1.SortingRunCompleted',
      ]);
    } finally {
      await subscription.stop();
      await publisher.stop();
      await kafka.close();
    }
  });
});
