import { eventCatalogue } from '@vezel/contracts';
import { createPgDb, loadMigrations, migrate, type Db } from '@vezel/db';
import { createKafkaEventLog, type EventLog, type EventRecord } from '@vezel/messaging';
import { createTestDatabase, eventually, testKafkaBrokers, uniqueGroupId, uniqueTopicName } from '@vezel/testing';
import { createPgLedgerStorage } from '../../src/adapters/postgres/pg-ledger-storage.ts';
import { decodeEventBatch } from '../../src/adapters/protobuf/decode-event-batch.ts';
import { startLedgerConsumer, type LedgerConsumerOptions } from '../../src/app/ledger-consumer.ts';
import type { LedgerFact } from '../../src/domain/index.ts';
import { factToEventRecord, type TopicOf } from './fact-to-event-record.ts';

/**
 * A ledger wired to the real broker and database for one test: a fresh, migrated database, four fresh topics
 * standing in for the chain's, and helpers to publish facts as their producers would and to run consumers.
 */
/** The ledger's migrations, as the service applies them. */
export function loadLedgerMigrations(): ReturnType<typeof loadMigrations> {
  return loadMigrations(new URL('../../migrations/', import.meta.url));
}

export interface LedgerUnderTest {
  /** The test database's URL, for connections of other threads. */
  readonly databaseUrl: string;
  readonly db: Db;
  readonly eventLog: EventLog;
  readonly topics: readonly string[];
  readonly topicOf: TopicOf;
  publishFacts(facts: readonly LedgerFact[]): Promise<void>;
  publish(records: readonly EventRecord[]): Promise<void>;
  startConsumer(options?: Partial<LedgerConsumerOptions>): ReturnType<typeof startLedgerConsumer>;
  /** Waits until the ledger's stored positions reach the end of every topic: everything published is applied. */
  caughtUp(): Promise<void>;
  close(): Promise<void>;
}

/** With `schema`, the ledger's tables live in that schema, as a rebuild needs (DATABASE_SCHEMA). */
export async function aLedgerUnderTest(
  label: string,
  options: { readonly schema?: string } = {},
): Promise<LedgerUnderTest> {
  const databaseUrl = await createTestDatabase(label);
  const db = createPgDb({
    connectionString: databaseUrl,
    ...(options.schema === undefined ? {} : { schema: options.schema }),
  });
  await migrate(db, await loadLedgerMigrations());
  const eventLog = createKafkaEventLog({
    brokers: testKafkaBrokers(),
    clientId: `ledger-${label}`,
    logLevel: 'nothing',
  });
  const topicByService = Object.fromEntries(
    Object.keys(eventCatalogue).map((service) => [service, uniqueTopicName(`${label}-${service}`)]),
  );
  const topicOf: TopicOf = (service) => topicByService[service]!;
  const topics = Object.values(topicByService);
  await eventLog.ensureTopics(topics.map((name) => ({ name, partitions: 2 })));
  const groupId = uniqueGroupId(label);

  return {
    databaseUrl,
    db,
    eventLog,
    topics,
    topicOf,
    publishFacts: (facts) => eventLog.publish(facts.map((fact) => factToEventRecord(fact, topicOf))),
    publish: (records) => eventLog.publish(records),
    startConsumer: (options = {}) =>
      startLedgerConsumer({
        storage: createPgLedgerStorage(db),
        decode: decodeEventBatch,
        eventLog,
        topics,
        groupId,
        onError: () => undefined,
        ...options,
      }),
    caughtUp: async () => {
      const ends = new Map<string, bigint>();
      for (const topic of topics) {
        for (const [partition, end] of await eventLog.endOffsets(topic)) {
          if (end > 0n) ends.set(JSON.stringify([topic, partition]), end - 1n);
        }
      }
      await eventually(
        async () => {
          const { rows } = await db.query<{ topic: string; partition: number; log_offset: bigint }>(
            `select topic, partition, log_offset from ledger_positions`,
          );
          const stored = new Map(rows.map((row) => [JSON.stringify([row.topic, row.partition]), row.log_offset]));
          return [...ends].every(([key, last]) => (stored.get(key) ?? -1n) >= last);
        },
        { description: 'ledger caught up with every topic', timeoutMs: 60_000 },
      );
    },
    close: async () => {
      await eventLog.close();
      await db.close();
    },
  };
}
