import { createKafkaEventLog, type EventLog, type LoggedEvent } from '@vezel/messaging';
import { createOutboxPublisher } from '@vezel/service-kit';
import { createLogger, type Logger } from '@vezel/telemetry';
import { eventually, testKafkaBrokers, uniqueGroupId } from '@vezel/testing';
import type { ServiceUnderTest } from '../service-under-test.ts';

/** How {@link startWithKafkaDown} has a service's test harness start it. */
export interface KafkaDownStartOptions {
  readonly observeKafka: false;
  readonly eventLog: EventLog;
  readonly logger: Logger;
  readonly drainTimeoutMs: number;
}

/** A service whose relay cannot reach its broker, and the steps of an outage and its recovery. */
export interface KafkaOutage<Service extends ServiceUnderTest> {
  readonly service: Service;
  /**
   * Waits until the relay has tried, failed and said so, then lists the events waiting in the outbox as
   * `<key> <ce_type>`, in outbox order.
   */
  heldEvents(): Promise<string[]>;
  /**
   * Stops the service without its broker: whether the drain said it gave up (after its 200 ms timeout), and how
   * many rows stayed unsent.
   */
  stopWithoutBroker(): Promise<{ readonly drainGaveUp: boolean; readonly unsent: number }>;
  /**
   * The broker is back (a restarted service's relay reaches the real one): runs a relay on the real broker until
   * the outbox is empty and `count` events are on the topic, and returns them in log order.
   */
  publishOnceBrokerIsBack(count: number): Promise<readonly LoggedEvent[]>;
}

/**
 * Starts a service (through `start`, its own test harness) whose event log points at 127.0.0.1:1, where nothing
 * listens: every connection attempt is refused, as with a broker that is down. Its warnings are kept, so the steps
 * of {@link KafkaOutage} can check what the relay said.
 */
export async function startWithKafkaDown<Service extends ServiceUnderTest>(
  name: string,
  start: (options: KafkaDownStartOptions) => Promise<Service>,
): Promise<KafkaOutage<Service>> {
  const logLines: string[] = [];
  const unreachable = createKafkaEventLog({
    brokers: ['127.0.0.1:1'],
    clientId: `${name}-outage`,
    logLevel: 'nothing',
  });
  const service = await start({
    observeKafka: false,
    eventLog: unreachable,
    logger: createLogger(name, { level: 'warn', write: (line) => logLines.push(line) }),
    drainTimeoutMs: 200,
  });
  return {
    service,
    async heldEvents() {
      await eventually(() => logLines.some((line) => line.includes('outbox relay cannot publish')), {
        description: 'the relay reporting the unreachable broker',
      });
      const unsent = await service.db.query<{ key: string; type: string }>(
        `select key, headers->>'ce_type' as type from outbox where sent_at is null order by id`,
      );
      return unsent.rows.map((row) => `${row.key} ${row.type}`);
    },
    async stopWithoutBroker() {
      await service.running.stop();
      return {
        drainGaveUp: logLines.some((line) => line.includes('outbox not drained before shutdown')),
        unsent: (await service.db.query(`select 1 from outbox where sent_at is null`)).rowCount ?? 0,
      };
    },
    async publishOnceBrokerIsBack(count) {
      const kafka = createKafkaEventLog({ brokers: testKafkaBrokers(), clientId: `${name}-outage-recovered` });
      const publisher = createOutboxPublisher({ db: service.db, eventLog: kafka, topics: [service.topic] });
      const received: LoggedEvent[] = [];
      // The service never reached the broker, so its topic does not exist yet; the observer needs it to subscribe.
      await kafka.ensureTopics([{ name: service.topic }]);
      const subscription = await kafka.subscribe({
        groupId: uniqueGroupId(`${name}_outage`),
        topics: [service.topic],
        handleBatch: async (batch) => {
          received.push(...batch.events);
        },
      });
      try {
        await publisher.start();
        await eventually(async () => (await publisher.backlog()) === 0, { description: 'the outbox drained' });
        await eventually(() => received.length >= count, { description: `${count} events on the topic` });
        return received;
      } finally {
        await subscription.stop();
        await publisher.stop();
        await kafka.close();
      }
    },
  };
}
