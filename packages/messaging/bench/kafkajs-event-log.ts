import { UnavailableError } from '@vezel/errors';
import {
  Kafka,
  Partitioners,
  logLevel as KafkaLogLevel,
  type Admin,
  type Consumer,
  type IHeaders,
  type KafkaMessage,
  type logCreator as KafkajsLogCreator,
  type Producer,
} from 'kafkajs';
import type { Logger } from '@vezel/telemetry';
import { Backoff } from '../src/backoff.ts';
import type {
  EventBatch,
  EventHeaders,
  EventLog,
  EventRecord,
  KafkaEventLogOptions,
  LoggedEvent,
  SubscribeOptions,
  Subscription,
  TopicSpec,
} from '../src/index.ts';
import { SubscriptionRegistry } from '../src/subscription-registry.ts';

const levels = {
  nothing: KafkaLogLevel.NOTHING,
  error: KafkaLogLevel.ERROR,
  warn: KafkaLogLevel.WARN,
  info: KafkaLogLevel.INFO,
  debug: KafkaLogLevel.DEBUG,
} as const;

/**
 * The EventLog port's first Kafka adapter, on kafkajs (no release since 2023), kept only so that
 * `npm run bench:messaging` can put the two clients' rates side by side. The services use `createKafkaEventLog` on
 * @platformatic/kafka; nothing outside bench/ may import this file (kafkajs is a devDependency).
 */
export function createKafkajsEventLog(options: KafkaEventLogOptions): EventLog {
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    logLevel: levels[options.logLevel ?? 'error'],
    ...(options.logger === undefined ? {} : { logCreator: toKafkajsLogCreator(options.logger) }),
    retry: { initialRetryTime: 100, retries: 5 },
  });
  const defaultPartitions = options.defaultPartitions ?? 3;
  let producer: Promise<Producer> | undefined;
  let admin: Promise<Admin> | undefined;
  const subscriptions = new SubscriptionRegistry();

  function connectedProducer(): Promise<Producer> {
    producer ??= (async () => {
      // One request in flight per broker: a retried request can then never overtake a later one, which is what
      // keeps per-key order without the (experimental in kafkajs) idempotent producer.
      const created = kafka.producer({
        allowAutoTopicCreation: false,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await created.connect();
      return created;
    })().catch((error: unknown) => {
      producer = undefined;
      throw error;
    });
    return producer;
  }

  function connectedAdmin(): Promise<Admin> {
    admin ??= (async () => {
      const created = kafka.admin();
      await created.connect();
      return created;
    })().catch((error: unknown) => {
      admin = undefined;
      throw error;
    });
    return admin;
  }

  return {
    transport: 'kafka',

    async ensureTopics(topics: readonly TopicSpec[]) {
      const client = await connectedAdmin();
      const existing = new Set(await client.listTopics());
      const missing = topics.filter((topic) => !existing.has(topic.name));
      if (missing.length === 0) return;
      await client.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic: topic.name,
          numPartitions: topic.partitions ?? defaultPartitions,
          replicationFactor: -1,
        })),
      });
    },

    async publish(records: readonly EventRecord[]) {
      if (records.length === 0) return;
      const byTopic = new Map<string, EventRecord[]>();
      for (const record of records) {
        const list = byTopic.get(record.topic) ?? [];
        list.push(record);
        byTopic.set(record.topic, list);
      }
      try {
        const client = await connectedProducer();
        await client.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, list]) => ({
            topic,
            messages: list.map((record) => ({
              key: record.key,
              value: Buffer.from(record.value.buffer, record.value.byteOffset, record.value.byteLength),
              headers: { ...record.headers },
            })),
          })),
        });
      } catch (error) {
        throw new UnavailableError(`publishing to Kafka failed: ${(error as Error).message}`, { cause: error });
      }
    },

    async subscribe(subscribeOptions: SubscribeOptions): Promise<Subscription> {
      return subscriptions.track(
        await subscribeWithKafkajs(kafka, subscribeOptions, options.sessionTimeoutMs ?? 30_000),
      );
    },

    async endOffsets(topic: string) {
      const client = await connectedAdmin();
      const offsets = await client.fetchTopicOffsets(topic);
      return new Map(offsets.map((entry) => [entry.partition, BigInt(entry.high)]));
    },

    async close() {
      await subscriptions.stopAll();
      const [openProducer, openAdmin] = [producer, admin];
      producer = undefined;
      admin = undefined;
      await Promise.all([
        openProducer?.then((client) => client.disconnect()).catch(() => undefined),
        openAdmin?.then((client) => client.disconnect()).catch(() => undefined),
      ]);
    },
  };
}

