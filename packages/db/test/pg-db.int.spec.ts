import { randomBytes } from 'node:crypto';
import { UnavailableError } from '@vezel/errors';
import { createTestDatabase } from '@vezel/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPgDb, sqlStateOf, type Db, type PgDbOptions } from '../src/index.ts';
import { describeDbContract, uniqueChannel, type DbFixture } from './db-contract.ts';
import { gate } from './gate.ts';

let url: string;

beforeAll(async () => {
  url = await createTestDatabase('db_contract');
});

/** A Db in a schema of its own on this file's database; peers are further pools on the same schema. */
function openFixture(options: Partial<PgDbOptions> = {}): DbFixture {
  const schema = `test_${randomBytes(4).toString('hex')}`;
  const opened: Db[] = [];
  const open = (): Db => {
    const db = createPgDb({ connectionString: url, schema, applicationName: 'vezel-db-test', ...options });
    opened.push(db);
    return db;
  };
  return {
    db: open(),
    openPeer: async () => open(),
    dispose: async () => {
      await Promise.all(opened.map((db) => db.close()));
    },
  };
}

describeDbContract('pg (PostgreSQL server)', async () => openFixture());

describe('pg, a statement timeout', () => {
  it('stops a statement that runs too long with an UnavailableError naming the limit, and keeps serving', async () => {
    const db = createPgDb({ connectionString: url, statementTimeoutMs: 200, maxConnections: 1 });
    try {
      const stopped = await db.query('select pg_sleep(5)').then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(stopped).toBeInstanceOf(UnavailableError);
      expect(stopped).toMatchObject({ details: { statementTimeoutMs: 200 } });
      expect((stopped as Error).message).toMatch(/longer than its limit of 200 ms/);
      expect((await db.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
  });
});

describe('pg, many connections', () => {
  it('keeps what a transaction wrote invisible to other callers until it commits', async () => {
    const { db, dispose } = openFixture();
    await db.query(`create table receipt (id int)`);
    const written = gate();
    const seenOutside = gate();

    const transaction = db.transaction(async (tx) => {
      await tx.query(`insert into receipt values (1)`);
      written.open();
      await seenOutside.opened;
    });
    await written.opened;
    const during = await db.query(`select count(*) as n from receipt`);
    seenOutside.open();
    await transaction;
    const after = await db.query(`select count(*) as n from receipt`);

    expect(during.rows[0]?.['n']).toBe(0n);
    expect(after.rows[0]?.['n']).toBe(1n);
    await dispose();
  });

  it('reports a serialization conflict between serializable transactions as SQLSTATE 40001', async () => {
    const { db, dispose } = openFixture();
    await db.query(`create table shift (doctor text primary key, on_call boolean not null)`);
    await db.query(`insert into shift values ('a', true), ('b', true)`);
    const bothRead = [gate(), gate()] as const;

    // Write skew: each sees two on call and takes one off; serially, the second would see only one left.
    const goOffCall = (doctor: string, mine: 0 | 1) =>
      db.transaction(
        async (tx) => {
          await tx.query(`select count(*) from shift where on_call`);
          bothRead[mine].open();
          await bothRead[mine === 0 ? 1 : 0].opened;
          await tx.query(`update shift set on_call = false where doctor = $1`, [doctor]);
        },
        { isolation: 'serializable' },
      );
    const outcomes = await Promise.allSettled([goOffCall('a', 0), goOffCall('b', 1)]);

    const failures = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(failures).toHaveLength(1);
    expect(sqlStateOf(failures[0]?.reason)).toBe('40001');
    const { rows } = await db.query(`select count(*) as n from shift where on_call`);
    expect(rows[0]?.['n']).toBe(1n);
    await dispose();
  });

  it('reports a deadlock as SQLSTATE 40P01 and commits the surviving transaction', async () => {
    const { db, dispose } = openFixture();
    await db.query(`create table account (id int primary key, cents int8 not null)`);
    await db.query(`insert into account values (1, 0), (2, 0)`);
    const bothLocked = [gate(), gate()] as const;

    const transfer = (first: number, second: number, mine: 0 | 1) =>
      db.transaction(async (tx) => {
        await tx.query(`update account set cents = cents + 1 where id = $1`, [first]);
        bothLocked[mine].open();
        await bothLocked[mine === 0 ? 1 : 0].opened;
        await tx.query(`update account set cents = cents + 1 where id = $1`, [second]);
      });
    const outcomes = await Promise.allSettled([transfer(1, 2, 0), transfer(2, 1, 1)]);

    const failures = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(failures).toHaveLength(1);
    expect(sqlStateOf(failures[0]?.reason)).toBe('40P01');
    const { rows } = await db.query(`select sum(cents)::int8 as total from account`);
    expect(rows[0]?.['total']).toBe(2n);
    await dispose();
  });

  it('works in its schema only: creates it when missing and resolves unqualified names nowhere else', async () => {
    const sorting = openFixture();
    const retail = openFixture();
    // Both pools of one service racing to create the schema must both succeed.
    const sortingPeer = await sorting.openPeer();
    await Promise.all([
      sorting.db.query(`create table lot (id text)`),
      sortingPeer.query(`select current_schema() as schema`),
    ]);
    await sorting.db.query(`insert into lot values ('from sorting')`);

    const { rows: where } = await sorting.db.query(
      `select current_schema() as schema, current_setting('search_path') as path`,
    );
    const { rows: seen } = await retail.db.query(`select to_regclass('lot') is null as invisible`);
    await retail.db.query(`create table lot (id text)`);
    const { rows: own } = await retail.db.query(`select count(*) as n from lot`);

    expect(where[0]?.['schema']).toMatch(/^test_/);
    expect(where[0]?.['path']).toBe(`"${String(where[0]?.['schema'])}"`);
    expect(seen[0]).toEqual({ invisible: true });
    expect(own[0]).toEqual({ n: 0n });
    await Promise.all([sorting.dispose(), retail.dispose()]);
  });

  it('runs statements without JIT compilation, in a transaction too', async () => {
    const { db, dispose } = openFixture();
    const { rows } = await db.query(`select current_setting('jit') as jit`);
    const inTransaction = await db.transaction((tx) => tx.query(`select current_setting('jit') as jit`));
    expect(rows[0]).toEqual({ jit: 'off' });
    expect(inTransaction.rows[0]).toEqual({ jit: 'off' });
    await dispose();
  });

  it('keeps its schema and JIT setting when the connection string carries startup options of its own', async () => {
    // Hosted PostgreSQL (Neon, some poolers) wants `?options=...` in the URL; the pool's own options go with them.
    const withOptions = `${url}?options=${encodeURIComponent('-c work_mem=8MB -c lock_timeout=4s')}`;
    const { db, dispose } = openFixture({ connectionString: withOptions });
    const { rows } = await db.query(
      `select current_setting('search_path') as path, current_setting('jit') as jit,
              current_setting('work_mem') as work_mem, current_setting('lock_timeout') as lock_timeout`,
    );
    expect(rows[0]).toMatchObject({ jit: 'off', work_mem: '8MB', lock_timeout: '4s' });
    expect(rows[0]?.['path']).toMatch(/^"test_[0-9a-f]{8}"$/);
    await dispose();
  });

  it('discards a connection lost mid-transaction and serves the next caller from a fresh one', async () => {
    const { db, openPeer, dispose } = openFixture({ maxConnections: 1, connectTimeoutMs: 5_000 });
    const admin = await openPeer();

    const error = await db
      .transaction(async (tx) => {
        const { rows } = await tx.query<{ pid: number }>(`select pg_backend_pid() as pid`);
        await admin.query(`select pg_terminate_backend($1)`, [rows[0]?.pid]);
        await tx.query(`select 1`);
      })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as UnavailableError).retriable).toBe(true);
    // With one connection in the pool, a client returned broken (or never returned) would fail or hang this.
    const { rows } = await db.query(`select 1 as alive`);
    expect(rows).toEqual([{ alive: 1 }]);
    await dispose();
  });

  it('ends listener connections and the pool on close, and may be closed twice', async () => {
    const { db } = openFixture();
    const stop = await db.listen(uniqueChannel(), () => undefined);
    const countListeners = async (): Promise<bigint> => {
      const probe = createPgDb({ connectionString: url });
      const { rows } = await probe.query<{ n: bigint }>(
        `select count(*) as n from pg_stat_activity where datname = current_database() and application_name = 'vezel-db-test'`,
      );
      await probe.close();
      return rows[0]?.n ?? -1n;
    };
    expect(await countListeners()).toBeGreaterThan(0n);

    await Promise.all([db.close(), db.close()]);

    await expect(stop()).resolves.toBeUndefined();
    expect(await countListeners()).toBe(0n);
  });
});
