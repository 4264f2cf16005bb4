import { createPgDb, loadMigrations, migrate, type Db } from '@vezel/db';
import { createKafkaEventLog } from '@vezel/messaging';
import { createTestDatabase, eventually, testKafkaBrokers } from '@vezel/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { applyEventBatch } from '../src/adapters/postgres/apply-event-batch.ts';
import { loadBookedState } from '../src/adapters/postgres/load-booked-state.ts';
import { loadLedgerState } from '../src/adapters/postgres/load-ledger-state.ts';
import { pgRebuildClaims } from '../src/adapters/postgres/pg-rebuild-claims.ts';
import { decodeEventBatch } from '../src/adapters/protobuf/decode-event-batch.ts';
import { readSettledFeedEnd } from '../src/adapters/postgres/read-feed-page.ts';
import { readFlowRows, readStoreReachRows } from '../src/adapters/postgres/read-fraction-outcome-sums.ts';
import { readScopedTrace } from '../src/adapters/postgres/read-scoped-trace.ts';
import { readStoredPosition } from '../src/adapters/postgres/read-stored-position.ts';
import { swapSchemas } from '../src/adapters/postgres/swap-schemas.ts';
import {
  countDirtyNodes,
  countFigureBacklog,
  refreshDerivedFigures,
  lookupShareSql,
  refreshStepLockSql,
  refreshUntilSettled,
} from '../src/adapters/postgres/refresh-derived-figures.ts';
import type { LedgerEventBatch } from '../src/app/ledger-event-batch.ts';
import { createLedgerRebuilds } from '../src/app/ledger-rebuilds.ts';
import { applyFacts, EMPTY_LEDGER, nodeIdsOf, occurredAtOf, type LedgerFact } from '../src/domain/index.ts';
import { generateChain } from '../bench/generate-chain.ts';
import { batchCollected, containerRegistered, nodeDisposed, sortingRun } from './domain/ledger-fixtures.ts';
import { b1ForwardOutcomesByHand, scenarioFacts } from './domain/two-municipalities-scenario.ts';
import { flowRowsPerBatch, storeReachRowsPerBatch } from './support/grade-rows-per-batch.ts';
import { ledgerTableChecksums } from './support/ledger-table-checksum.ts';

const databases: Db[] = [];
afterAll(async () => {
  await Promise.all(databases.map((db) => db.close()));
});

async function aFactStore(label: string): Promise<Db> {
  const db = createPgDb({ connectionString: await createTestDatabase(label) });
  databases.push(db);
  await migrate(db, await loadMigrations(new URL('../migrations/', import.meta.url)));
  return db;
}

/** A migrated store and the connections of another process to the same database. */
async function aFactStoreWithAnotherProcess(label: string): Promise<[Db, Db]> {
  const url = await createTestDatabase(label);
  const [db, other] = [createPgDb({ connectionString: url }), createPgDb({ connectionString: url })];
  databases.push(db, other);
  await migrate(db, await loadMigrations(new URL('../migrations/', import.meta.url)));
  return [db, other];
}

/**
 * Two ledgers of the same facts generated from `seed`, settled: one migrated to the latest release from the start, and
 * one that `undo` takes back to what an earlier release left (rebuilding that release's tables from the current ones
 * and forgetting the migrations after it), then migrated again. `undo` runs on the settled ledger, so a test can read
 * there what the migration must carry over.
 */
async function ledgersAcrossMigration(
  label: string,
  seed: number,
  undo: (db: Db) => Promise<void>,
): Promise<{ readonly before: Db; readonly always: Db }> {
  const facts = [...generateChain({ seed, events: 2_000 })];
  const always = await aFactStore(`${label}-always`);
  await applyEventBatch(always, aBatch(BigInt(facts.length - 1), facts));
  await refreshUntilSettled(always);
  const before = await aFactStore(`${label}-added`);
  await applyEventBatch(before, aBatch(BigInt(facts.length - 1), facts));
  await refreshUntilSettled(before);
  await undo(before);
  await migrate(before, await loadMigrations(new URL('../migrations/', import.meta.url)));
  return { before, always };
}

/**
 * The two ledgers of {@link ledgersAcrossMigration} for the sum `tables` added by `migration`: the earlier release had
 * the same per-batch figures and none of those tables.
 */
function sumsAddedAfterTheFigures(
  label: string,
  sums: { readonly tables: string; readonly migration: string },
): Promise<{ readonly before: Db; readonly always: Db }> {
  return ledgersAcrossMigration(label, 11, async (db) => {
    await db.query(`drop table ${sums.tables}`);
    await db.query(`delete from schema_migrations where id like $1`, [`${sums.migration}%`]);
  });
}

/**
 * What 0019-ledger-node-municipalities.sql found: a row per batch and node it reaches, with the batch's municipality
 * (and no view of the reach, which 0020 adds over the column 0019 adds).
 */
const UNDO_NODE_MUNICIPALITIES = `
  create table ledger_node_origins (
    batch_id text not null, node_id text not null, municipality text not null, primary key (batch_id, node_id));
  insert into ledger_node_origins select batch_id, unnest(reach), municipality from ledger_batches;
  drop view ledger_batch_reach;
  drop table ledger_node_municipalities;
  alter table ledger_batches drop column reach;
  delete from schema_migrations where id like '0019%' or id like '0020%';`;

/** The table checksums of the scenario applied at once and refreshed by one refresh at a time until settled. */
async function settledScenarioChecksums(label: string): Promise<Awaited<ReturnType<typeof ledgerTableChecksums>>> {
  const serial = await aFactStore(label);
  await applyEventBatch(serial, aBatch(0n, scenarioFacts));
  await refreshUntilSettled(serial);
  return ledgerTableChecksums(serial);
}

/** `count` batch ids whose marks (the batch's, and its container's of the same name) are in lookup share `share`. */
async function idsInShare(db: Db, share: number, count: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `select id from (select 'B-share-' || n as id from generate_series(1, 200) as n) as candidates
      where ${lookupShareSql('id')} = $1 and ${lookupShareSql("'C-' || id")} = $1
      order by id limit $2`,
    [share, count],
  );
  return rows.map((row) => row.id);
}

/** A batch collected into a container of its own, so every mark it makes is in the batch's lookup share. */
function collectedIn(batchId: string, eventId?: string): LedgerFact {
  return batchCollected({
    batchId,
    containerId: `C-${batchId}`,
    municipality: 'GM0150',
    grams: 1000,
    at: '2026-01-01T00:00:00Z',
    ...(eventId === undefined ? {} : { eventId }),
  });
}

function aBatch(lastOffset: bigint, facts: readonly LedgerFact[], partition = 0): LedgerEventBatch {
  return {
    topic: 'vezel.collection.v1',
    partition,
    lastOffset,
    facts: facts.map((fact) => ({ fact, offset: lastOffset })),
    rejected: [],
  };
}