async function subscribeWithKafkajs(
  kafka: Kafka,
  options: SubscribeOptions,
  sessionTimeoutMs: number,
): Promise<Subscription> {
  const maxBatchSize = options.maxBatchSize ?? 1_000;
  const consumer: Consumer = kafka.consumer({
    groupId: options.groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: sessionTimeoutMs,
    heartbeatInterval: Math.min(3_000, Math.floor(sessionTimeoutMs / 3)),
    // Bounds what one fetch holds in memory (every message decoded into objects at once): with a dozen partitions
    // behind, 4 MiB each kept the ledger's heap 100 MiB higher for no gain in throughput.
    maxBytesPerPartition: 1024 * 1024,
    maxBytes: 8 * 1024 * 1024,
    // The broker holds an empty fetch this long; it bounds both delivery latency when idle and how long stop() waits.
    maxWaitTimeInMs: 500,
  });
  // Partitions whose stored position has been checked since the last (re)join of the group.
  const positionChecked = new Set<string>();
  const { storedPosition } = options;
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    positionChecked.clear();
    if (!storedPosition) return;
    // Seek at once, not when a batch arrives: on a partition with nothing new no batch ever would, and a consumer
    // whose own data is behind the group's committed offset (a rebuild, a restored backup) must still be served.
    const assignment = event.payload.memberAssignment;
    void (async () => {
      for (const [topic, partitions] of Object.entries(assignment)) {
        for (const partition of partitions) {
          const stored = await storedPosition(topic, partition);
          if (stored !== undefined) consumer.seek({ topic, partition, offset: (stored + 1n).toString() });
        }
      }
    })().catch((error: unknown) => options.onError?.(error));
  });
  // kafkajs restarts a crashed consumer itself when the error is retriable; either way the owner should hear of it.
  consumer.on(consumer.events.CRASH, (event) => options.onError?.(event.payload.error));

  let stopped = false;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...options.topics], fromBeginning: true });
    await startConsuming();
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    throw error;
  }

  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      await consumer.disconnect();
    },
  };

  async function startConsuming(): Promise<void> {
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.concurrentPartitions ?? 1,
      eachBatch: async (payload) => {
        const { batch } = payload;
        const heartbeat = () => payload.heartbeat();
        const isRunning = () => payload.isRunning();
        const isStale = () => payload.isStale();
        const resolveOffset = (offset: string) => payload.resolveOffset(offset);
        const partitionKey = `${batch.topic}/${batch.partition}`;
        let messages = batch.messages;
        if (options.storedPosition && !positionChecked.has(partitionKey)) {
          const stored = await options.storedPosition(batch.topic, batch.partition);
          positionChecked.add(partitionKey);
          const first = messages[0];
          if (stored !== undefined && first !== undefined && BigInt(first.offset) > stored + 1n) {
            // The broker's committed offset is ahead of the consumer's own data: go back to what it has.
            consumer.seek({ topic: batch.topic, partition: batch.partition, offset: (stored + 1n).toString() });
            return;
          }
          if (stored !== undefined) {
            messages = messages.filter((message) => BigInt(message.offset) > stored);
          }
        }
        const backoff = new Backoff();
        for (let start = 0; start < messages.length;) {
          if (!isRunning() || isStale()) return;
          const chunk = messages.slice(start, start + maxBatchSize);
          const eventBatch: EventBatch = {
            topic: batch.topic,
            partition: batch.partition,
            events: chunk.map((message) => toLoggedEvent(batch.topic, batch.partition, message)),
            highWatermark: BigInt(batch.highWatermark),
          };
          try {
            await options.handleBatch(eventBatch);
          } catch (error) {
            options.onError?.(error);
            await heartbeat();
            await new Promise((resolve) => setTimeout(resolve, backoff.next()));
            continue;
          }
          backoff.reset();
          const last = chunk[chunk.length - 1];
          if (last) {
            resolveOffset(last.offset);
            await consumer.commitOffsets([
              { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
            ]);
          }
          start += chunk.length;
          await heartbeat();
        }
        if (messages.length === 0 && batch.messages.length > 0) {
          // Everything in this batch was already in the consumer's own data: move the group's position past it.
          const last = batch.messages[batch.messages.length - 1];
          if (last) {
            resolveOffset(last.offset);
            await consumer.commitOffsets([
              { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
            ]);
          }
        }
      },
    });
  }
}

function toLoggedEvent(topic: string, partition: number, message: KafkaMessage): LoggedEvent {
  return {
    topic,
    partition,
    offset: BigInt(message.offset),
    key: message.key?.toString('utf8') ?? '',
    value: message.value
      ? new Uint8Array(message.value.buffer, message.value.byteOffset, message.value.byteLength)
      : new Uint8Array(),
    headers: toHeaders(message.headers),
    loggedAt: new Date(Number(message.timestamp)),
  };
}

function toHeaders(headers: IHeaders | undefined): EventHeaders {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) result[name] = first.toString();
  }
  return result;
}

function toKafkajsLogCreator(logger: Logger): KafkajsLogCreator {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _name, ...fields } = log;
      const line = `${namespace}: ${message}`;
      if (level <= KafkaLogLevel.ERROR) kafkaLogger.error(line, fields);
      else if (level === KafkaLogLevel.WARN) kafkaLogger.warn(line, fields);
      else if (level === KafkaLogLevel.INFO) kafkaLogger.info(line, fields);
      else kafkaLogger.debug(line, fields);
    };
}
