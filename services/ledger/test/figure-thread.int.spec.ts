import { createPgDb, type Db } from '@vezel/db';
import { startServiceModule } from '@vezel/service-kit';
import { createTestDatabase, eventually } from '@vezel/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { startFigureThread } from '../src/adapters/postgres/figure-thread.ts';
import { createPgLedgerStorage } from '../src/adapters/postgres/pg-ledger-storage.ts';
import { FigureWorkOutOfMemoryError } from '../src/app/figure-work-errors.ts';
import type { LedgerStorage } from '../src/app/ledger-storage.ts';
import { createLedgerModule } from '../src/module.ts';
import { scenarioFacts } from './domain/two-municipalities-scenario.ts';
import { ledgerModuleDependencies } from './support/ledger-module-dependencies.ts';
import { aLedgerUnderTest, type LedgerUnderTest } from './support/ledger-under-test.ts';

const opened: LedgerUnderTest[] = [];
afterAll(async () => {
  await Promise.all(opened.map((ledger) => ledger.close()));
});

/** A ledger holding the hand-computed scenario's facts, applied by a real consumer, figures not yet computed. */
async function scenarioLedger(label: string): Promise<LedgerUnderTest> {
  const ledger = await aLedgerUnderTest(label);
  opened.push(ledger);
  await ledger.publishFacts(scenarioFacts);
  const consumer = await ledger.startConsumer();
  await ledger.caughtUp();
  await consumer.stop();
  return ledger;
}

async function refreshAll(storage: Pick<LedgerStorage, 'refreshFigures'>): Promise<void> {
  for (;;) {
    const result = await storage.refreshFigures({ maxNodes: 7 });
    if (result.nodes === 0 && result.batches === 0 && result.lookedUp === 0 && !result.busy) return;
  }
}

/** Every derived figure the refresher writes, in a fixed order. */
async function figuresOf(ledger: LedgerUnderTest): Promise<unknown> {
  const tables = [
    'ledger_batches',
    'ledger_batch_outcomes',
    'ledger_batch_stock',
    'ledger_batch_fraction_outcomes',
    'ledger_collected_days',
    'ledger_outcome_days',
    'ledger_fraction_outcome_months',
    'ledger_anomalies',
  ];
  const figures: Record<string, unknown> = {};
  for (const table of tables) {
    const { rows } = await ledger.db.query(`select * from ${table} order by 1, 2, 3, 4`);
    figures[table] = rows;
  }
  return figures;
}

/** Connections the figure thread holds to the database `db` is on. */
async function figureThreadConnections(db: Db): Promise<number> {
  const { rows } = await db.query<{ count: bigint }>(
    `select count(*) as count from pg_stat_activity
      where datname = current_database() and application_name = 'vezel-ledger-figures'`,
  );
  return Number(rows[0]!.count);
}

describe('the figure worker', () => {
  it('computes the same figures on its own thread and connections as the ledger thread does', async () => {
    const inThread = await scenarioLedger('figures-in-thread');
    const onWorker = await scenarioLedger('figures-on-worker');
    await refreshAll(createPgLedgerStorage(inThread.db));

    const thread = startFigureThread({ connectionString: onWorker.databaseUrl });
    const work = thread.workOn('public');
    try {
      const marked = await work.countDirtyNodes();
      expect(marked).toBeGreaterThan(0);
      expect(await work.countFigureBacklog()).toEqual({
        derivedPending: marked,
        lookupsPending: marked,
        batchesPending: 0,
      });
      await work.analyzeGrownTables();
      await refreshAll(work);
      expect(await work.countDirtyNodes()).toBe(0);
      expect(await work.countFigureBacklog()).toEqual({ derivedPending: 0, lookupsPending: 0, batchesPending: 0 });
      expect(await figureThreadConnections(onWorker.db)).toBeGreaterThan(0);
    } finally {
      await thread.close();
    }
    expect(await figuresOf(onWorker)).toEqual(await figuresOf(inThread));
    expect(await createPgLedgerStorage(onWorker.db).countDirtyNodes()).toBe(0);
  });

  it('answers a request that fails (no ledger tables in its schema) with that error, and serves the next', async () => {
    const ledger = await scenarioLedger('figures-worker-errors');
    const thread = startFigureThread({ connectionString: ledger.databaseUrl });
    try {
      const nowhere = thread.workOn('no_such_schema_here');
      await expect(nowhere.countDirtyNodes()).rejects.toThrow(/ledger_dirty|does not exist/);
      await expect(nowhere.refreshFigures()).rejects.toThrow();
      await nowhere.release();
      expect(await thread.workOn('public').countDirtyNodes()).toBeGreaterThan(0);
    } finally {
      await thread.close();
    }
  });

  it("tells a request that ran out of the thread's heap from other failures, so the loops ask for smaller ones", async () => {
    // A heap far too small for anything: the thread dies of it as a refresh too large for a normal heap would.
    const thread = startFigureThread({ connectionString: 'postgres://127.0.0.1:9/unused', maxOldSpaceMb: 4 });
    try {
      const failure = await thread
        .workOn('ledger')
        .refreshFigures()
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(FigureWorkOutOfMemoryError);
      expect((failure as Error).cause).toMatchObject({ code: 'ERR_WORKER_OUT_OF_MEMORY' });
    } finally {
      await thread.close();
    }
  });

  it('closes its connections and refuses work once closed', async () => {
    const ledger = await scenarioLedger('figures-thread-closed');
    const thread = startFigureThread({ connectionString: ledger.databaseUrl });
    const work = thread.workOn('public');
    expect(await work.countDirtyNodes()).toBeGreaterThan(0);
    expect(await figureThreadConnections(ledger.db)).toBeGreaterThan(0);
    await thread.close();
    await expect(work.countDirtyNodes()).rejects.toThrow('the figure thread is closed');
    await eventually(async () => ((await figureThreadConnections(ledger.db)) === 0 ? true : undefined), {
      description: "the figure thread's connections are gone",
      timeoutMs: 10_000,
    });
  });

  it('is not started when the ledger is told to keep its figures on the main thread (LEDGER_FIGURE_THREAD=false)', async () => {
    const chain = await aLedgerUnderTest('figures-main-thread');
    opened.push(chain);
    const databaseUrl = await createTestDatabase('figures-main-thread-module');
    const db = createPgDb({ connectionString: databaseUrl, schema: 'ledger' });
    const module = await createLedgerModule(ledgerModuleDependencies(databaseUrl, db, chain.eventLog), {
      topics: chain.topics,
      groupId: `figures-main-thread-${Date.now()}`,
      figureThread: false,
    });
    const served = await startServiceModule(module, { db, httpPort: 0, grpcPort: 0 });
    try {
      await chain.publishFacts(scenarioFacts);
      await eventually(
        async () => {
          const lag = await module.queries.lag();
          return lag.eventsBehind === 0 && lag.derivedPending === 0;
        },
        { description: 'caught up with every figure settled', timeoutMs: 60_000 },
      );
      expect(await figureThreadConnections(db)).toBe(0);
    } finally {
      await served.stop();
      await db.close();
    }
  });
});
