import { fileURLToPath } from 'node:url';
import { eventCatalogue } from '@vezel/contracts';
import { createPgDb, type Db } from '@vezel/db';
import type { EventLog, EventRecord } from '@vezel/messaging';
import { createOperatorApiKey, startServiceMain, type ServiceMainProcess } from '@vezel/service-testing';
import {
  consumerGroupAssignment,
  createTestDatabase,
  eventually,
  testKafkaBrokers,
  uniqueTopicName,
} from '@vezel/testing';
import { expect } from 'vitest';
import { generateChain } from '../../bench/generate-chain.ts';
import type { RebuildStatus } from '../../src/app/rebuild-status.ts';
import { factToEventRecord, type TopicOf } from './fact-to-event-record.ts';
import { ledgerTableChecksums } from './ledger-table-checksum.ts';

/*
 * Real ledger processes (src/main.ts) over real Kafka and PostgreSQL, for the tests that kill them: a generated
 * chain published to topics of their own, the processes started and stopped, and the clean rebuild their tables
 * are compared with.
 */

const main = new URL('../../src/main.ts', import.meta.url);

/** Publishes a generated chain of `events` facts to fresh topics (one per chain service, 3 partitions each). */
export async function publishGeneratedChain(
  eventLog: EventLog,
  options: { readonly label: string; readonly events: number; readonly seed: number },
): Promise<{ readonly topics: readonly string[]; readonly published: number }> {
  const chain = await generatedChainPublisher(eventLog, options);
  // Every fact the generator yields: it may add one past `events` to finish an action.
  return { topics: chain.topics, published: await chain.publishNext(Number.POSITIVE_INFINITY) };
}

/**
 * Fresh topics (one per chain service, 3 partitions each) for a generated chain of `events` facts, published a part
 * at a time: `publishNext(n)` publishes the next `n` facts (fewer at the end) and answers how many it published.
 */
export async function generatedChainPublisher(
  eventLog: EventLog,
  options: { readonly label: string; readonly events: number; readonly seed: number },
): Promise<{ readonly topics: readonly string[]; publishNext(count: number): Promise<number> }> {
  const topicByService = Object.fromEntries(
    Object.keys(eventCatalogue).map((service) => [service, uniqueTopicName(`${options.label}-${service}`)]),
  );
  const topicOf: TopicOf = (service) => topicByService[service]!;
  const topics = Object.values(topicByService);
  await eventLog.ensureTopics(topics.map((name) => ({ name, partitions: 3 })));
  const facts = generateChain({ seed: options.seed, events: options.events });
  return {
    topics,
    async publishNext(count) {
      let published = 0;
      let chunk: EventRecord[] = [];
      while (published + chunk.length < count) {
        const next = facts.next();
        if (next.done === true) break;
        chunk.push(factToEventRecord(next.value, topicOf));
        if (chunk.length === 5_000) {
          await eventLog.publish(chunk);
          published += chunk.length;
          chunk = [];
        }
      }
      if (chunk.length > 0) await eventLog.publish(chunk);
      return published + chunk.length;
    },
  };
}

/** A fresh ledger database, its operator's key, and a way to start ledger processes on it in one consumer group. */
export interface LedgerDatabase {
  readonly db: Db;
  readonly operator: Record<string, string>;
  readonly start: () => ServiceMainProcess;
  readonly group: string;
}

/**
 * A fresh database for ledger processes projecting `topics`; the processes started and the Db opened are pushed to
 * `cleanUp`, for the test file to kill and close afterwards.
 */
export async function aLedgerDatabase(
  label: string,
  topics: readonly string[],
  cleanUp: { readonly running: ServiceMainProcess[]; readonly opened: Db[] },
): Promise<LedgerDatabase> {
  const databaseUrl = await createTestDatabase(label);
  const operator = { authorization: `Bearer ${await createOperatorApiKey(databaseUrl)}` };
  const db = createPgDb({ connectionString: databaseUrl, schema: 'ledger' });
  cleanUp.opened.push(db);
  // A group per database: the ledgers of two tests must not share partitions.
  const group = `${label}-${Date.now().toString(36)}`;
  return {
    db,
    operator,
    group,
    start: () => {
      const ledger = startLedgerProcess(databaseUrl, topics, { LEDGER_CONSUMER_GROUP: group });
      cleanUp.running.push(ledger);
      return ledger;
    },
  };
}

/** Resolves once the two ledger processes of `group` both hold partitions. */
export async function bothHoldPartitions(group: string, newcomer: ServiceMainProcess): Promise<void> {
  await eventually(
    async () => {
      const members = [...(await consumerGroupAssignment(testKafkaBrokers(), group)).values()];
      return members.length === 2 && members.every((partitions) => partitions > 0);
    },
    { description: `both ledgers hold partitions (stderr: ${newcomer.stderr().slice(-2_000)})`, timeoutMs: 60_000 },
  );
}

