import { createPgliteDb, migrate, type Db } from '@vezel/db';
import { ConflictError, MassNotConservedError, UnavailableError } from '@vezel/errors';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { executeCommand, serviceKitMigration, VersionConflictError, type AggregateStore } from '../src/index.ts';
import {
  createStockStore,
  seedStock,
  stockSchemaSql,
  takeCommand,
  type Stock,
  type Taken,
} from './fixtures/stock-aggregate.ts';

// PGlite: real PostgreSQL in process, so these run without infrastructure. Real races need a server with more than
// one connection: see execute-command.int.spec.ts.
describe('executeCommand', () => {
  let db: Db;
  let stock: string;
  let sequence = 0;

  beforeAll(async () => {
    db = await createPgliteDb();
    await migrate(db, [serviceKitMigration, { id: '0001-stocks', sql: stockSchemaSql }]);
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    stock = `stock-${++sequence}`;
    await seedStock(db, stock, 1_000n);
  });

  const count = async (sql: string, params: unknown[]): Promise<number> =>
    Number((await db.query<{ n: bigint }>(`select count(*) as n from (${sql}) as counted`, params)).rows[0]?.n);
  const outboxRows = (key: string) => count(`select 1 from outbox where key = $1`, [key]);
  const gramsOf = async (id: string) =>
    (await db.query<{ grams: bigint }>(`select grams from stocks where id = $1`, [id])).rows[0]?.grams;

  it('decides, saves the new state, appends the events to the outbox and returns the result', async () => {
    const outcome = await executeCommand(db, takeCommand(createStockStore()), {
      takeId: `${stock}-t1`,
      stockId: stock,
      grams: 400n,
    });

    expect(outcome.replayed).toBe(false);
    expect(outcome.result).toMatchObject({ type: 'Taken', grams: 400n });
    expect(await gramsOf(stock)).toBe(600n);
    expect(await outboxRows(stock)).toBe(1);
  });

  it('replays the same command id and body: the stored result, nothing executed or written again', async () => {
    const store = createStockStore();
    const input = { takeId: `${stock}-t1`, stockId: stock, grams: 400n };
    const first = await executeCommand(db, takeCommand(store), input);
    const again = await executeCommand(db, takeCommand(store), { grams: 400n, stockId: stock, takeId: `${stock}-t1` });

    expect(again).toEqual({ result: first.result, replayed: true });
    expect(again.result.at).toBeInstanceOf(Date);
    expect(store.saves).toBe(1);
    expect(await gramsOf(stock)).toBe(600n);
    expect(await outboxRows(stock)).toBe(1);
  });

  it('rejects the same command id with another body as a conflict naming the id field', async () => {
    await executeCommand(db, takeCommand(createStockStore()), { takeId: `${stock}-t1`, stockId: stock, grams: 400n });

    const reused = executeCommand(db, takeCommand(createStockStore()), {
      takeId: `${stock}-t1`,
      stockId: stock,
      grams: 401n,
    });

    await expect(reused).rejects.toBeInstanceOf(ConflictError);
    await expect(reused).rejects.toMatchObject({ field: 'takeId' });
    expect(await gramsOf(stock)).toBe(600n);
  });

  it('rolls back everything when the decider rejects the command, and does not remember it', async () => {
    const store = createStockStore();
    const tooMuch = executeCommand(db, takeCommand(store), { takeId: `${stock}-t1`, stockId: stock, grams: 1_001n });

    await expect(tooMuch).rejects.toBeInstanceOf(MassNotConservedError);
    expect(store.saves).toBe(0);
    expect(await outboxRows(stock)).toBe(0);
    expect(await count(`select 1 from processed_commands where command_id = $1`, [`${stock}-t1`])).toBe(0);
    // Not remembered: the same id may succeed once it fits.
    const fits = await executeCommand(db, takeCommand(store), { takeId: `${stock}-t1`, stockId: stock, grams: 1_000n });
    expect(fits.replayed).toBe(false);
  });

  it('rolls back the state change when a step after the save fails', async () => {
    const failingMessages = {
      ...takeCommand(createStockStore()),
      toMessage: () => {
        throw new Error('cannot encode');
      },
    };

    await expect(
      executeCommand(db, failingMessages, { takeId: `${stock}-t1`, stockId: stock, grams: 10n }),
    ).rejects.toThrow('cannot encode');
    expect(await gramsOf(stock)).toBe(1_000n);
    expect(await count(`select 1 from takes where take_id = $1`, [`${stock}-t1`])).toBe(0);
  });

  it('re-decides after a version conflict, against the state the winner left, waiting for the aggregate', async () => {
    const real = createStockStore();
    let conflicts = 0;
    const locked: (boolean | undefined)[] = [];
    // The first save loses a race: someone else took 700 g in between.
    const racing: AggregateStore<Stock, Taken> = {
      load: (queryable, id, options) => {
        locked.push(options?.forUpdate);
        return real.load(queryable, id, options);
      },
      async save(tx, change) {
        if (conflicts++ === 0) {
          await tx.query(`update stocks set grams = grams - 700, version = version + 1 where id = $1`, [change.id]);
          throw new VersionConflictError(change.id, change.expectedVersion);
        }
        await real.save(tx, change);
      },
    };
    // The rival's write was rolled back with the failed attempt, so the retry sees the full stock again.
    const outcome = await executeCommand(db, takeCommand(racing), {
      takeId: `${stock}-t1`,
      stockId: stock,
      grams: 400n,
    });
    expect(outcome.replayed).toBe(false);
    expect(conflicts).toBe(2);
    expect(locked).toEqual([false, true]);
    expect(await gramsOf(stock)).toBe(600n);
  });

  it('gives up after the bounded attempts with a retriable Unavailable error', async () => {
    let attempts = 0;
    const alwaysLosing: AggregateStore<Stock, Taken> = {
      load: (queryable, id) => createStockStore().load(queryable, id),
      save: async (_tx, change) => {
        attempts++;
        throw new VersionConflictError(change.id, change.expectedVersion);
      },
    };
    const outcome = executeCommand(
      db,
      takeCommand(alwaysLosing),
      { takeId: `${stock}-t1`, stockId: stock, grams: 1n },
      {
        retry: { maxAttempts: 3, baseDelayMs: 1 },
      },
    );
    await expect(outcome).rejects.toBeInstanceOf(UnavailableError);
    expect(attempts).toBe(3);
  });

  it('loads only the parts of the aggregate the command reads, when the definition names them', async () => {
    const real = createStockStore();
    const requested: (readonly string[] | undefined)[] = [];
    const recording: AggregateStore<Stock, Taken> = {
      load: (queryable, id, options) => {
        requested.push(options?.parts);
        return real.load(queryable, id, options);
      },
      save: (tx, change) => real.save(tx, change),
    };
    const definition = {
      ...takeCommand(recording),
      partsReadBy: (command: { takeId: string }) => [`line-of-${command.takeId}`],
    };

    await executeCommand(db, definition, { takeId: `${stock}-t1`, stockId: stock, grams: 1n });
    await executeCommand(db, takeCommand(recording), { takeId: `${stock}-t2`, stockId: stock, grams: 1n });

    expect(requested).toEqual([[`line-of-${stock}-t1`], undefined]);
  });

  it('never retries a domain error', async () => {
    let decisions = 0;
    const definition = takeCommand(createStockStore());
    const counting = {
      ...definition,
      decider: {
        ...definition.decider,
        decide: (...args: Parameters<typeof definition.decider.decide>) => {
          decisions++;
          return definition.decider.decide(...args);
        },
      },
    };
    await expect(
      executeCommand(db, counting, { takeId: `${stock}-t1`, stockId: stock, grams: 5_000n }),
    ).rejects.toBeInstanceOf(MassNotConservedError);
    expect(decisions).toBe(1);
  });
});
