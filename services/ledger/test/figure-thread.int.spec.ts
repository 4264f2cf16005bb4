import { afterAll, describe, expect, it } from 'vitest';
import { startFigureThread } from '../src/adapters/postgres/figure-thread.ts';
import { createPgLedgerStorage } from '../src/adapters/postgres/pg-ledger-storage.ts';
import type { LedgerStorage } from '../src/app/ledger-storage.ts';
import { scenarioFacts } from './domain/two-municipalities-scenario.ts';
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
    if (result.nodes === 0 && !result.busy) return;
  }
}

/** Every derived figure the refresher writes, in a fixed order. */
async function figuresOf(ledger: LedgerUnderTest): Promise<unknown> {
  const tables = [
    'ledger_batches',
    'ledger_batch_outcomes',
    'ledger_batch_stock',
    'ledger_batch_fraction_outcomes',
    'ledger_anomalies',
  ];
  const figures: Record<string, unknown> = {};
  for (const table of tables) {
    const { rows } = await ledger.db.query(`select * from ${table} order by 1, 2, 3`);
    figures[table] = rows;
  }
  return figures;
}

describe('the figure worker', () => {
  it('computes the same figures on its own thread and connections as the ledger thread does', async () => {
    const inThread = await scenarioLedger('figures-in-thread');
    const onWorker = await scenarioLedger('figures-on-worker');
    await refreshAll(createPgLedgerStorage(inThread.db));

    const thread = startFigureThread({ connectionString: onWorker.databaseUrl });
    const work = thread.workOn('public');
    try {
      expect(await work.countDirtyNodes()).toBeGreaterThan(0);
      await work.analyzeGrownTables();
      await refreshAll(work);
      expect(await work.countDirtyNodes()).toBe(0);
      const { rows } = await onWorker.db.query<{ count: bigint }>(
        `select count(*) as count from pg_stat_activity
          where datname = current_database() and application_name = 'vezel-ledger-figures'`,
      );
      expect(Number(rows[0]!.count)).toBeGreaterThan(0);
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
});
