import type { Db } from '@vezel/db';
import { createKafkaEventLog, type EventLog } from '@vezel/messaging';
import type { ServiceMainProcess } from '@vezel/service-testing';
import { eventually, testKafkaBrokers } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  aLedgerDatabase,
  appliedEvents,
  bothHoldPartitions,
  caughtUpAndSettled,
  exited,
  expectCleanRebuildToEqual,
  expectEveryEventOnce,
  httpPortOf,
  killHard,
  publishGeneratedChain,
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

describe('ledger processes killed with SIGKILL while they consume', () => {
  it(`end, after ${KILLS} kills of the only process at random points, with the tables of a clean rebuild`, async () => {
    const { db, operator, start } = await aLedgerDatabase('ledger-crash', topics, { running, opened });
    for (const target of randomKillPoints(KILLS)) {
      const ledger = start();
      await applied(db, target, ledger);
      await killHard(ledger);
    }

    const ledger = start();
    const port = await httpPortOf(ledger);
    await caughtUpAndSettled(port, operator);
    await expectEveryEventOnce(db, published);
    const afterCrashes = await ledgerTableChecksums(db);

    const anonymous = await fetch(`http://127.0.0.1:${port}/v1/ledger/rebuild`, { method: 'POST' });
    expect(anonymous.status).toBe(401);
    await expectCleanRebuildToEqual(port, operator, db, afterCrashes);
    ledger.child.kill('SIGTERM');
    await exited(ledger);
  }, 900_000);

  it('end, when one of two processes in a group is killed at random points and the other survives, with the tables of a clean rebuild', async () => {
    const { db, operator, start, group } = await aLedgerDatabase('ledger-scale-out', topics, { running, opened });
    const survivor = start();
    const survivorPort = await httpPortOf(survivor);
    for (const target of randomKillPoints(3)) {
      const victim = start();
      // Killed only once it holds partitions of its own, so each kill takes work away from the group mid-flight.
      await bothHoldPartitions(group, victim);
      await applied(db, target, victim);
      await killHard(victim);
    }

    // The survivor takes the victim's partitions once the broker gives up on it, and its figure work with them.
    await caughtUpAndSettled(survivorPort, operator);
    await expectEveryEventOnce(db, published);
    const afterKills = await ledgerTableChecksums(db);
    await expectCleanRebuildToEqual(survivorPort, operator, db, afterKills);
    survivor.child.kill('SIGTERM');
    await exited(survivor);
  }, 900_000);
});
