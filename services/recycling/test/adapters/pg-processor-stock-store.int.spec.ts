import { createPgDb, migrate, type Db } from '@vezel/db';
import { isVersionConflictError, loadServiceMigrations } from '@vezel/service-kit';
import { createTestDatabase } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgProcessorStockStore } from '../../src/adapters/postgres/pg-processor-stock-store.ts';
import { evolveProcessorStock, initialProcessorStock, type RecyclingEvent } from '../../src/domain/index.ts';
import { aLotReceived, aNodeDisposed, aRunCompleted, g } from '../recycling-fixtures.ts';

describe('the postgres processor stock store', () => {
  let db: Db;
  const store = createPgProcessorStockStore();

  beforeAll(async () => {
    db = createPgDb({ connectionString: await createTestDatabase('recycling_stock_store'), schema: 'recycling' });
    await migrate(db, await loadServiceMigrations(new URL('../../migrations/', import.meta.url)));
  });
  afterAll(async () => {
    await db?.close();
  });

  /** Saves `events` as one command would: decided against the loaded stock, at its version. */
  async function record(processorId: string, events: readonly RecyclingEvent[]): Promise<void> {
    await db.transaction(async (tx) => {
      const loaded = await store.load(tx, processorId);
      const state = events.reduce(evolveProcessorStock, loaded?.state ?? initialProcessorStock());
      await store.save(tx, { id: processorId, state, events, expectedVersion: loaded?.version ?? 0 });
    });
  }

  it('knows no processor that never saved anything', async () => {
    expect(await store.load(db, 'P-NEVER')).toBeUndefined();
  });

  it('loads only the stock lines asked for, with the whole processor version', async () => {
    await record('P-PARTS', [aLotReceived({ receiptId: 'R-PA', processorId: 'P-PARTS', lotId: 'L-A' })]);
    await record('P-PARTS', [aLotReceived({ receiptId: 'R-PB', processorId: 'P-PARTS', lotId: 'L-B', grams: g(20) })]);

    expect(await store.load(db, 'P-PARTS', { parts: ['L-B', 'L-UNKNOWN'] })).toEqual({
      version: 2,
      state: { heldGrams: { 'L-B': 20n } },
    });
    expect(await store.load(db, 'P-PARTS', { parts: [] })).toEqual({ version: 2, state: { heldGrams: {} } });
    expect(await store.load(db, 'P-PARTS')).toEqual({
      version: 2,
      state: { heldGrams: { 'L-A': 1_000n, 'L-B': 20n } },
    });
  });

  it('keeps a used-up line at 0 g, so the node stays known to the processor', async () => {
    await record('P-USED', [aLotReceived({ receiptId: 'R-USED', processorId: 'P-USED', lotId: 'L-USED' })]);
    await record('P-USED', [
      aNodeDisposed({ disposalId: 'D-USED', processorId: 'P-USED', nodeId: 'L-USED', grams: g(1_000) }),
    ]);
    expect((await store.load(db, 'P-USED'))?.state.heldGrams).toEqual({ 'L-USED': 0n });
  });

  it('refuses a save against a version that is no longer current', async () => {
    await record('P-STALE', [aLotReceived({ receiptId: 'R-STALE-1', processorId: 'P-STALE', lotId: 'L-STALE' })]);
    const stale = await store.load(db, 'P-STALE');
    await record('P-STALE', [aLotReceived({ receiptId: 'R-STALE-2', processorId: 'P-STALE', lotId: 'L-STALE' })]);
    const event = aNodeDisposed({ disposalId: 'D-STALE', processorId: 'P-STALE', nodeId: 'L-STALE', grams: g(1) });
    const error: unknown = await db
      .transaction((tx) =>
        store.save(tx, {
          id: 'P-STALE',
          state: evolveProcessorStock(stale!.state, event),
          events: [event],
          expectedVersion: stale!.version,
        }),
      )
      .catch((failure: unknown) => failure);
    expect(isVersionConflictError(error)).toBe(true);
    expect((await store.load(db, 'P-STALE'))?.state.heldGrams).toEqual({ 'L-STALE': 2_000n });
  });

  it('refuses, as the last line of defence, an unbalanced run a bug might try to store', async () => {
    await record('P-BUG', [aLotReceived({ receiptId: 'R-BUG', processorId: 'P-BUG', lotId: 'L-BUG' })]);
    const unbalanced = aRunCompleted({
      runId: 'RUN-BUG',
      processorId: 'P-BUG',
      inputs: [{ nodeId: 'L-BUG', grams: g(1_000) }],
      lossGrams: g(0),
    });
    await expect(record('P-BUG', [unbalanced])).rejects.toMatchObject({ code: '23514' });
    expect(await db.query(`select 1 from runs where run_id = 'RUN-BUG'`)).toMatchObject({ rowCount: 0 });
  });
});
