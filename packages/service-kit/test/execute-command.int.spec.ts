import { createPgDb, migrate, type Db } from '@vezel/db';
import { ConflictError, MassNotConservedError } from '@vezel/errors';
import { createTestDatabase } from '@vezel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeCommand, serviceKitMigration } from '../src/index.ts';
import { createStockStore, seedStock, stockSchemaSql, takeCommand } from './fixtures/stock-aggregate.ts';

describe('executeCommand on PostgreSQL under concurrency', () => {
  let db: Db;

  beforeAll(async () => {
    db = createPgDb({ connectionString: await createTestDatabase('service_kit'), schema: 'kit', maxConnections: 12 });
    await migrate(db, [serviceKitMigration, { id: '0001-stocks', sql: stockSchemaSql }]);
  });
  afterAll(async () => {
    await db?.close();
  });

  const gramsOf = async (id: string) =>
    (await db.query<{ grams: bigint }>(`select grams from stocks where id = $1`, [id])).rows[0]?.grams;
  const outboxRows = async (key: string) =>
    Number((await db.query<{ n: bigint }>(`select count(*) as n from outbox where key = $1`, [key])).rows[0]?.n);

  it('lets exactly one of two commands racing for the last grams win; the other is rejected, not lost', async () => {
    for (let round = 0; round < 10; round++) {
      const stock = `race-${round}`;
      await seedStock(db, stock, 500n);
      const take = takeCommand(createStockStore());
      const results = await Promise.allSettled([
        executeCommand(db, take, { takeId: `${stock}-a`, stockId: stock, grams: 500n }),
        executeCommand(db, take, { takeId: `${stock}-b`, stockId: stock, grams: 500n }),
      ]);

      const won = results.filter((result) => result.status === 'fulfilled');
      const lost = results.filter((result) => result.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(MassNotConservedError);
      expect(await gramsOf(stock)).toBe(0n);
      expect(await outboxRows(stock)).toBe(1);
    }
  });

  it('serialises many concurrent takes on one aggregate without losing or inventing a gram', async () => {
    const stock = 'many';
    await seedStock(db, stock, 1_000n);
    const take = takeCommand(createStockStore());
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, index) =>
        executeCommand(
          db,
          take,
          { takeId: `many-${index}`, stockId: stock, grams: 100n },
          { retry: { maxAttempts: 30 } },
        ),
      ),
    );
    const won = results.filter((result) => result.status === 'fulfilled').length;
    expect(won).toBe(10);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(MassNotConservedError);
    }
    expect(await gramsOf(stock)).toBe(0n);
    expect(await outboxRows(stock)).toBe(10);
  });

  it('executes a command sent several times at once exactly once; the others replay its result', async () => {
    const stock = 'duplicate';
    await seedStock(db, stock, 1_000n);
    const take = takeCommand(createStockStore());
    const input = { takeId: 'dup-1', stockId: stock, grams: 300n };
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => executeCommand(db, take, input)));

    expect(outcomes.filter((outcome) => !outcome.replayed)).toHaveLength(1);
    // jsonb keeps no key order, so compare structurally.
    for (const outcome of outcomes) expect(outcome.result).toEqual(outcomes[0]!.result);
    expect(await gramsOf(stock)).toBe(700n);
    expect(await outboxRows(stock)).toBe(1);
  });

  it('lets only one of two different bodies under one command id through; the other is a conflict', async () => {
    const stock = 'reused-id';
    await seedStock(db, stock, 1_000n);
    const take = takeCommand(createStockStore());
    const results = await Promise.allSettled([
      executeCommand(db, take, { takeId: 'same-id', stockId: stock, grams: 100n }),
      executeCommand(db, take, { takeId: 'same-id', stockId: stock, grams: 200n }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((result) => result.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(ConflictError);
    expect((rejected?.reason as ConflictError).field).toBe('takeId');
    expect(await outboxRows(stock)).toBe(1);
  });

  it('writes nothing for a rejected command: no state, no outbox row, no processed command', async () => {
    const stock = 'rejected';
    await seedStock(db, stock, 10n);
    await expect(
      executeCommand(db, takeCommand(createStockStore()), { takeId: 'rejected-1', stockId: stock, grams: 11n }),
    ).rejects.toBeInstanceOf(MassNotConservedError);
    expect(await gramsOf(stock)).toBe(10n);
    expect(await outboxRows(stock)).toBe(0);
    const { rowCount } = await db.query(`select 1 from processed_commands where command_id = 'rejected-1'`);
    expect(rowCount).toBe(0);
  });
});
