import { createPgDb, type Db } from '@vezel/db';
import { createKafkaEventLog, type EventLog } from '@vezel/messaging';
import { createOperatorApiKey, type ServiceMainProcess } from '@vezel/service-testing';
import { consumerGroupAssignment, createTestDatabase, eventually, testKafkaBrokers } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appliedEvents,
  caughtUpAndSettled,
  exited,
  expectCleanRebuildToEqual,
  httpPortOf,
  killHard,
  publishGeneratedChain,
  startLedgerProcess,
} from './support/ledger-processes.ts';
import { ledgerTableChecksums } from './support/ledger-table-checksum.ts';

/*
 * Crash safety against the real broker and database (the ledger applies each batch in one transaction, ADR 10):
 * ledger processes (src/main.ts) are SIGKILLed at random points while they consume 100,000 events, restarted,
 * killed again, ... and finally left to finish. Their tables must then equal, checksum for checksum, those of a
 * clean rebuild from the log: nothing lost, nothing applied twice, derived figures included.
 * 1. One process, killed four times.
 * 2. Two processes in one consumer group sharing the partitions and the figure work: one of them is killed at
 *    random points (and started again, three times), the other survives and finishes.
 */

const EVENTS = Number(process.env['LEDGER_CRASH_EVENTS'] ?? 100_000);
const KILLS = 4;

let eventLog: EventLog;
let topics: readonly string[];
let published = 0;
const running: ServiceMainProcess[] = [];
const opened: Db[] = [];

beforeAll(async () => {
  eventLog = createKafkaEventLog({ brokers: testKafkaBrokers(), clientId: 'ledger-crash', logLevel: 'nothing' });
  ({ topics, published } = await publishGeneratedChain(eventLog, { label: 'crash', events: EVENTS, seed: 4242 }));
}, 300_000);

afterAll(async () => {
  for (const process of running) process.child.kill('SIGKILL');
  await eventLog?.close();
  await Promise.all(opened.map((db) => db.close()));
});

/** A fresh ledger database, its operator's key, and a way to start ledger processes on it in one consumer group. */
async function aLedgerDatabase(label: string): Promise<{
  readonly db: Db;
  readonly operator: Record<string, string>;
  readonly start: () => ServiceMainProcess;
  readonly group: string;
}> {
  const databaseUrl = await createTestDatabase(label);
  const operator = { authorization: `Bearer ${await createOperatorApiKey(databaseUrl)}` };
  const db = createPgDb({ connectionString: databaseUrl, schema: 'ledger' });
  opened.push(db);
  // A group per database: the ledgers of the two tests must not share partitions.
  const group = `${label}-${Date.now().toString(36)}`;
  return {
    db,
    operator,
    group,
    start: () => {
      const ledger = startLedgerProcess(databaseUrl, topics, { LEDGER_CONSUMER_GROUP: group });
      running.push(ledger);
      return ledger;
    },
  };
}

/** Kill points spread over the consumption, each somewhat further than the last, at random offsets. */
function randomKillPoints(kills: number): number[] {
  return Array.from({ length: kills }, (_, index) =>
    Math.floor(((index + 0.2 + Math.random() * 0.6) / (kills + 1)) * published),
  );
}

async function applied(db: Db, target: number, ledger: ServiceMainProcess): Promise<void> {
  await eventually(async () => (await appliedEvents(db)) >= target, {
    description: `ledger applied ${target} events (stderr: ${ledger.stderr().slice(-2_000)})`,
    timeoutMs: 180_000,
    intervalMs: 20,
  });
}

async function expectEveryEventOnce(db: Db): Promise<void> {
  const { rows } = await db.query<{ facts: bigint; rejected: bigint }>(
    `select (select count(*) from ledger_facts) as facts, (select count(*) from rejected_events) as rejected`,
  );
  expect({ facts: Number(rows[0]!.facts), rejected: Number(rows[0]!.rejected) }).toEqual({
    facts: published,
    rejected: 0,
  });
}

describe('ledger processes killed with SIGKILL while they consume', () => {
  it(`end, after ${KILLS} kills of the only process at random points, with the tables of a clean rebuild`, async () => {
    const { db, operator, start } = await aLedgerDatabase('ledger-crash');
    for (const target of randomKillPoints(KILLS)) {
      const ledger = start();
      await applied(db, target, ledger);
      await killHard(ledger);
    }

    const ledger = start();
    const port = await httpPortOf(ledger);
    await caughtUpAndSettled(port, operator);
    await expectEveryEventOnce(db);
    const afterCrashes = await ledgerTableChecksums(db);

    const anonymous = await fetch(`http://127.0.0.1:${port}/v1/ledger/rebuild`, { method: 'POST' });
    expect(anonymous.status).toBe(401);
    await expectCleanRebuildToEqual(port, operator, db, afterCrashes);
    ledger.child.kill('SIGTERM');
    await exited(ledger);
  }, 900_000);

  it('end, when one of two processes in a group is killed at random points and the other survives, with the tables of a clean rebuild', async () => {
    const { db, operator, start, group } = await aLedgerDatabase('ledger-scale-out');
    const survivor = start();
    const survivorPort = await httpPortOf(survivor);
    for (const target of randomKillPoints(3)) {
      const victim = start();
      // Killed only once it holds partitions of its own, so each kill takes work away from the group mid-flight.
      await eventually(
        async () => {
          const members = [...(await consumerGroupAssignment(testKafkaBrokers(), group)).values()];
          return members.length === 2 && members.every((partitions) => partitions > 0);
        },
        { description: `both ledgers hold partitions (stderr: ${victim.stderr().slice(-2_000)})`, timeoutMs: 60_000 },
      );
      await applied(db, target, victim);
      await killHard(victim);
    }

    // The survivor takes the victim's partitions once the broker gives up on it, and its figure work with them.
    await caughtUpAndSettled(survivorPort, operator);
    await expectEveryEventOnce(db);
    const afterKills = await ledgerTableChecksums(db);
    await expectCleanRebuildToEqual(survivorPort, operator, db, afterKills);
    survivor.child.kill('SIGTERM');
    await exited(survivor);
  }, 900_000);
});
