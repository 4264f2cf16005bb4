import { randomBytes } from 'node:crypto';
import { InvalidInputError } from '@vezel/errors';
import { eventually } from '@vezel/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  analyzeAfterBulkLoad,
  migrate,
  MigrationError,
  sqlStateOf,
  type Db,
  type IsolationLevel,
  type Migration,
} from '../src/index.ts';

/** What one contract test gets: a Db on data of its own, and a way to reach the same data a second time. */
export interface DbFixture {
  readonly db: Db;
  /** Another Db on the same data, like a second process would have (for PGlite, one connection, `db` itself). */
  readonly openPeer: () => Promise<Db>;
  /** Closes or drops what the fixture opened. */
  readonly dispose: () => Promise<void>;
}

/**
 * The behaviour every adapter of the Db port must show. Each adapter's spec file calls this with a factory of
 * fresh fixtures; the adapter-specific tests (server concurrency for pg, queuing and persistence for PGlite) live
 * next to it.
 */
export function describeDbContract(name: string, makeDb: () => Promise<DbFixture>): void {
  describe(`${name} honours the Db contract`, () => {
    let fixture: DbFixture;
    let db: Db;

    beforeEach(async () => {
      fixture = await makeDb();
      db = fixture.db;
    });

    afterEach(async () => {
      await fixture.dispose();
    });

    describe('queries', () => {
      it('runs a parameterised statement and returns its rows and row count', async () => {
        await db.query(`create table batch (id text primary key, grams int8 not null)`);
        const inserted = await db.query(`insert into batch (id, grams) values ($1, $2), ($3, $4)`, ['a', 10n, 'b', 20]);
        expect(inserted.rowCount).toBe(2);

        const selected = await db.query<{ id: string; grams: bigint }>(
          `select id, grams from batch where grams >= $1 order by id`,
          [10n],
        );
        expect(selected.rows).toEqual([
          { id: 'a', grams: 10n },
          { id: 'b', grams: 20n },
        ]);
        expect(selected.rowCount).toBe(2);
      });

      it('runs a script of several statements when given no parameters and returns the last result', async () => {
        const result = await db.query(`
          create table lot (id int primary key);
          insert into lot values (1), (2), (3);
          select count(*) as n from lot;
        `);
        expect(result.rows).toEqual([{ n: 3n }]);
      });

      it('returns int8 as bigint beyond 2^53 and sends bigint parameters as int8', async () => {
        const beyondDoubles = 2n ** 53n + 1n;
        const largest = 2n ** 63n - 1n;
        const smallest = -(2n ** 63n);
        await db.query(`create table ledger (grams int8 not null)`);
        await db.query(`insert into ledger values ($1), ($2), ($3)`, [beyondDoubles, largest, smallest]);

        const { rows } = await db.query<{ grams: bigint }>(`select grams from ledger order by grams`);
        expect(rows.map((row) => row.grams)).toEqual([smallest, beyondDoubles, largest]);

        const echoed = await db.query(`select $1::int8 as one, $2::int8[] as many, sum(grams) as total from ledger`, [
          beyondDoubles,
          [1n, null, largest],
        ]);
        expect(echoed.rows[0]).toEqual({ one: beyondDoubles, many: [1n, null, largest], total: '9007199254740992' });
      });

      it('keeps numeric as an exact string and int4 as a number', async () => {
        const { rows } = await db.query(`select 12345678901234567890.125::numeric as exact, 7::int4 as small`);
        expect(rows[0]).toEqual({ exact: '12345678901234567890.125', small: 7 });
      });

      it('reports a unique violation with SQLSTATE 23505', async () => {
        await db.query(`create table container (id text primary key)`);
        await db.query(`insert into container values ($1)`, ['c-1']);

        const error = await db.query(`insert into container values ($1)`, ['c-1']).catch((caught: unknown) => caught);
        expect(sqlStateOf(error)).toBe('23505');
      });
    });

    describe('transactions', () => {
      beforeEach(async () => {
        await db.query(`create table counter (id int primary key, value int8 not null)`);
        await db.query(`insert into counter values (1, 0), (2, 0)`);
      });

      it('commits the work of a transaction that resolves and returns its result', async () => {
        const result = await db.transaction(async (tx) => {
          await tx.query(`update counter set value = value + 5 where id = $1`, [1]);
          await tx.query(`update counter set value = value - 5 where id = $1`, [2]);
          return 'moved';
        });

        expect(result).toBe('moved');
        expect(await values(db)).toEqual([5n, -5n]);
      });

      it('rolls back everything when the work throws, and rethrows that very error', async () => {
        const failure = new Error('mass not conserved');

        const caught = await db
          .transaction(async (tx) => {
            await tx.query(`update counter set value = 100 where id = 1`);
            await tx.query(`insert into counter values (3, 3)`);
            throw failure;
          })
          .catch((error: unknown) => error);

        expect(caught).toBe(failure);
        expect(await values(db)).toEqual([0n, 0n]);
      });

      it('does not report success when a statement failed and the work swallowed the error', async () => {
        const caught = await db
          .transaction(async (tx) => {
            await tx.query(`update counter set value = 1 where id = 1`);
            await tx.query(`insert into counter values (1, 1)`).catch(() => undefined);
          })
          .catch((error: unknown) => error);

        expect(sqlStateOf(caught)).toBe('25P02');
        expect(await values(db)).toEqual([0n, 0n]);
      });

      it.each<IsolationLevel>(['read committed', 'repeatable read', 'serializable'])(
        'runs the transaction at the %s isolation level when asked',
        async (isolation) => {
          const level = await db.transaction(
            async (tx) =>
              (await tx.query(`select current_setting('transaction_isolation') as level`)).rows[0]?.['level'],
            { isolation },
          );
          expect(level).toBe(isolation);
        },
      );

      it('loses no update when concurrent serializable read-modify-write transactions retry on 40001', async () => {
        const increments = 8;

        await Promise.all(
          Array.from({ length: increments }, () =>
            retryOnSerializationFailure(() =>
              db.transaction(
                async (tx) => {
                  const { rows } = await tx.query<{ value: bigint }>(`select value from counter where id = 1`);
                  const value = rows[0]?.value ?? 0n;
                  await tx.query(`update counter set value = $1 where id = 1`, [value + 1n]);
                },
                { isolation: 'serializable' },
              ),
            ),
          ),
        );

        expect(await values(db)).toEqual([BigInt(increments), 0n]);
      });

      it('rejects a query on the Db itself from inside its transaction instead of waiting forever', async () => {
        const outcome = await db.transaction(async (tx) => {
          const nested = await db.query(`select 1`).then(
            () => 'ran',
            (error: unknown) => (error instanceof Error ? error.message : String(error)),
          );
          await tx.query(`update counter set value = 1 where id = 1`);
          return nested;
        });

        expect(outcome).toMatch(/inside a transaction/);
        expect(await values(db)).toEqual([1n, 0n]);
      });

      it('refuses a tx used after its transaction has ended', async () => {
        const leaked = await db.transaction(async (tx) => tx);

        await expect(leaked.query(`select 1`)).rejects.toThrow(/already ended/);
      });

      it('rejects an isolation level it does not know', async () => {
        await expect(
          db.transaction(async () => undefined, { isolation: 'chaos' as IsolationLevel }),
        ).rejects.toBeInstanceOf(InvalidInputError);
      });
    });

    describe('notifications', () => {
      it('delivers payloads to a listener, committed ones only, and nothing after it stops listening', async () => {
        const channel = uniqueChannel();
        const heard: string[] = [];
        const heardByWitness: string[] = [];
        const stop = await db.listen(channel, (payload) => heard.push(payload));
        const stopWitness = await db.listen(channel, (payload) => heardByWitness.push(payload));

        await db.query(`select pg_notify($1, $2)`, [channel, 'first']);
        await db
          .transaction(async (tx) => {
            await tx.query(`select pg_notify($1, $2)`, [channel, 'rolled back']);
            throw new Error('abandon');
          })
          .catch(() => undefined);
        await db.transaction(async (tx) => {
          await tx.query(`select pg_notify($1, $2)`, [channel, 'second']);
        });
        await eventually(() => heard.length === 2 && heardByWitness.length === 2, { timeoutMs: 5_000 });
        expect(heard).toEqual(['first', 'second']);

        await stop();
        await db.query(`select pg_notify($1, $2)`, [channel, 'third']);
        // The witness still listens: once it has the third payload, the stopped listener would have had it too.
        await eventually(() => heardByWitness.length === 3, { timeoutMs: 5_000 });
        expect(heard).toEqual(['first', 'second']);
        await stopWitness();
        await stop();
      });

      it('lets a listener use the Db when it is woken', async () => {
        const channel = uniqueChannel();
        await db.query(`create table wake (n int8)`);
        const counts: bigint[] = [];
        const stop = await db.listen(channel, () => {
          void db
            .query<{ n: bigint }>(`select count(*) as n from wake`)
            .then(({ rows }) => counts.push(rows[0]?.n ?? -1n));
        });

        await db.transaction(async (tx) => {
          await tx.query(`insert into wake values (1)`);
          await tx.query(`select pg_notify($1, '')`, [channel]);
        });

        await eventually(() => counts.length === 1, { timeoutMs: 5_000 });
        expect(counts).toEqual([1n]);
        await stop();
      });

      it('rejects a channel name that is not a lower-case identifier', async () => {
        await expect(db.listen('Outbox; drop table x', () => undefined)).rejects.toBeInstanceOf(InvalidInputError);
      });
    });

    describe('migrations', () => {
      const createBatch: Migration = {
        id: '0001-create-batch',
        sql: `create table batch (\n  id text primary key\n);\n`,
      };
      const addGrams: Migration = {
        id: '0002-add-grams',
        sql: `alter table batch add column grams int8 not null default 0;\ncreate index batch_grams on batch (grams);`,
      };

      it('applies pending migrations once, in id order, and returns the ids it applied', async () => {
        const applied = await migrate(db, [addGrams, createBatch]);

        expect(applied).toEqual(['0001-create-batch', '0002-add-grams']);
        await db.query(`insert into batch (id, grams) values ($1, $2)`, ['b-1', 2n ** 60n]);
        expect(await migrate(db, [createBatch, addGrams])).toEqual([]);
        const { rows } = await db.query(`select id, checksum from schema_migrations order by id`);
        expect(rows.map((row) => row['id'])).toEqual(['0001-create-batch', '0002-add-grams']);
        expect(rows[0]?.['checksum']).toMatch(/^[0-9a-f]{64}$/);
      });

      it('applies only the migrations added since the last run', async () => {
        await migrate(db, [createBatch]);

        expect(await migrate(db, [createBatch, addGrams])).toEqual(['0002-add-grams']);
      });

      it('refuses to run when an applied migration was edited, naming its file', async () => {
        await migrate(db, [createBatch]);
        const edited: Migration = {
          ...createBatch,
          sql: `create table batch (id text primary key, note text);`,
          source: 'migrations/0001-create-batch.sql',
        };

        const error = await migrate(db, [edited, addGrams]).catch((caught: unknown) => caught);

        expect(error).toBeInstanceOf(MigrationError);
        expect((error as Error).message).toContain('migrations/0001-create-batch.sql');
        expect(await migrate(db, [createBatch])).toEqual([]);
        const { rows } = await db.query(`select count(*) as n from schema_migrations`);
        expect(rows[0]?.['n']).toBe(1n);
      });

      it('treats a CRLF checkout of an applied migration as unchanged', async () => {
        await migrate(db, [createBatch]);

        const crlf = { ...createBatch, sql: createBatch.sql.replace(/\n/g, '\r\n') };
        expect(await migrate(db, [crlf])).toEqual([]);
      });

      it('rolls back a failing migration entirely and names it, keeping the ones before it', async () => {
        const broken: Migration = {
          id: '0002-broken',
          sql: `create table half (id int);\nselect * from missing_table;`,
        };

        const error = await migrate(db, [createBatch, broken]).catch((caught: unknown) => caught);

        expect(error).toBeInstanceOf(MigrationError);
        expect((error as MigrationError).migrationId).toBe('0002-broken');
        expect(sqlStateOf(error)).toBe('42P01');
        const { rows } = await db.query(
          `select to_regclass('half') is null as gone, count(*) as n from schema_migrations`,
        );
        expect(rows[0]).toEqual({ gone: true, n: 1n });
      });

      it('rejects two migrations sharing a number', async () => {
        const clash: Migration = { id: '0001-create-other', sql: `select 1;` };

        await expect(migrate(db, [createBatch, clash])).rejects.toThrow(/share the number 0001/);
      });

      it('lets concurrent runners apply each migration exactly once', async () => {
        const peer = await fixture.openPeer();
        // Not idempotent on purpose: a second application would fail.
        const migrations: Migration[] = [
          createBatch,
          addGrams,
          { id: '0003-seed', sql: `insert into batch (id) values ('seed');` },
        ];

        const [first, second] = await Promise.all([migrate(db, migrations), migrate(peer, migrations)]);

        expect([...first, ...second].sort()).toEqual(migrations.map((migration) => migration.id));
        const { rows } = await db.query(`select count(*) as n from batch`);
        expect(rows[0]?.['n']).toBe(1n);
      });
    });

    it('refreshes planner statistics after a bulk load', async () => {
      await db.query(`create table bulk (n int8)`);
      await db.query(`insert into bulk select generate_series(1, 1000)`);

      await analyzeAfterBulkLoad(db, ['bulk']);

      const { rows } = await db.query(`select reltuples::int8 as estimate from pg_class where oid = 'bulk'::regclass`);
      expect(rows[0]?.['estimate']).toBe(1000n);
    });
  });
}

/** A channel no other test (or test file sharing the server) uses. */
export function uniqueChannel(): string {
  return `test_${randomBytes(4).toString('hex')}`;
}

async function values(db: Db): Promise<bigint[]> {
  const { rows } = await db.query<{ value: bigint }>(`select value from counter order by id`);
  return rows.map((row) => row.value);
}

async function retryOnSerializationFailure<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      const state = sqlStateOf(error);
      if ((state !== '40001' && state !== '40P01') || tries >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * tries));
    }
  }
}