/** Starts a ledger process on `databaseUrl` projecting `topics`; `env` adds or overrides settings. */
export function startLedgerProcess(
  databaseUrl: string,
  topics: readonly string[],
  env: Record<string, string> = {},
): ServiceMainProcess {
  return startServiceMain(main, {
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: 'ledger',
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    LEDGER_TOPICS: topics.join(','),
    OTEL_SDK_DISABLED: 'true',
    // A killed process never leaves the group; the broker waits this long before handing its partitions on.
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    ...env,
  });
}

/** Events the ledger in `db` has applied, by its stored positions (0 before its tables exist). */
export async function appliedEvents(db: Db): Promise<number> {
  try {
    const { rows } = await db.query<{ applied: bigint | null }>(
      `select sum(log_offset + 1)::bigint as applied from ledger_positions`,
    );
    return Number(rows[0]?.applied ?? 0n);
  } catch {
    return 0; // not migrated yet
  }
}

/** Expects the ledger in `db` to hold each of the `published` events once, none rejected. */
export async function expectEveryEventOnce(db: Db, published: number): Promise<void> {
  const { rows } = await db.query<{ facts: bigint; rejected: bigint }>(
    `select (select count(*) from ledger_facts) as facts, (select count(*) from rejected_events) as rejected`,
  );
  expect({ facts: Number(rows[0]!.facts), rejected: Number(rows[0]!.rejected) }).toEqual({
    facts: published,
    rejected: 0,
  });
}

/** Resolves once the process has exited (at once if it has). */
export async function exited(ledger: ServiceMainProcess): Promise<void> {
  if (ledger.child.exitCode !== null || ledger.child.signalCode !== null) return;
  await new Promise((resolve) => ledger.child.once('exit', resolve));
}

/** Kills the process with SIGKILL (no clean-up of any kind) and waits until it is gone. */
export async function killHard(ledger: ServiceMainProcess): Promise<void> {
  ledger.child.kill('SIGKILL');
  await exited(ledger);
}

/** The HTTP port the process listens on, once it says so. */
export async function httpPortOf(ledger: ServiceMainProcess): Promise<number> {
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

/** How far the ledger answering on `port` is behind: events not applied, node figures not settled. */
export async function lagOf(
  port: number,
  headers: Record<string, string>,
): Promise<{ eventsBehind: number; derivedPending: number }> {
  return (await (await fetch(`http://127.0.0.1:${port}/v1/ledger/lag`, { headers })).json()) as {
    eventsBehind: number;
    derivedPending: number;
  };
}

/** Waits until the ledger on `port` has applied every event and settled every figure. */
export async function caughtUpAndSettled(port: number, headers: Record<string, string>): Promise<void> {
  await eventually(
    async () => {
      const { eventsBehind, derivedPending } = await lagOf(port, headers);
      return eventsBehind === 0 && derivedPending === 0;
    },
    { description: 'ledger caught up, figures settled', timeoutMs: 300_000, intervalMs: 200 },
  );
}

/** The rebuild command line, run as a process of its own. */
export const rebuildCli = fileURLToPath(new URL('../../src/cli/rebuild-cli.ts', import.meta.url));

/** What the ledger on `port` answers about the rebuild (GET /v1/ledger/rebuild). */
export async function rebuildStatus(port: number, headers: Record<string, string>): Promise<RebuildStatus> {
  return (await (await fetch(`http://127.0.0.1:${port}/v1/ledger/rebuild`, { headers })).json()) as RebuildStatus;
}

/** The rebuild status once it says the rebuild is done or failed. */
export async function rebuildFinished(port: number, headers: Record<string, string>): Promise<RebuildStatus> {
  return eventually(
    async () => {
      const status = await rebuildStatus(port, headers);
      return status.state === 'done' || status.state === 'failed' ? status : undefined;
    },
    { description: 'rebuild finished', timeoutMs: 300_000, intervalMs: 200 },
  );
}

/**
 * Rebuilds the ledger on `port` from the log (the operator endpoint: replayed into fresh tables and swapped in)
 * and expects the tables in `db` to equal `checksums` afterwards.
 */
export async function expectCleanRebuildToEqual(
  port: number,
  headers: Record<string, string>,
  db: Db,
  checksums: Record<string, string>,
): Promise<void> {
  const started = await fetch(`http://127.0.0.1:${port}/v1/ledger/rebuild`, { method: 'POST', headers });
  expect(started.status).toBe(202);
  expect(await rebuildFinished(port, headers)).toMatchObject({ state: 'done' });
  await eventually(async () => (await lagOf(port, headers)).derivedPending === 0, {
    description: 'figures settled after the swap',
  });
  expect(await ledgerTableChecksums(db)).toEqual(checksums);
}
