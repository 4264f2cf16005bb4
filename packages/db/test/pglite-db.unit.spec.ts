import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDb, migrate, type Db } from '../src/index.ts';
import { describeDbContract, type DbFixture } from './db-contract.ts';
import { gate } from './gate.ts';

// Booting PGlite takes a second or more, so the tests share one in-memory instance and each works in a schema of
// its own (the fixture's "fresh database").
let shared: Db | undefined;
let schemas = 0;

beforeAll(async () => {
  shared = await createPgliteDb();
}, 60_000);

afterAll(async () => {
  await shared?.close();
});

async function openFixture(): Promise<DbFixture> {
  if (shared === undefined) throw new Error('the shared PGlite instance is not booted');
  const db = shared;
  const schema = `test_${++schemas}`;
  await db.query(`create schema ${schema}; set search_path to ${schema}`);
  return {
    db,
    // One connection: a second runner in the same process goes through the same instance.
    openPeer: async () => db,
    dispose: async () => {
      await db.query(`set search_path to public; drop schema ${schema} cascade`);
    },
  };
}

describeDbContract('PGlite (in memory)', openFixture);

describe('PGlite, one connection', () => {
  it('holds back a query issued while a transaction is open until the transaction ends', async () => {
    const { db, dispose } = await openFixture();
    await db.query(`create table step (n int)`);
    const events: string[] = [];
    const inserted = gate();
    const release = gate();

    const transaction = db.transaction(async (tx) => {
      await tx.query(`insert into step values (1)`);
      inserted.open();
      await release.opened;
      events.push('transaction ends');
    });
    await inserted.opened;
    const query = db.query<{ n: bigint }>(`select count(*) as n from step`).then(({ rows }) => {
      events.push('query answers');
      return rows[0]?.n;
    });
    // Asserting that something does not happen needs some time to pass; the query would answer within a tick.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toEqual([]);
    release.open();

    expect(await query).toBe(1n);
    await transaction;
    expect(events).toEqual(['transaction ends', 'query answers']);
    await dispose();
  });

  it('runs concurrent transactions one after the other, never interleaved', async () => {
    const { db, dispose } = await openFixture();
    const log: string[] = [];

    await Promise.all(
      [1, 2, 3, 4].map((n) =>
        db.transaction(async (tx) => {
          log.push(`begin ${n}`);
          await tx.query(`select pg_sleep(0.005)`);
          await new Promise((resolve) => setTimeout(resolve, 5));
          log.push(`end ${n}`);
        }),
      ),
    );

    expect(log).toHaveLength(8);
    for (let index = 0; index < log.length; index += 2) {
      expect(log[index + 1]).toBe(log[index]?.replace('begin', 'end'));
    }
    await dispose();
  });

  it('keeps its data in dataDir across close and reopen', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'vezel-pglite-'));
    const dataDir = join(parent, 'data');
    const migrations = [
      { id: '0001-create-batch', sql: `create table batch (id text primary key, grams int8 not null);` },
    ];
    try {
      const first = await createPgliteDb({ dataDir });
      await migrate(first, migrations);
      await first.query(`insert into batch values ($1, $2)`, ['b-1', 2n ** 60n]);
      await first.close();

      const second = await createPgliteDb({ dataDir });
      const { rows } = await second.query(`select id, grams from batch`);
      const pending = await migrate(second, migrations);
      await second.close();

      expect(rows).toEqual([{ id: 'b-1', grams: 2n ** 60n }]);
      expect(pending).toEqual([]);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  }, 60_000);

  it('closes once, however often close() and a stale unlisten are called', async () => {
    const db = await createPgliteDb();
    const stop = await db.listen('closing', () => undefined);

    await Promise.all([db.close(), db.close()]);

    await expect(stop()).resolves.toBeUndefined();
    await expect(db.query(`select 1`)).rejects.toThrow();
  }, 60_000);
});
