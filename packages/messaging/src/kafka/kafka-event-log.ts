import { UnavailableError } from '@vezel/errors';
import {
  Admin,
  ListOffsetTimestamps,
  ProduceAcks,
  Producer,
  compatibilityPartitioner,
  findErrorBy,
  type RetryDelayGetter,
} from '@platformatic/kafka';
import { Backoff } from '../backoff.ts';
import type { EventLog, SubscribeOptions, Subscription, TopicSpec } from '../event-log.ts';
import type { EventRecord } from '../event-record.ts';
import { MissingTopicsError } from '../missing-topics-error.ts';
import { SubscriptionRegistry } from '../subscription-registry.ts';
import { createKafkaClientLog } from './kafka-client-log.ts';
import { kafkaConnectionSecurity } from './kafka-connection-security.ts';
import { kafkaFailure } from './kafka-failure.ts';
import type { KafkaEventLogOptions } from './kafka-event-log-options.ts';
import { logKafkaClientEvents } from './log-kafka-client-events.ts';
import { subscribeWithPlatformatic } from './platformatic-subscription.ts';

// 100 ms doubling to 1.6 s over five retries: a broker that is down fails a call within about three seconds.
const retryDelay: RetryDelayGetter = (_client, _operation, attempt) => Math.min(100 * 2 ** (attempt - 1), 2_000);
const LEADERS_TIMEOUT_MS = 30_000;

/** The Kafka adapter of the EventLog port, on @platformatic/kafka (pure JavaScript, maintained; ADR 18). */
export function createKafkaEventLog(options: KafkaEventLogOptions): EventLog {
  const log = createKafkaClientLog(options);
  const client = {
    clientId: options.clientId,
    bootstrapBrokers: [...options.brokers],
    retries: 5,
    retryDelay,
    ...kafkaConnectionSecurity(options),
  };
  const defaultPartitions = options.defaultPartitions ?? 3;
  let producer: Producer | undefined;
  let admin: Admin | undefined;
  const subscriptions = new SubscriptionRegistry();

  function producerClient(): Producer {
    producer ??= (() => {
      const created = new Producer({
        ...client,
        // Idempotent: a retried request is written once and never overtakes a later one (one in flight per broker),
        // which keeps per-key order; it implies acks from all in-sync replicas.
        idempotent: true,
        acks: ProduceAcks.ALL,
        // Java's (and kafkajs's) key hashing: a key stays on the partition it was on before this client.
        partitioner: compatibilityPartitioner,
        autocreateTopics: false,
      });
      logKafkaClientEvents(created, log);
      return created;
    })();
    return producer;
  }

  // Whether this client speaks TLS: some of the client's errors mean one thing without it (kafka-error-message.ts).
  const connection = { tls: options.tls !== undefined };

  function adminClient(): Admin {
    admin ??= (() => {
      const created = new Admin(client);
      logKafkaClientEvents(created, log);
      return created;
    })();
    return admin;
  }

  return {
    transport: 'kafka',

    async ensureTopics(topics: readonly TopicSpec[]) {
      const kafka = adminClient();
      const existing = new Set(
        await kafka.listTopics().catch((error: unknown) => {
          // Often the first call to reach the brokers: its failure says why (refused, TLS, SASL credentials).
          throw kafkaFailure('listing Kafka topics failed', error, connection);
        }),
      );
      const missing = topics.filter((topic) => !existing.has(topic.name));
      if (missing.length === 0) return;
      if (options.createTopics === false) {
        const names = missing.map((topic) => topic.name);
        throw new MissingTopicsError(
          `Kafka topic${names.length === 1 ? '' : 's'} ${names.join(', ')} ` +
            'missing, and creating topics is off (KAFKA_CREATE_TOPICS=false): create them on the cluster first',
          names,
        );
      }
      try {
        await kafka.createTopics({
          topics: missing.map((topic) => ({ topic: topic.name, partitions: topic.partitions ?? defaultPartitions })),
          replicas: options.replicationFactor ?? -1,
        });
      } catch (error) {
        // Another process created some of them meanwhile; anything else is a failure.
        const now = new Set(await kafka.listTopics());
        const raced = error instanceof Error && findErrorBy(error, 'apiId', 'TOPIC_ALREADY_EXISTS') !== null;
        if (!raced || missing.some((topic) => !now.has(topic.name))) {
          throw kafkaFailure('creating Kafka topics failed', error, connection);
        }
      }
      await waitForLeaders(
        kafka,
        missing.map((topic) => topic.name),
      );
    },

    async publish(records: readonly EventRecord[]) {
      if (records.length === 0) return;
      try {
        await producerClient().send({ messages: records.map(toMessage) });
      } catch (error) {
        throw kafkaFailure('publishing to Kafka failed', error, connection);
      }
    },

    async subscribe(subscribeOptions: SubscribeOptions): Promise<Subscription> {
      try {
        return subscriptions.track(
          await subscribeWithPlatformatic(
            { client, sessionTimeoutMs: options.sessionTimeoutMs ?? 30_000, log },
            subscribeOptions,
          ),
        );
      } catch (error) {
        throw kafkaFailure('subscribing to Kafka failed', error, connection);
      }
    },

    async endOffsets(topic: string) {
      const kafka = adminClient();
      const metadata = await kafka.metadata({ topics: [topic] });
      const count = metadata.topics.get(topic)?.partitionsCount ?? 0;
      const listed = await kafka.listOffsets({
        topics: [
          {
            name: topic,
            partitions: Array.from({ length: count }, (_, partitionIndex) => ({
              partitionIndex,
              timestamp: ListOffsetTimestamps.LATEST,
            })),
          },
        ],
      });
      return new Map(
        listed.flatMap(({ partitions }) => partitions.map((entry) => [entry.partitionIndex, entry.offset])),
      );
    },

    async close() {
      await subscriptions.stopAll();
      const [openProducer, openAdmin] = [producer, admin];
      producer = undefined;
      admin = undefined;
      await Promise.all([
        openProducer?.close().catch((error: unknown) => log.warn('closing the producer failed', { error })),
        openAdmin?.close().catch((error: unknown) => log.warn('closing the admin client failed', { error })),
      ]);
    },
  };
}

function toMessage(record: EventRecord) {
  return {
    topic: record.topic,
    key: Buffer.from(record.key, 'utf8'),
    value: Buffer.from(record.value.buffer, record.value.byteOffset, record.value.byteLength),
    headers: new Map(
      Object.entries(record.headers).map(([name, value]) => [Buffer.from(name, 'utf8'), Buffer.from(value, 'utf8')]),
    ),
  };
}

/** Waits until every partition of the new `topics` has a leader: before that, producing to them fails. */
async function waitForLeaders(admin: Admin, topics: readonly string[]): Promise<void> {
  const deadline = Date.now() + LEADERS_TIMEOUT_MS;
  const backoff = new Backoff(50, 1_000);
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const metadata = await admin.metadata({ topics: [...topics], forceUpdate: true });
      const led = topics.every((name) => {
        const topic = metadata.topics.get(name);
        if (topic === undefined || topic.partitionsCount === 0) return false;
        return Array.from({ length: topic.partitionsCount }, (_, index) => topic.partitions[index]).every(
          (partition) => partition !== undefined && partition.leader >= 0,
        );
      });
      if (led) return;
    } catch (error) {
      // A topic just created may not be known to the broker's metadata yet.
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, backoff.next()));
  }
  throw new UnavailableError(`topics ${topics.join(', ')} have no leaders after ${LEADERS_TIMEOUT_MS} ms`, {
    cause: lastError,
  });
}
