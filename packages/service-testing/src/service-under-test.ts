import { createPgDb, type Db } from '@vezel/db';
import { createKafkaEventLog, type EventLog, type LoggedEvent, type Subscription } from '@vezel/messaging';
import { startServiceModule, type RunningServiceModule, type ServiceDefinition } from '@vezel/service-kit';
import { createLogger, type Logger } from '@vezel/telemetry';
import { createTestDatabase, eventually, testKafkaBrokers, uniqueGroupId, uniqueTopicName } from '@vezel/testing';
import { readJsonResponse, type JsonResponse } from './json-response.ts';

/** A write-side service running in this process on a fresh database and a fresh Kafka topic. */
export interface ServiceUnderTest {
  readonly db: Db;
  readonly eventLog: EventLog;
  readonly topic: string;
  readonly databaseUrl: string;
  readonly running: RunningServiceModule;
  /** `http://127.0.0.1:port`. */
  readonly url: string;
  /** `127.0.0.1:port`, for the gRPC client. */
  readonly grpcAddress: string;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<JsonResponse>;
  /** Sends a raw body (malformed JSON, another content type). */
  postRaw(path: string, body: string, contentType?: string): Promise<JsonResponse>;
  get(path: string): Promise<JsonResponse>;
  /** Waits until `count` events keyed `key` have arrived on the topic, and returns them in log order. */
  eventsOn(key: string, count: number): Promise<readonly LoggedEvent[]>;
  /** Row counts of every table a command may write, to prove a rejected command wrote nothing. */
  rowCounts(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/** What a test chooses about the service it starts; a service's own test harness fixes the rest. */
export interface TestServiceOptions {
  /** Names the test database, the topic and the Kafka clients: unique per test file. */
  readonly label: string;
  /** Subscribe to the topic from the start, so tests can see what was published. Default true. */
  readonly observeKafka?: boolean;
  /** The event log the service publishes through; default the real broker. */
  readonly eventLog?: EventLog;
  /** Default: silent. */
  readonly logger?: Logger;
  /** How long stopping waits for the outbox to drain. Default 5 s. */
  readonly drainTimeoutMs?: number;
}

/** Which service to start, and what {@link ServiceUnderTest.rowCounts} counts. */
export interface ServiceUnderTestOptions extends TestServiceOptions {
  readonly definition: ServiceDefinition;
  /** The schema the service owns. Default its name. */
  readonly schema?: string;
  /** Every table a command of the service may write. */
  readonly tables: readonly string[];
}

/** Starts a service's module with its HTTP and gRPC servers on free ports, as `runService` would. */
export async function startServiceUnderTest(options: ServiceUnderTestOptions): Promise<ServiceUnderTest> {
  const { name } = options.definition;
  const databaseUrl = await createTestDatabase(options.label);
  const db = createPgDb({ connectionString: databaseUrl, schema: options.schema ?? name, maxConnections: 8 });
  const eventLog =
    options.eventLog ?? createKafkaEventLog({ brokers: testKafkaBrokers(), clientId: `${name}-${options.label}` });
  const topic = uniqueTopicName(`${name}-${options.label}`);
  const logger = options.logger ?? createLogger(name, { level: 'silent' });
  const module = await options.definition.create({
    db,
    eventLog,
    logger,
    topic,
    drainTimeoutMs: options.drainTimeoutMs ?? 5_000,
  });
  const running = await startServiceModule(module, { db, httpPort: 0, grpcPort: 0, bodyLimit: '64kb' });

  const received: LoggedEvent[] = [];
  let subscription: Subscription | undefined;
  let observer: EventLog | undefined;
  if (options.observeKafka ?? true) {
    observer = createKafkaEventLog({ brokers: testKafkaBrokers(), clientId: `${name}-${options.label}-observer` });
    await observer.ensureTopics([{ name: topic }]);
    subscription = await observer.subscribe({
      groupId: uniqueGroupId(options.label),
      topics: [topic],
      handleBatch: async (batch) => {
        received.push(...batch.events);
      },
    });
  }

  const url = running.http.url;
  const { tables } = options;
  return {
    db,
    eventLog,
    topic,
    databaseUrl,
    running,
    url,
    grpcAddress: running.grpc.address,
    post: async (path, body, headers = {}) =>
      readJsonResponse(
        await fetch(url + path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        }),
      ),
    postRaw: async (path, body, contentType = 'application/json') =>
      readJsonResponse(await fetch(url + path, { method: 'POST', headers: { 'content-type': contentType }, body })),
    get: async (path) => readJsonResponse(await fetch(url + path)),
    async eventsOn(key, count) {
      if (subscription === undefined) throw new Error('this test service does not observe Kafka');
      return eventually(
        () => {
          const events = received.filter((event) => event.key === key);
          return events.length >= count ? events : undefined;
        },
        { timeoutMs: 30_000, description: `${count} events keyed ${key} on ${topic}` },
      );
    },
    async rowCounts() {
      const { rows } = await db.query<Record<string, bigint>>(
        `select ${tables.map((table) => `(select count(*) from ${table}) as ${table}`).join(', ')}`,
      );
      return Object.fromEntries(tables.map((table) => [table, Number(rows[0]?.[table] ?? 0n)]));
    },
    async stop() {
      await running.stop();
      await subscription?.stop();
      await observer?.close();
      await eventLog.close();
      await db.close();
    },
  };
}
