import { eventCatalogue } from '@vezel/contracts';
import { createPgDb, type Db } from '@vezel/db';
import { createKafkaEventLog, type EventLog } from '@vezel/messaging';
import { createOperatorApiKey, startServiceMain, type ServiceMainProcess } from '@vezel/service-testing';
import { createTestDatabase, eventually, testKafkaBrokers, uniqueTopicName } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateChain } from '../bench/generate-chain.ts';
import { factToEventRecord, type TopicOf } from './support/fact-to-event-record.ts';
import { ledgerTableChecksums } from './support/ledger-table-checksum.ts';

/*
 * Crash safety against the real broker and database (the ledger applies each batch in one transaction, ADR 10):
 * the ledger process (src/main.ts) is SIGKILLed at random points while it consumes 100,000 events, restarted,
 * killed again, ... and finally left to finish. Its
 * tables must then equal, checksum for checksum, those of a clean rebuild from the log: nothing lost, nothing
 * applied twice, derived figures included.
 */

const EVENTS = Number(process.env['LEDGER_CRASH_EVENTS'] ?? 100_000);
const KILLS = 4;
const main = new URL('../src/main.ts', import.meta.url);

let databaseUrl: string;
let db: Db;
let eventLog: EventLog;
let topics: string[];
let published = 0;
/** The operator's admin key: the ledger process authenticates every request. */
let operator: { readonly authorization: string };
const running: ServiceMainProcess[] = [];

beforeAll(async () => {
  databaseUrl = await createTestDatabase('ledger-crash');
  operator = { authorization: `Bearer ${await createOperatorApiKey(databaseUrl)}` };
  db = createPgDb({ connectionString: databaseUrl, schema: 'ledger' });
  eventLog = createKafkaEventLog({ brokers: testKafkaBrokers(), clientId: 'ledger-crash', logLevel: 'nothing' });
  const topicByService = Object.fromEntries(
    Object.keys(eventCatalogue).map((service) => [service, uniqueTopicName(`crash-${service}`)]),
  );
  const topicOf: TopicOf = (service) => topicByService[service]!;
  topics = Object.values(topicByService);
  await eventLog.ensureTopics(topics.map((name) => ({ name, partitions: 3 })));
  let chunk = [];
  for (const fact of generateChain({ seed: 4242, events: EVENTS })) {
    chunk.push(factToEventRecord(fact, topicOf));
    if (chunk.length === 5_000) {
      await eventLog.publish(chunk);
      published += chunk.length;
      chunk = [];
    }
  }
  await eventLog.publish(chunk);
  published += chunk.length;
}, 300_000);

afterAll(async () => {
  for (const process of running) process.child.kill('SIGKILL');
  await eventLog?.close();
  await db?.close();
});

function startLedger(): ServiceMainProcess {
  const ledger = startServiceMain(main, {
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: 'ledger',
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    LEDGER_TOPICS: topics.join(','),
    OTEL_SDK_DISABLED: 'true',
    // A killed process never leaves the group; the broker waits this long before handing its partitions on.
    KAFKA_SESSION_TIMEOUT_MS: '6000',
  });
  running.push(ledger);
  return ledger;
}

async function appliedEvents(): Promise<number> {
  try {
    const { rows } = await db.query<{ applied: bigint | null }>(
      `select sum(log_offset + 1)::bigint as applied from ledger_positions`,
    );
    return Number(rows[0]?.applied ?? 0n);
  } catch {
    return 0; // not migrated yet
  }
}

async function exited(ledger: ServiceMainProcess): Promise<void> {
  if (ledger.child.exitCode !== null || ledger.child.signalCode !== null) return;
  await new Promise((resolve) => ledger.child.once('exit', resolve));
}

async function httpPortOf(ledger: ServiceMainProcess): Promise<number> {
  let port: number | undefined;
  await eventually(
    () => {
      port = ledger.lines.find((line) => line.msg === 'listening')?.['httpPort'] as number | undefined;
      return port !== undefined;
    },
    { description: `ledger listening (stderr: ${ledger.stderr().slice(-2_000)})`, timeoutMs: 60_000 },
  );
  return port!;
}

describe('the ledger process killed with SIGKILL while it consumes', () => {
  it(`ends, after ${KILLS} kills at random points, with the tables of a clean rebuild`, async () => {
    // Kill points spread over the consumption, each somewhat further than the last, at random offsets.
    const killAt = Array.from({ length: KILLS }, (_, index) =>
      Math.floor(((index + 0.2 + Math.random() * 0.6) / (KILLS + 1)) * published),
    );
    for (const target of killAt) {
      const ledger = startLedger();
      await eventually(async () => (await appliedEvents()) >= target, {
        description: `ledger applied ${target} events (stderr: ${ledger.stderr().slice(-2_000)})`,
        timeoutMs: 180_000,
        intervalMs: 20,
      });
      ledger.child.kill('SIGKILL');
      await exited(ledger);
    }

    const ledger = startLedger();
    const port = await httpPortOf(ledger);
    const lag = async (): Promise<{ eventsBehind: number; derivedPending: number }> =>
      (await (await fetch(`http://127.0.0.1:${port}/v1/ledger/lag`, { headers: operator })).json()) as {
        eventsBehind: number;
        derivedPending: number;
      };
    await eventually(
      async () => {
        const { eventsBehind, derivedPending } = await lag();
        return eventsBehind === 0 && derivedPending === 0;
      },
      { description: 'ledger caught up, figures settled', timeoutMs: 300_000, intervalMs: 200 },
    );

    const { rows } = await db.query<{ facts: bigint; rejected: bigint }>(
      `select (select count(*) from ledger_facts) as facts, (select count(*) from rejected_events) as rejected`,
    );
    expect({ facts: Number(rows[0]!.facts), rejected: Number(rows[0]!.rejected) }).toEqual({
      facts: published,
      rejected: 0,
    });
    const afterCrashes = await ledgerTableChecksums(db);

    // A clean rebuild from the log, through the operator endpoint: replayed into fresh tables and swapped in.
    const anonymous = await fetch(`http://127.0.0.1:${port}/v1/ledger/rebuild`, { method: 'POST' });
    expect(anonymous.status).toBe(401);
    const started = await fetch(`http://127.0.0.1:${port}/v1/ledger/rebuild`, { method: 'POST', headers: operator });
    expect(started.status).toBe(202);
    const finished = await eventually(
      async () => {
        const status = (await (
          await fetch(`http://127.0.0.1:${port}/v1/ledger/rebuild`, { headers: operator })
        ).json()) as {
          state: string;
          error?: string;
        };
        return status.state === 'done' || status.state === 'failed' ? status : undefined;
      },
      { description: 'rebuild finished', timeoutMs: 300_000, intervalMs: 200 },
    );
    expect(finished).toMatchObject({ state: 'done' });
    await eventually(async () => (await lag()).derivedPending === 0, { description: 'figures settled after the swap' });

    expect(await ledgerTableChecksums(db)).toEqual(afterCrashes);
    ledger.child.kill('SIGTERM');
    await exited(ledger);
  }, 900_000);
});
