import { fromBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { findEventSchema } from '@vezel/contracts';
import { createPgDb, type Db } from '@vezel/db';
import { createKafkaEventLog, type EventLog, type LoggedEvent, type Subscription } from '@vezel/messaging';
import { startServiceModule, type RunningServiceModule } from '@vezel/service-kit';
import { createLogger, type Logger } from '@vezel/telemetry';
import { createTestDatabase, eventually, testKafkaBrokers, uniqueGroupId, uniqueTopicName } from '@vezel/testing';
import { expect } from 'vitest';
import { createSortingModule } from '../src/module.ts';

/** Every table a sorting command may write. */
const tables = ['centres', 'stock_lines', 'receipts', 'runs', 'run_inputs', 'lots', 'dispatches', 'outbox', 'processed_commands'];

/** A sorting service running in this process on a fresh database and a fresh Kafka topic. */
export interface SortingTestService {
  readonly db: Db;
  readonly eventLog: EventLog;
  readonly topic: string;
  readonly databaseUrl: string;
  readonly running: RunningServiceModule;
  /** `http://127.0.0.1:port`. */
  readonly url: string;
  /** `127.0.0.1:port`, for the gRPC client. */
  readonly grpcAddress: string;
  post(path: string, body: unknown): Promise<JsonResponse>;
  /** Sends a raw body (malformed JSON, another content type). */
  postRaw(path: string, body: string, contentType?: string): Promise<JsonResponse>;
  get(path: string): Promise<JsonResponse>;
  /** Waits until `count` events keyed `key` have arrived on the topic, and returns them in log order. */
  eventsOn(key: string, count: number): Promise<readonly LoggedEvent[]>;
  /** Row counts of every table a command may write, to prove a rejected command wrote nothing. */
  rowCounts(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/** A response with its body parsed as JSON. */
export interface JsonResponse {
  readonly status: number;
  readonly contentType: string | null;
  readonly location: string | null;
  /** The parsed body; `{}` when empty. */
  readonly body: Record<string, unknown>;
}

export interface StartOptions {
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

/** Starts the sorting module with its HTTP and gRPC servers on free ports, as `runService` would. */
export async function startSortingTestService(options: StartOptions): Promise<SortingTestService> {
  const databaseUrl = await createTestDatabase(options.label);
  const db = createPgDb({ connectionString: databaseUrl, schema: 'sorting', maxConnections: 8 });
  const eventLog = options.eventLog ?? createKafkaEventLog({ brokers: testKafkaBrokers(), clientId: `sorting-${options.label}` });
  const topic = uniqueTopicName(`sorting-${options.label}`);
  const logger = options.logger ?? createLogger('sorting', { level: 'silent' });
  const module = await createSortingModule({ db, eventLog, logger, topic, drainTimeoutMs: options.drainTimeoutMs ?? 5_000 });
  const running = await startServiceModule(module, { db, httpPort: 0, grpcPort: 0, bodyLimit: '64kb' });

  const received: LoggedEvent[] = [];
  let subscription: Subscription | undefined;
  let observer: EventLog | undefined;
  if (options.observeKafka ?? true) {
    observer = createKafkaEventLog({ brokers: testKafkaBrokers(), clientId: `sorting-${options.label}-observer` });
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
  const asJson = async (response: Response): Promise<JsonResponse> => {
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      location: response.headers.get('location'),
      body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    };
  };

  return {
    db,
    eventLog,
    topic,
    databaseUrl,
    running,
    url,
    grpcAddress: running.grpc.address,
    post: async (path, body) =>
      asJson(await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })),
    postRaw: async (path, body, contentType = 'application/json') =>
      asJson(await fetch(url + path, { method: 'POST', headers: { 'content-type': contentType }, body })),
    get: async (path) => asJson(await fetch(url + path)),
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
      const counts: Record<string, number> = {};
      for (const table of tables) {
        const { rows } = await db.query<{ n: bigint }>(`select count(*) as n from ${table}`);
        counts[table] = Number(rows[0]?.n ?? 0n);
      }
      return counts;
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

/** Decodes an event by its `ce_type`, asserting the type is the expected one. */
export function decodeAs<Desc extends DescMessage>(schema: Desc, event: LoggedEvent): MessageShape<Desc> {
  expect(event.headers['ce_type']).toBe(schema.typeName);
  expect(findEventSchema(event.headers['ce_type'] ?? '')?.typeName).toBe(schema.typeName);
  return fromBinary(schema, event.value);
}

/** Asserts the CloudEvents headers every sorting event carries, and that the Kafka key is the subject. */
export function expectCloudEventHeaders(event: LoggedEvent, expected: { type: string; subject: string; time: string }): void {
  expect(event.headers).toMatchObject({
    ce_specversion: '1.0',
    ce_type: expected.type,
    ce_source: '/vezel/sorting',
    ce_subject: expected.subject,
    ce_time: expected.time,
    'content-type': 'application/protobuf',
  });
  // UUIDv7: version nibble 7, RFC 4122 variant.
  expect(event.headers['ce_id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(event.key).toBe(expected.subject);
}