const collected = batchCollected({
  batchId: 'B-9',
  containerId: 'C-1',
  municipality: 'GM0150',
  grams: 1000,
  at: '2026-01-01T00:00:00Z',
});
// A producer bug: the same event id with another body.
const rival: LedgerFact = { ...collected, grams: 999n as typeof collected.grams };

describe('the PostgreSQL fact store', () => {
  it('keeps every body of a reused event id, so a load resolves it as the core does whichever came first', async () => {
    const expected = applyFacts(EMPTY_LEDGER, [collected, rival]);
    for (const order of [
      [collected, rival],
      [rival, collected],
    ]) {
      const db = await aFactStore('rivals');
      await applyEventBatch(db, aBatch(0n, [order[0]!]));
      await applyEventBatch(db, aBatch(1n, [order[1]!]));
      const loaded = await loadLedgerState(db, { nodes: ['B-9'], direction: 'both' });
      expect(loaded.facts).toEqual(expected.facts);
      expect(loaded.conflictingEventIds).toEqual(new Set([collected.eventId]));
    }
  });

  it("reads a container's registrations for its anomalies, never the batches collected from it, and reports rival registrations", async () => {
    const registered = containerRegistered('C-REG', 'GM0150');
    // A producer bug: the registration's event id again, with another municipality.
    const rivalRegistration: LedgerFact = { ...registered, municipality: 'GM0363' };
    const emptied = [1, 2, 3].map((n) =>
      batchCollected({
        batchId: `B-REG-${n}`,
        containerId: 'C-REG',
        municipality: 'GM0150',
        grams: 500,
        at: `2026-01-0${n}T00:00:00Z`,
      }),
    );
    const db = await aFactStore('container-registrations');
    await applyEventBatch(db, aBatch(0n, [registered, ...emptied]));
    await applyEventBatch(db, aBatch(1n, [rivalRegistration]));
    // A container's batches grow with every year it is emptied: its anomalies must not read them (at 10,000,000
    // generated events a refresh finishing container marks ran out of heap reading them).
    const loaded = await loadLedgerState(db, { nodes: [], direction: 'none', containers: ['C-REG'] });
    const { state: booked } = await db.transaction((tx) =>
      loadBookedState(tx, ['C-REG'], { direction: 'forward', containers: true }),
    );
    for (const state of [loaded, booked]) {
      expect([...state.facts.values()].map((fact) => fact.eventId)).toEqual([registered.eventId]);
      expect(state.conflictingEventIds).toEqual(new Set([registered.eventId]));
    }
    await refreshUntilSettled(db);
    const { rows } = await db.query<{ node_id: string; kind: string; event_ids: string[] }>(
      `select node_id, kind, event_ids from ledger_anomalies order by node_id`,
    );
    expect(rows).toEqual([{ node_id: 'C-REG', kind: 'conflicting-facts', event_ids: [registered.eventId] }]);
    // An event stored as a batch's collection with a registration as its rival body is read whole: the core picks
    // between its bodies as in any other load.
    const mixed = { ...collectedIn('B-MIX', 'E-MIX'), containerId: 'C-MIX' };
    const mixedRival: LedgerFact = { ...containerRegistered('C-MIX', 'GM0150'), eventId: 'E-MIX' };
    await applyEventBatch(db, aBatch(2n, [mixed]));
    await applyEventBatch(db, aBatch(3n, [mixedRival]));
    const both = await loadLedgerState(db, { nodes: [], direction: 'none', containers: ['C-MIX'] });
    expect(both).toEqual(applyFacts(EMPTY_LEDGER, [mixed, mixedRival]));
  });

  it('stores the first body of an event id a batch holds twice, appends the feed for that body, and keeps the other as a rival', async () => {
    // Another body of the same event, told at another time: the feed row must carry the stored body's time.
    const later: LedgerFact = { ...collected, collectedAt: new Date('2026-03-01T00:00:00Z') };
    const expected = applyFacts(EMPTY_LEDGER, [collected, later]);
    for (const [first, second] of [
      [collected, later],
      [later, collected],
    ] as const) {
      const db = await aFactStore('rival-in-one-batch');
      await applyEventBatch(db, aBatch(0n, [first, second]));
      const { rows } = await db.query<{ stored: Date; fed: Date; position: bigint; rivals: bigint }>(
        `select f.occurred_at as stored, e.occurred_at as fed, e.position,
                (select count(*) from ledger_fact_rivals) as rivals
           from ledger_facts f join ledger_feed e using (event_id)`,
      );
      expect(rows).toEqual([{ stored: occurredAtOf(first), fed: occurredAtOf(first), position: 1n, rivals: 1n }]);
      expect((await loadLedgerState(db, { nodes: ['B-9'], direction: 'both' })).facts).toEqual(expected.facts);
    }
  });

  it('computes the figures of the batch the core picks from rival bodies naming different batches, in either order, refreshed in between or not', async () => {
    const renamed: LedgerFact = { ...collected, batchId: 'B-8' };
    const picked = applyFacts(EMPTY_LEDGER, [collected, renamed]).facts.get(collected.eventId);
    const tables = [];
    for (const [first, second, refreshBetween] of [
      [collected, renamed, false],
      [renamed, collected, false],
      [collected, renamed, true],
      [renamed, collected, true],
    ] as const) {
      const db = await aFactStore('rival-batches');
      await applyEventBatch(db, aBatch(0n, [first]));
      if (refreshBetween) await refreshUntilSettled(db);
      await applyEventBatch(db, aBatch(1n, [second]));
      await refreshUntilSettled(db);
      const { rows } = await db.query(`select batch_id, grams from ledger_batches order by batch_id`);
      tables.push(rows);
    }
    expect(picked?.type).toBe('BatchCollected');
    expect(tables[0]).toEqual([{ batch_id: picked?.type === 'BatchCollected' ? picked.batchId : '?', grams: 1000n }]);
    for (const table of tables.slice(1)) expect(table).toEqual(tables[0]);
  });

  it('bounds a refresh by its ancestor batches, leaving the other marks for the next, and settles to the same figures', async () => {
    const checksums = [];
    for (const maxBatches of [1, 3_000]) {
      const db = await aFactStore(`bounded-refresh-${maxBatches}`);
      await applyEventBatch(db, aBatch(0n, scenarioFacts));
      const marks = (await db.query(`select count(*) as marks from ledger_dirty_nodes`)).rows[0] as { marks: bigint };
      const first = await refreshDerivedFigures(db, { maxBatches });
      if (maxBatches === 1) expect(first.nodes).toBeLessThan(Number(marks.marks));
      else expect(first.nodes).toBe(Number(marks.marks));
      for (;;) {
        const result = await refreshDerivedFigures(db, { maxBatches });
        if (result.nodes === 0 && result.batches === 0) break;
      }
      checksums.push(await ledgerTableChecksums(db));
    }
    expect(checksums[0]).toEqual(checksums[1]);
  });

  it('scales the sizes that bound its memory by the factor a loop asks for after running out of it, to at least one', async () => {
    const refreshed = [];
    for (const options of [
      { maxBatches: 4, maxNodes: 4, sizeFactor: 0.25 },
      { maxBatches: 1, maxNodes: 1 },
      { maxBatches: 4, maxNodes: 4, sizeFactor: 1 / 1024 },
    ]) {
      const db = await aFactStore('scaled-refresh');
      await applyEventBatch(db, aBatch(0n, scenarioFacts));
      // Lookups are not cut short, whatever the factor: only the nodes each of their statements takes shrink.
      expect((await refreshDerivedFigures(db, { maxLookups: 5, sizeFactor: 1 / 1024 })).lookedUp).toBe(5);
      const steps = [];
      for (;;) {
        const result = await refreshDerivedFigures(db, { ...options, recomputeNow: true });
        if (result.nodes === 0 && result.batches === 0 && result.lookedUp === 0) break;
        steps.push([result.batches, result.nodes]);
      }
      refreshed.push({ steps, checksums: await ledgerTableChecksums(db) });
    }
    expect(refreshed[0]).toEqual(refreshed[1]);
    expect(refreshed[2]).toEqual(refreshed[1]);
    expect(refreshed[1]!.steps.every(([batches, nodes]) => batches! <= 2 && nodes! <= 1)).toBe(true);
  });

  it('recomputes the batches pooled in a run together, even when another batch is marked between them', async () => {
    const collectedAs = (batchId: string, at: string) =>
      batchCollected({ batchId, containerId: `C-${batchId}`, municipality: 'GM0150', grams: 1000, at });
    // Marked in batch id order by one lookup: a-pool, b-alone, c-pool.
    const facts = [
      collectedAs('a-pool', '2026-01-01T08:00:00Z'),
      collectedAs('b-alone', '2026-01-01T09:00:00Z'),
      collectedAs('c-pool', '2026-01-01T10:00:00Z'),
      sortingRun({
        runId: 'R-pool',
        centreId: 'centre-1',
        inputs: [
          ['a-pool', 1000],
          ['c-pool', 1000],
        ],
        outputs: [['L-pool', 'cream', 2000]],
        lossGrams: 0,
        at: '2026-01-02T08:00:00Z',
      }),
    ];
    const pooled = await aFactStore('pooled-claims');
    await applyEventBatch(pooled, aBatch(0n, facts));
    const first = await refreshDerivedFigures(pooled, { maxBatches: 1 });
    expect(first.batches).toBe(2);
    const { rows: left } = await pooled.query(`select batch_id from ledger_dirty_batches`);
    expect(left).toEqual([{ batch_id: 'b-alone' }]);
    await refreshUntilSettled(pooled, { maxBatches: 1 });

    const whole = await aFactStore('pooled-claims-whole');
    await applyEventBatch(whole, aBatch(0n, facts));
    await refreshUntilSettled(whole);
    expect(await ledgerTableChecksums(pooled)).toEqual(await ledgerTableChecksums(whole));
  });

  it('re-marks a batch a lookup reaches again without writing its mark, yet waits for a refresh that claimed it and marks it anew if that one removed it', async () => {
    const [db, other] = await aFactStoreWithAnotherProcess('re-marks');
    await applyEventBatch(
      db,
      aBatch(0n, [
        batchCollected({
          batchId: 'B-remark',
          containerId: 'C-remark',
          municipality: 'GM0150',
          grams: 1000,
          at: '2026-01-01T08:00:00Z',
        }),
        sortingRun({
          runId: 'R-remark',
          centreId: 'centre-1',
          inputs: [['B-remark', 1000]],
          outputs: [['L-remark', 'cream', 1000]],
          lossGrams: 0,
          at: '2026-01-02T08:00:00Z',
        }),
      ]),
    );
    const batchMark = async () =>
      (
        await db.query<{ version: string; marked_seq: bigint }>(
          `select xmin::text as version, marked_seq from ledger_dirty_batches where batch_id = 'B-remark'`,
        )
      ).rows[0];
    const waitingLookups = async () =>
      (
        await db.query<{ waiting: bigint }>(
          `select count(*) as waiting from ledger_dirty_nodes where converted_seq is distinct from marked_seq`,
        )
      ).rows[0]!.waiting;
    // One mark a lookup: the batch's own, then the lot's, whose lookup reaches the batch again.
    const seen = [];
    while ((await waitingLookups()) > 0n) {
      expect(await refreshDerivedFigures(db, { maxLookups: 1 })).toMatchObject({ lookedUp: 1, batches: 0 });
      const mark = await batchMark();
      if (mark !== undefined) seen.push(mark);
    }
    expect(seen.length).toBeGreaterThan(1);
    expect(new Set(seen.map((mark) => mark.version)).size, 'written once').toBe(1);

    // A refresh claims the batch's mark; the lot changes and its lookup reaches the batch while the claim holds.
    const before = seen[0]!.marked_seq;
    await applyEventBatch(
      db,
      aBatch(1n, [
        nodeDisposed({
          disposalId: 'D-remark',
          processorId: 'processor-1',
          nodeId: 'L-remark',
          grams: 1000,
          method: 'energy-recovery',
          at: '2026-01-03T08:00:00Z',
        }),
      ]),
    );
    let lookup: Promise<unknown> | undefined;
    await other.transaction(async (tx) => {
      await tx.query(`select batch_id from ledger_dirty_batches where batch_id = 'B-remark' for update`);
      lookup = refreshDerivedFigures(db, { maxLookups: 1 });
      await eventually(
        async () =>
          (
            await tx.query<{ waiting: bigint }>(
              `select count(*) as waiting from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock'`,
            )
          ).rows[0]!.waiting > 0n,
        { description: 'the lookup waits for the claimed mark' },
      );
      // The claiming refresh is done with the batch: it removes the mark as it commits.
      await tx.query(`delete from ledger_dirty_batches where batch_id = 'B-remark'`);
    });
    await lookup;
    const renewed = await batchMark();
    expect(renewed?.marked_seq).toBeGreaterThan(before);
  });

  it('looks marks up ahead of recomputing: a refresh that finds more than it looks up recomputes only when told to', async () => {
    const ahead = await aFactStore('lookups-ahead');
    await applyEventBatch(ahead, aBatch(0n, scenarioFacts));
    // The backlog the lag reports follows the steps: every node waits to be looked up, then fewer, with batches marked.
    const marked = await countDirtyNodes(ahead);
    expect(await countFigureBacklog(ahead)).toEqual({
      derivedPending: marked,
      lookupsPending: marked,
      batchesPending: 0,
    });
    const first = await refreshDerivedFigures(ahead, { maxLookups: 3 });
    expect(first).toMatchObject({ lookedUp: 3, batches: 0, nodes: 0 });
    const { rows: batchMarks } = await ahead.query<{ count: bigint }>(
      `select count(*) as count from ledger_dirty_batches`,
    );
    expect(Number(batchMarks[0]!.count)).toBeGreaterThan(0);
    expect(await countFigureBacklog(ahead)).toEqual({
      derivedPending: marked,
      lookupsPending: marked - 3,
      batchesPending: Number(batchMarks[0]!.count),
    });
    const forced = await refreshDerivedFigures(ahead, { maxLookups: 3, recomputeNow: true });
    expect(forced.lookedUp).toBe(3);
    expect(forced.batches).toBeGreaterThan(0);
    await refreshUntilSettled(ahead, { maxLookups: 3 });
    expect(await countFigureBacklog(ahead)).toEqual({ derivedPending: 0, lookupsPending: 0, batchesPending: 0 });
    const { rows } = await ahead.query(
      `select distinct key from ledger_fact_keys k
        where key_kind = 'node' and not exists (select 1 from ledger_node_books b where b.node_id = k.key)`,
    );
    expect(rows).toEqual([]);

    expect(await ledgerTableChecksums(ahead)).toEqual(await settledScenarioChecksums('lookups-whole'));
  });

  it('leaves recomputing to later while another refresh looks up and a full lookup of marks still waits', async () => {
    const [db, other] = await aFactStoreWithAnotherProcess('lookups-elsewhere');
    await applyEventBatch(db, aBatch(0n, scenarioFacts));
    // Batch marks to recompute, and more node marks than one lookup takes still waiting.
    expect(await refreshDerivedFigures(db, { maxLookups: 3 })).toMatchObject({ lookedUp: 3, batches: 0 });
    await other.transaction(async (tx) => {
      // Other refreshes' lookup steps in both shares, as refreshDerivedFigures takes them.
      for (const share of [0, 1]) {
        await tx.query(`select pg_advisory_xact_lock(${refreshStepLockSql(`convert-${share}`)})`);
      }
      expect(await refreshDerivedFigures(db, { maxLookups: 3 })).toMatchObject({ busy: true, batches: 0, lookedUp: 0 });
      const told = await refreshDerivedFigures(db, { maxLookups: 3, recomputeNow: true });
      expect(told.lookedUp).toBe(0);
      expect(told.batches).toBeGreaterThan(0);
    });
  });

  it('looks up only the share of the node marks no other refresh holds, to the figures of a serial refresh', async () => {
    const [db, other] = await aFactStoreWithAnotherProcess('lookups-shared');
    await applyEventBatch(db, aBatch(0n, scenarioFacts));
    const marksIn = async (share: number, where = 'true'): Promise<string[]> =>
      (
        await db.query<{ node_id: string }>(
          `select node_id from ledger_dirty_nodes where ${lookupShareSql('node_id')} = $1 and ${where} order by node_id`,
          [share],
        )
      ).rows.map((row) => row.node_id);
    const [first, second] = [await marksIn(0), await marksIn(1)];
    expect(first.length, 'the scenario has nodes in both shares').toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    await other.transaction(async (tx) => {
      // Another refresh is looking up the first share: this one looks up the second, all of it, and nothing else.
      await tx.query(`select pg_advisory_xact_lock(${refreshStepLockSql('convert-0')})`);
      expect(await refreshDerivedFigures(db, { maxLookups: 10_000 })).toMatchObject({ lookedUp: second.length });
      expect(await marksIn(0, 'converted_seq is null')).toEqual(first);
      const { rows: booked } = await db.query<{ node_id: string }>(`select node_id from ledger_node_books`);
      expect(booked.map((row) => row.node_id).sort()).toEqual(second);
    });
    await refreshUntilSettled(db);
    expect(await ledgerTableChecksums(db)).toEqual(await settledScenarioChecksums('lookups-serial'));
  });

  it('leaves recomputing to later when it looked up one share while another refresh holds the other and more wait', async () => {
    const [db, other] = await aFactStoreWithAnotherProcess('lookups-one-share');
    const [[mine], theirs] = [await idsInShare(db, 1, 1), await idsInShare(db, 0, 3)];
    await applyEventBatch(
      db,
      aBatch(
        0n,
        [mine!, ...theirs].map((id) => collectedIn(id)),
      ),
    );
    await other.transaction(async (tx) => {
      await tx.query(`select pg_advisory_xact_lock(${refreshStepLockSql('convert-0')})`);
      // Its own share's one mark, then two of the other's three still waiting: a lookup's worth.
      expect(await refreshDerivedFigures(db, { maxLookups: 2 })).toEqual({
        nodes: 0,
        batches: 0,
        feedSettled: 0,
        lookedUp: 1,
        busy: false,
      });
    });
  });

  it('looks the oldest mark up first, whichever share it is in, when it looks up alone', async () => {
    const db = await aFactStore('lookups-oldest-first');
    const [older, newer] = [await idsInShare(db, 1, 1), await idsInShare(db, 0, 3)];
    await applyEventBatch(db, aBatch(0n, [collectedIn(older[0]!)]));
    await applyEventBatch(
      db,
      aBatch(
        1n,
        newer.map((id) => collectedIn(id)),
      ),
    );
    for (const expected of [older[0]!, ...newer]) {
      expect(await refreshDerivedFigures(db, { maxLookups: 1 })).toMatchObject({ lookedUp: 1, batches: 0 });
      const { rows } = await db.query<{ node_id: string }>(
        `select node_id from ledger_dirty_nodes where converted_seq = marked_seq order by conversion_seq desc limit 1`,
      );
      expect(rows[0]?.node_id).toBe(expected);
    }
  });

  it('lets an apply mark a node whose share was looked up while the same refresh waits in the other share', async () => {
    // `other` holds a batch mark as its lookup would until it commits.
    const [db, other] = await aFactStoreWithAnotherProcess('lookups-apply');
    const [[first], [second]] = [await idsInShare(db, 0, 1), await idsInShare(db, 1, 1)];
    await applyEventBatch(db, aBatch(0n, [collectedIn(first!), collectedIn(second!)]));
    await refreshUntilSettled(db);
    let offset = 1n;
    const touch = (batchId: string): Promise<void> =>
      applyEventBatch(db, aBatch((offset += 1n), [collectedIn(batchId, `again-${offset}`)]));
    let refreshing: Promise<unknown> | undefined;
    await other.transaction(async (tx) => {
      await tx.query(`insert into ledger_dirty_batches (batch_id, marked_seq) values ($1, 0)`, [second]);
      // The first share's mark is the older: the refresh looks it up, then waits to mark the second's batch.
      await touch(first!);
      await touch(second!);
      refreshing = refreshDerivedFigures(db, {});
      await eventually(
        async () => {
          const { rows } = await db.query<{ waiting: bigint }>(
            `select count(*) as waiting from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock'`,
          );
          return rows[0]!.waiting > 0n ? true : undefined;
        },
        { description: 'the refresh waits for the batch mark in the second share' },
      );
      // Had the refresh still held the first share's node marks, this would wait for it, and it for this transaction.
      await touch(first!);
      await tx.query(`delete from ledger_dirty_batches where batch_id = $1`, [second]);
    });
    await refreshing;
    await refreshUntilSettled(db);
    expect(await countDirtyNodes(db)).toBe(0);
  });

  it('settles the head of the feed up to the first event whose nodes wait, and no further', async () => {
    const db = await aFactStore('feed-head');
    await applyEventBatch(db, aBatch(0n, scenarioFacts));
    await refreshUntilSettled(db);
    const { rows: feed } = await db.query<{ position: bigint; node_ids: string[] }>(
      `select position, node_ids from ledger_feed order by position`,
    );
    const waitingNode = feed.find((event) => event.position >= 3n && event.node_ids.length > 0)!.node_ids[0]!;
    const firstWaiting = feed.find((event) => event.node_ids.includes(waitingNode))!.position;
    const laterReady = feed.filter((event) => event.position > firstWaiting && !event.node_ids.includes(waitingNode));
    expect(firstWaiting).toBeGreaterThan(1n);
    expect(laterReady.length).toBeGreaterThan(0);
    await db.query(`update ledger_feed_settled set position = 0`);
    await db.query(
      `insert into ledger_dirty_nodes (node_id, marked_seq) values ($1, nextval('ledger_dirty_sequence'))`,
      [waitingNode],
    );
    // No lookups: the mark stays while the feed is settled.
    const result = await refreshDerivedFigures(db, { maxLookups: 0, recomputeNow: true });
    const { rows: settled } = await db.query<{ position: bigint }>(
      `select position from ledger_feed where position <= (select position from ledger_feed_settled) order by position`,
    );
    expect(settled.map((row) => row.position)).toEqual(
      feed.filter((event) => event.position < firstWaiting).map((event) => event.position),
    );
    expect(result.feedSettled).toBe(settled.length);
  });

  it('keeps the feed delivered up to where the per-event flags had settled it, when one position replaces them (0014)', async () => {
    const db = createPgDb({ connectionString: await createTestDatabase('feed-settled-position') });
    databases.push(db);
    const migrations = await loadMigrations(new URL('../migrations/', import.meta.url));
    // As the release before it left a feed: each event flagged when settled, the first three of them settled.
    await migrate(
      db,
      migrations.filter((migration) => migration.id < '0014'),
    );
    // The facts stored as today, the feed as that release appended it (today's append needs 0014's tables).
    await applyEventBatch(db, aBatch(0n, scenarioFacts), { feed: false });
    await db.query(
      `with node_lists as (
         select event_id, array_agg(key order by key) as node_ids from ledger_fact_keys where key_kind = 'node'
          group by event_id
       )
       insert into ledger_feed (position, event_id, type, occurred_at, node_ids, parties)
       select row_number() over (order by f.event_id), f.event_id, f.type, f.occurred_at,
              coalesce(n.node_ids, '{}'), ledger_fact_parties(f.fact)
         from ledger_facts f left join node_lists n using (event_id)`,
    );
    await db.query(`update ledger_feed_head set position = (select max(position) from ledger_feed)`);
    await db.query(`update ledger_feed set settled_at = now() where position <= 3 or position = 6`);
    await migrate(db, migrations);
    expect(await readSettledFeedEnd(db)).toBe(3n);
    await refreshUntilSettled(db);
    const { rows } = await db.query<{ position: bigint }>(`select position from ledger_feed_head`);
    expect(await readSettledFeedEnd(db)).toBe(BigInt(scenarioFacts.length));
    expect(rows[0]!.position).toBe(BigInt(scenarioFacts.length));
  });

  it('delivers the feed a rebuild swapped in only up to the events its tables lack, until they are applied', async () => {
    const url = await createTestDatabase('feed-swap');
    const [live, rebuilt] = [
      createPgDb({ connectionString: url, schema: 'ledger' }),
      createPgDb({ connectionString: url, schema: 'ledger_rebuild' }),
    ];
    databases.push(live, rebuilt);
    const migrations = await loadMigrations(new URL('../migrations/', import.meta.url));
    await migrate(live, migrations);
    await migrate(rebuilt, migrations);
    const facts = [...generateChain({ seed: 9, events: 400 })];
    const [replayed, later] = [facts.slice(0, 300), facts.slice(300)];
    await applyEventBatch(live, aBatch(BigInt(facts.length - 1), facts));
    await refreshUntilSettled(live);
    // The replay stopped before the live tables' last events.
    await applyEventBatch(rebuilt, aBatch(299n, replayed), { feed: false });
    await refreshUntilSettled(rebuilt);
    await swapSchemas(live, 'ledger', 'ledger_rebuild');

    // `live` resolves its tables by the schema's name: they are the rebuilt ones now.
    const { rows } = await live.query<{ first: bigint; head: bigint }>(
      `select (select min(f.position) from ledger_feed f
                where not exists (select 1 from ledger_facts stored where stored.event_id = f.event_id)) as first,
              (select position from ledger_feed_head) as head`,
    );
    const [firstLacking, head] = [rows[0]!.first, rows[0]!.head];
    expect(firstLacking).toBeGreaterThan(1n);
    expect(await readSettledFeedEnd(live)).toBe(firstLacking - 1n);
    // Nothing waits for the refresher, and still the position holds, whether a refresh settles all or chunk by chunk.
    await refreshUntilSettled(live);
    expect(await readSettledFeedEnd(live)).toBe(firstLacking - 1n);
    await live.query(`insert into ledger_dirty_nodes (node_id, marked_seq) values ('N-UNRELATED', 1)`);
    await refreshDerivedFigures(live, { maxLookups: 0, recomputeNow: true });
    expect(await readSettledFeedEnd(live)).toBe(firstLacking - 1n);
    await live.query(`delete from ledger_dirty_nodes where node_id = 'N-UNRELATED'`);

    // The consumers apply them to the rebuilt tables: they keep their positions and are delivered.
    await applyEventBatch(live, aBatch(BigInt(facts.length - 1), later));
    await refreshUntilSettled(live);
    expect(await readSettledFeedEnd(live)).toBe(head);
    const { rows: heads } = await live.query<{ position: bigint }>(`select position from ledger_feed_head`);
    expect(heads[0]!.position).toBe(head);
  });

  it('reads the nodes of a ledger kept before books existed from their facts, and books them as they change', async () => {
    const facts = [...generateChain({ seed: 12, events: 1_500 })];
    const [earlier, later] = [facts.slice(0, 1_000), facts.slice(1_000)];
    const always = await aFactStore('books-always');
    await applyEventBatch(always, aBatch(999n, earlier));
    await refreshUntilSettled(always);
    await applyEventBatch(always, aBatch(BigInt(facts.length - 1), later));
    await refreshUntilSettled(always);

    // As the release before them left it after the earlier facts: settled figures, no books, 0013 not applied (nor
    // 0021, which changes the books' column).
    const before = await aFactStore('books-added');
    await applyEventBatch(before, aBatch(999n, earlier));
    await refreshUntilSettled(before);
    await before.query(`drop table ledger_node_books`);
    await before.query(`delete from schema_migrations where id like '0013%' or id like '0021%'`);
    await migrate(before, await loadMigrations(new URL('../migrations/', import.meta.url)));
    expect(await countDirtyNodes(before)).toBe(0);
    await applyEventBatch(before, aBatch(BigInt(facts.length - 1), later));
    await refreshUntilSettled(before);

    const [was, is] = [await ledgerTableChecksums(before), await ledgerTableChecksums(always)];
    expect(Object.keys(was).filter((table) => was[table] !== is[table])).toEqual(['ledger_node_books']);
    // Every node the later facts touched has its book, the same as the ledger that always had them.
    const touched = [...new Set(later.flatMap((fact) => nodeIdsOf(fact)))].sort();
    const booksOf = async (db: Db): Promise<unknown[]> =>
      (
        await db.query(`select node_id, book from ledger_node_books where node_id = any($1::text[]) order by 1`, [
          touched,
        ])
      ).rows;
    expect(await booksOf(before)).toHaveLength(touched.length);
    expect(await booksOf(before)).toEqual(await booksOf(always));
  });

  it('settles to the in-order figures when runs arrive before their inputs and sales before their lot exists, refreshing after every event', async () => {
    const inOrder = await aFactStore('late-inputs-in-order');
    // Ending at the same offset as the one-by-one delivery below, so the stored positions agree too.
    await applyEventBatch(inOrder, aBatch(BigInt(scenarioFacts.length - 1), scenarioFacts));
    await refreshUntilSettled(inOrder);

    // Newest first: PRUN-1 before the lots it consumes, the store's sales before L-CREME's sorting run, RUN-1
    // before B1 and B2 are collected. Each refresh in between finds nodes with no batch above them yet.
    const late = await aFactStore('late-inputs-reversed');
    const reversed = [...scenarioFacts].reverse();
    for (const [index, fact] of reversed.entries()) {
      await applyEventBatch(late, aBatch(BigInt(index), [fact]));
      await refreshDerivedFigures(late);
    }
    await refreshUntilSettled(late);

    expect(await ledgerTableChecksums(late)).toEqual(await ledgerTableChecksums(inOrder));
    const { rows } = await late.query<{ outcome: string; grams: bigint }>(
      `select outcome, grams from ledger_batch_outcomes where batch_id = 'B1' order by outcome`,
    );
    expect(Object.fromEntries(rows.map((row) => [row.outcome, Number(row.grams)]))).toEqual(
      Object.fromEntries(Object.entries(b1ForwardOutcomesByHand).filter(([, grams]) => grams > 0)),
    );
  });

  it('fills the day sums from the figures a ledger kept before they existed, as a ledger that always had them', async () => {
    const { before, always } = await sumsAddedAfterTheFigures('day-sums', {
      tables: 'ledger_collected_days, ledger_outcome_days',
      migration: '0010',
    });
    const { rows } = await before.query<{ days: bigint }>(`select count(*) as days from ledger_outcome_days`);
    expect(rows[0]!.days).toBeGreaterThan(0n);
    expect(await ledgerTableChecksums(before)).toEqual(await ledgerTableChecksums(always));
  });

  it('fills the grade month sums from the figures a ledger kept before they existed, as a ledger that always had them', async () => {
    const { before, always } = await sumsAddedAfterTheFigures('month-sums', {
      tables: 'ledger_fraction_outcome_months',
      migration: '0016',
    });
    const { rows } = await before.query<{ months: bigint }>(
      `select count(distinct month) as months from ledger_fraction_outcome_months`,
    );
    expect(rows[0]!.months).toBeGreaterThan(1n);
    expect(await ledgerTableChecksums(before)).toEqual(await ledgerTableChecksums(always));
  });

  it('carries the readers a ledger kept one row per reader, and the numbers of the refreshes that wrote them, into one row per node', async () => {
    const readersOf = async (db: Db) =>
      (await db.query(`select node_id, readers, computed_seq from ledger_node_holder_sets order by node_id`)).rows;
    let wanted: unknown[] = [];
    // The release before kept them as 0006 and 0009 made them: a row per node and reader, a version row per node and
    // figure (an anomalies version too, which goes).
    const { before, always } = await ledgersAcrossMigration('holder-sets', 12, async (db) => {
      wanted = await readersOf(db);
      await db.query(
        `create table ledger_node_holders (node_id text not null, reader text not null, primary key (node_id, reader));
         insert into ledger_node_holders select node_id, unnest(readers) from ledger_node_holder_sets;
         create table ledger_node_versions (
           node_id text not null, figure text not null, computed_seq bigint not null, primary key (node_id, figure));
         insert into ledger_node_versions (node_id, figure, computed_seq)
         select node_id, 'readers', computed_seq from ledger_node_holder_sets
         union all
         select node_id, 'anomalies', computed_seq + 1 from ledger_node_holder_sets;
         drop table ledger_node_holder_sets;
         delete from schema_migrations where id like '0017%';`,
      );
    });
    expect(wanted.length).toBeGreaterThan(100);
    expect(await readersOf(before)).toEqual(wanted);
    const { rows: left } = await before.query(
      `select to_regclass('ledger_node_holders') is null and to_regclass('ledger_node_versions') is null as dropped`,
    );
    expect(left).toEqual([{ dropped: true }]);
    expect(await ledgerTableChecksums(before)).toEqual(await ledgerTableChecksums(always));
  });

  it('moves the outcome and grade rows a ledger kept as rows of their own into its batch rows, as a ledger that always had them there', async () => {
    // The release before kept them as 0002 and 0005 made them, written in whatever order the refreshes wrote them,
    // and each batch's reach as 0006 did (0019, which follows, reads that).
    const { before, always } = await ledgersAcrossMigration('batch-arrays', 14, async (db) => {
      await db.query(UNDO_NODE_MUNICIPALITIES);
      await db.query(
        `create table outcome_rows as select * from ledger_batch_outcomes;
         create table grade_rows as select * from ledger_batch_fraction_outcomes;
         drop view ledger_batch_outcomes;
         drop view ledger_batch_fraction_outcomes;
         alter table ledger_batches drop constraint ledger_batches_outcome_arrays,
           drop constraint ledger_batches_grade_arrays, drop column outcomes, drop column outcome_grams,
           drop column grade_fractions, drop column grade_outcomes, drop column grade_stores, drop column grade_grams;
         create table ledger_batch_outcomes (
           batch_id text not null, outcome text not null, grams bigint not null check (grams > 0),
           municipality text not null, container_id text not null, centre_id text, collected_at timestamptz not null,
           primary key (batch_id, outcome));
         insert into ledger_batch_outcomes select * from outcome_rows order by md5(batch_id || outcome);
         create table ledger_batch_fraction_outcomes (
           batch_id text not null, fraction text not null, outcome text not null, store_id text not null,
           grams bigint not null check (grams > 0), municipality text not null, centre_id text,
           collected_at timestamptz not null, primary key (batch_id, fraction, outcome, store_id));
         insert into ledger_batch_fraction_outcomes select * from grade_rows order by md5(batch_id || store_id || outcome);
         drop table outcome_rows, grade_rows;
         delete from schema_migrations where id like '0018%';`,
      );
    });
    const { rows } = await before.query<{ outcomes: bigint; grades: bigint }>(
      `select (select count(*) from ledger_batch_outcomes) as outcomes,
              (select count(*) from ledger_batch_fraction_outcomes) as grades`,
    );
    expect(rows[0]!.outcomes).toBeGreaterThan(100n);
    expect(rows[0]!.grades).toBeGreaterThan(100n);
    expect(await ledgerTableChecksums(before)).toEqual(await ledgerTableChecksums(always));
  });

  it('counts the municipalities reaching each node from the reach a ledger kept one row per batch and node, as a ledger that always counted them', async () => {
    const { before, always } = await ledgersAcrossMigration('node-municipalities', 15, async (db) => {
      await db.query(UNDO_NODE_MUNICIPALITIES);
    });
    const { rows } = await before.query<{ shared: bigint }>(
      `select count(*) as shared from ledger_node_municipalities where batches > 1`,
    );
    expect(rows[0]!.shared, 'nodes reached by several batches of one municipality').toBeGreaterThan(0n);
    expect(await ledgerTableChecksums(before)).toEqual(await ledgerTableChecksums(always));
  });

  it('keeps the books a ledger stored as jsonb, read as a ledger that always stored them as json reads its own', async () => {
    const { before, always } = await ledgersAcrossMigration('books-as-json', 16, async (db) => {
      await db.query(
        `alter table ledger_node_books alter column book type jsonb using book::jsonb;
         delete from schema_migrations where id like '0021%';`,
      );
    });
    const { rows } = await before.query<{ type: string; books: bigint }>(
      `select format_type(atttypid, atttypmod) as type, (select count(*) from ledger_node_books) as books
         from pg_attribute where attrelid = 'ledger_node_books'::regclass and attname = 'book'`,
    );
    expect(rows).toEqual([{ type: 'json', books: expect.any(BigInt) as unknown }]);
    expect(rows[0]!.books).toBeGreaterThan(100n);
    expect(await ledgerTableChecksums(before)).toEqual(await ledgerTableChecksums(always));
    // A book carried over is printed as jsonb printed it: the refresh that next finds it unchanged writes it once more,
    // as the refresh prints books, and reads of it are the same either way.
    const books = async (db: Db) =>
      (await db.query(`select node_id, book from ledger_node_books order by node_id`)).rows;
    expect(await books(before)).toEqual(await books(always));
  });

  it('reads the flows and local-for-local of a period from its whole months and the rows at its ends, as the per-batch rows give them', async () => {
    const db = await aFactStore('grade-months');
    const facts = [...generateChain({ seed: 13, events: 3_000 })];
    await applyEventBatch(db, aBatch(BigInt(facts.length - 1), facts));
    await refreshUntilSettled(db);
    const stores = [...new Set(facts.flatMap((fact) => (fact.type === 'LotReceivedAtStore' ? [fact.storeId] : [])))];
    await db.query(`insert into ledger_store_places (store_id, municipality) select unnest($1::text[]), 'GM0150'`, [
      stores.slice(0, 3),
    ]);
    for (const period of [
      // A Dutch year: eleven whole UTC months, then December but its last hour, and the hour before 1 January.
      { from: new Date('2025-01-01T00:00:00+01:00'), to: new Date('2026-01-01T00:00:00+01:00') },
      { from: new Date('2025-03-15T10:30:00Z'), to: new Date('2025-07-02T04:00:00Z') },
      { from: new Date('2025-05-03T00:00:00Z'), to: new Date('2025-05-20T00:00:00Z') },
      { from: new Date('2025-04-01T00:00:00Z'), to: new Date('2025-06-01T00:00:00Z') },
    ]) {
      const flows = await readFlowRows(db, period);
      expect(flows.length).toBeGreaterThan(0);
      expect(flows).toEqual(await flowRowsPerBatch(db, period));
      expect(await readStoreReachRows(db, period)).toEqual(await storeReachRowsPerBatch(db, period));
    }
  });

  it('reads a municipality trace from one snapshot, whatever a refresh commits between its reads', async () => {
    const url = await createTestDatabase('scoped-snapshot');
    const [db, refresher] = [createPgDb({ connectionString: url }), createPgDb({ connectionString: url })];
    databases.push(db, refresher);
    await migrate(db, await loadMigrations(new URL('../migrations/', import.meta.url)));
    const facts = [...generateChain({ seed: 5, events: 1_000 })];
    await applyEventBatch(db, aBatch(BigInt(facts.length - 1), facts));
    await refreshUntilSettled(db);
    const { rows } = await db.query<{ municipality: string }>(`select municipality from ledger_outcome_days limit 1`);
    const municipality = rows[0]!.municipality;
    // After the trace's first read, another connection commits what a refresh could: more grams under one outcome.
    let interfered = false;
    const interrupted: Db = {
      ...db,
      transaction: (work, options) =>
        db.transaction(
          (tx) =>
            work({
              async query(text, params) {
                const result = await tx.query(text, params);
                if (!interfered) {
                  interfered = true;
                  await refresher.query(
                    `update ledger_outcome_days set grams = grams + 1000
                      where (municipality, day, centre_id, outcome) =
                            (select municipality, day, centre_id, outcome from ledger_outcome_days
                              where municipality = $1 limit 1)`,
                    [municipality],
                  );
                }
                return result as never;
              },
            }),
          options,
        ),
    };
    const trace = await readScopedTrace(interrupted, { kind: 'municipality', municipality });
    expect(interfered).toBe(true);
    expect(trace.outcomes.reduce((sum, line) => sum + line.grams, 0n)).toBe(trace.grams);
  });

  it('shares a backlog between the refreshers of two processes (both do some of it) and settles to the figures of one', async () => {
    const facts = [...generateChain({ seed: 7, events: 3_000 })];
    const alone = await aFactStore('one-refresher');
    await applyEventBatch(alone, aBatch(BigInt(facts.length - 1), facts));
    await refreshUntilSettled(alone, { maxBatches: 20 });

    const url = await createTestDatabase('two-refreshers');
    // Two processes: a pool each on the same database.
    const [shared, other] = [createPgDb({ connectionString: url }), createPgDb({ connectionString: url })];
    databases.push(shared, other);
    await migrate(shared, await loadMigrations(new URL('../migrations/', import.meta.url)));
    await applyEventBatch(shared, aBatch(BigInt(facts.length - 1), facts));
    const batchesBy = [0, 0];
    const refreshUntilNothingLeft = async (db: Db, index: number): Promise<void> => {
      for (;;) {
        const result = await refreshDerivedFigures(db, { maxBatches: 20 });
        batchesBy[index]! += result.batches;
        if (result.nodes === 0 && result.batches === 0 && !result.busy && (await countDirtyNodes(db)) === 0) return;
      }
    };
    await Promise.all([refreshUntilNothingLeft(shared, 0), refreshUntilNothingLeft(other, 1)]);

    expect(batchesBy[0]).toBeGreaterThan(0);
    expect(batchesBy[1]).toBeGreaterThan(0);
    expect(await ledgerTableChecksums(shared)).toEqual(await ledgerTableChecksums(alone));
  });

  it('gives the rebuild claim to one holder at a time, until it is finished or lapses unrenewed', async () => {
    const claims = pgRebuildClaims(await aFactStore('rebuild-claims'));
    const replaying = { state: 'running', phase: 'replay', appliedEvents: 5, totalEvents: 9 } as const;
    const done = { state: 'done', appliedEvents: 9, totalEvents: 9 } as const;
    expect(await claims.latest()).toBeUndefined();
    expect(await claims.claim('first', 60_000)).toBe(true);
    expect(await claims.claim('second', 60_000)).toBe(false);
    expect(await claims.latest()).toEqual({ holder: 'first', lasting: true });
    expect(await claims.renew('first', 60_000), 'renewed by its holder').toBe(true);
    expect(await claims.renew('second', 60_000), 'not by another').toBe(false);
    await claims.report('first', replaying);
    await claims.report('second', done);
    expect(await claims.latest(), 'reported by its holder only').toEqual({
      holder: 'first',
      lasting: true,
      status: replaying,
    });
    await claims.finish('second', done);
    expect(await claims.claim('second', 60_000), 'another holder cannot finish it').toBe(false);
    await claims.finish('first', done);
    expect(await claims.latest(), 'the last rebuild’s end stays known').toEqual({
      holder: 'first',
      lasting: false,
      status: done,
    });
    expect(await claims.renew('first', 60_000), 'a renewal after the end does not revive it').toBe(false);
    await claims.report('first', replaying);
    expect((await claims.latest())?.status, 'nor does a late report').toEqual(done);
    // A claim that lapses at once stands for a process that died without renewing or finishing it.
    expect(await claims.claim('second', 0)).toBe(true);
    expect(await claims.latest(), 'a new claim starts without a status').toEqual({ holder: 'second', lasting: false });
    expect(await claims.claim('third', 60_000)).toBe(true);
    expect(await claims.claim('second', 60_000)).toBe(false);
    // Into tables that hold no claim (swapped in by the rebuild): the final status is written all the same.
    const swappedIn = pgRebuildClaims(await aFactStore('rebuild-claims-swapped-in'));
    await swappedIn.finish('third', done);
    expect(await swappedIn.latest()).toEqual({ holder: 'third', lasting: false, status: done });
  });

  it('answers, in a process that runs no rebuild, for the one another runs, and for one whose process stopped', async () => {
    const claims = pgRebuildClaims(await aFactStore('rebuild-status-elsewhere'));
    const eventLog = createKafkaEventLog({
      brokers: testKafkaBrokers(),
      clientId: 'rebuild-status',
      logLevel: 'nothing',
    });
    const asked = createLedgerRebuilds({
      eventLog,
      topics: [],
      decode: decodeEventBatch,
      claims,
      pauseLive: async () => undefined,
      resumeLive: async () => undefined,
    });
    try {
      expect(await asked.status()).toEqual({ state: 'idle', appliedEvents: 0, totalEvents: 0 });
      expect(await claims.claim('ledger-2:77 (a)', 60_000)).toBe(true);
      expect(await asked.status(), 'claimed, nothing reported yet').toEqual({
        state: 'running',
        phase: 'replay',
        appliedEvents: 0,
        totalEvents: 0,
        holder: 'ledger-2:77 (a)',
        elsewhere: true,
      });
      const figures = { state: 'running', phase: 'figures', appliedEvents: 9, totalEvents: 9, etaSeconds: 4 } as const;
      await claims.report('ledger-2:77 (a)', figures);
      expect(await asked.status()).toEqual({ ...figures, holder: 'ledger-2:77 (a)', elsewhere: true });
      const done = { state: 'done', appliedEvents: 9, totalEvents: 9 } as const;
      await claims.finish('ledger-2:77 (a)', done);
      expect(await asked.status(), 'how the last one ended').toEqual({
        ...done,
        holder: 'ledger-2:77 (a)',
        elsewhere: true,
      });
      // The next one's process is killed: its claim lapses unrenewed with a running status.
      expect(await claims.claim('ledger-3:88 (b)', 300)).toBe(true);
      await claims.report('ledger-3:88 (b)', figures);
      await eventually(async () => (await claims.latest())?.lasting === false || undefined, {
        description: 'the claim lapsed',
      });
      const lapsed = await asked.status();
      expect(lapsed).toMatchObject({ state: 'failed', holder: 'ledger-3:88 (b)', elsewhere: true });
      expect(lapsed.error).toMatch(/stopped before it finished/);
    } finally {
      await eventLog.close();
    }
  });

  it('never moves a stored position back when an older batch is delivered again', async () => {
    const db = await aFactStore('positions');
    expect(await readStoredPosition(db, 'vezel.collection.v1', 0)).toBe(-1n);
    await applyEventBatch(db, aBatch(41n, [collected]));
    await applyEventBatch(db, aBatch(7n, [collected]));
    await applyEventBatch(db, aBatch(3n, [], 1));
    expect(await readStoredPosition(db, 'vezel.collection.v1', 0)).toBe(41n);
    expect(await readStoredPosition(db, 'vezel.collection.v1', 1)).toBe(3n);
  });
});
