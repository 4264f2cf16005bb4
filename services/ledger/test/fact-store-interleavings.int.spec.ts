import { createPgDb, loadMigrations, migrate, type Db } from '@vezel/db';
import { createTestDatabase } from '@vezel/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEventBatch } from '../src/adapters/postgres/apply-event-batch.ts';
import { loadBookedState } from '../src/adapters/postgres/load-booked-state.ts';
import { readFlowRows, readStoreReachRows } from '../src/adapters/postgres/read-fraction-outcome-sums.ts';
import { readScopedTrace } from '../src/adapters/postgres/read-scoped-trace.ts';
import { refreshDerivedFigures, refreshUntilSettled } from '../src/adapters/postgres/refresh-derived-figures.ts';
import {
  accountNode,
  applyFacts,
  containerIdsIn,
  downstreamReadersFrom,
  EMPTY_LEDGER,
  listAnomalies,
  municipalitiesIn,
  nodeIdsIn,
  traceBackward,
  traceForward,
  type LedgerFact,
  type TraceSource,
} from '../src/domain/index.ts';
import { chainArbitrary } from './domain/random-chain.ts';
import { serviceOf } from './support/fact-to-event-record.ts';
import { ledgerTableChecksums } from './support/ledger-table-checksum.ts';
import { flowRowsPerBatch, storeReachRowsPerBatch } from './support/grade-rows-per-batch.ts';

let db: Db;
beforeAll(async () => {
  db = createPgDb({ connectionString: await createTestDatabase('interleavings') });
  await migrate(db, await loadMigrations(new URL('../migrations/', import.meta.url)));
});
afterAll(async () => {
  await db.close();
});

/** A chain's facts as the four topics carry them: per producing service, in the order they happened. */
function topicsOf(facts: readonly LedgerFact[]): Map<string, LedgerFact[]> {
  const topics = new Map<string, LedgerFact[]>();
  for (const fact of facts) {
    const topic = `vezel.${serviceOf[fact.type]}.v1`;
    topics.set(topic, [...(topics.get(topic) ?? []), fact]);
  }
  return topics;
}

/**
 * One consumption of the topics, steered by `dice`: batches of 1-4 events from a topic picked by the dice (so the
 * topics interleave at random while each keeps its order, the only order Kafka promises), now and then the same
 * batch delivered again (at-least-once), and refreshes of the derived figures of random sizes between batches,
 * as the refresher runs concurrently with consumption. Ends with the figures settled.
 */
async function consume(topics: ReadonlyMap<string, readonly LedgerFact[]>, dice: readonly number[]): Promise<void> {
  const applied: LedgerFact[] = [];
  const next = new Map([...topics.keys()].map((topic) => [topic, 0]));
  let roll = 0;
  const die = (sides: number): number => (dice[roll++ % dice.length]! + roll) % sides;
  for (;;) {
    const open = [...topics.keys()].filter((topic) => next.get(topic)! < topics.get(topic)!.length).sort();
    if (open.length === 0) break;
    const topic = open[die(open.length)]!;
    const start = next.get(topic)!;
    const end = Math.min(start + 1 + die(4), topics.get(topic)!.length);
    const batch = {
      topic,
      partition: 0,
      lastOffset: BigInt(end - 1),
      facts: topics
        .get(topic)!
        .slice(start, end)
        .map((fact, index) => ({ fact, offset: BigInt(start + index) })),
      rejected: [],
    };
    await applyEventBatch(db, batch);
    if (die(5) === 0) await applyEventBatch(db, batch);
    next.set(topic, end);
    applied.push(...batch.facts.map(({ fact }) => fact));
    // Partial lookups too, recomputing now or not, so batches are recomputed from books current and not yet.
    if (die(3) === 0) {
      await refreshDerivedFigures(db, { maxNodes: 1 + die(6), maxLookups: 1 + die(8), recomputeNow: die(2) === 0 });
      await expectNodeTracesOfCore(applied, die(1_000));
    }
  }
  await refreshUntilSettled(db, { maxNodes: 7 });
}

/**
 * A node's traces as the queries read them (books where current, facts elsewhere) equal the core's over the facts
 * applied so far: the node picked by `pick` among those created, forward and backward.
 */
async function expectNodeTracesOfCore(applied: readonly LedgerFact[], pick: number): Promise<void> {
  const core = applyFacts(EMPTY_LEDGER, applied);
  const created = nodeIdsIn(core).filter((nodeId) => accountNode(core, nodeId).creation !== undefined);
  const nodeId = created[pick % Math.max(1, created.length)];
  if (nodeId === undefined) return;
  const forward = (await loadBookedState(db, [nodeId], { direction: 'forward' })).state;
  const backward = (await loadBookedState(db, [nodeId], { direction: 'backward' })).state;
  expect(traceForward(forward, { kind: 'node', nodeId })).toEqual(traceForward(core, { kind: 'node', nodeId }));
  expect(traceBackward(backward, nodeId)).toEqual(traceBackward(core, nodeId));
}

/** Grams per municipality, day, centre (and outcome) of `from`, with none zero, in key order. */
async function daySums(from: string, byOutcome = true): Promise<unknown[]> {
  const keys = byOutcome ? 'municipality, day::text, centre_id, outcome' : 'municipality, day::text, centre_id';
  const { rows } = await db.query(
    `select ${keys}, sum(grams)::bigint as grams from ${from} group by ${keys} having sum(grams) <> 0 order by ${keys}`,
  );
  return rows;
}

/** Grams per month, municipality, centre, grade, outcome and store of `from`, with none zero, in key order. */
async function gradeMonthSums(from: string): Promise<unknown[]> {
  const keys = 'month::text, municipality, centre_id, fraction, outcome, store_id';
  const { rows } = await db.query(
    `select ${keys}, sum(grams)::bigint as grams from ${from} group by ${keys} having sum(grams) <> 0 order by ${keys}`,
  );
  return rows;
}

async function emptyLedger(): Promise<void> {
  await db.query(
    `truncate ledger_facts, ledger_fact_rivals, ledger_fact_keys, ledger_positions, rejected_events, ledger_run_nodes,
              ledger_collected_nodes,
              ledger_dirty_nodes, ledger_dirty_batches, ledger_batches, ledger_batch_stock,
              ledger_collected_days, ledger_outcome_days, ledger_fraction_outcome_months,
              ledger_node_holder_sets, ledger_node_municipalities, ledger_anomalies, ledger_feed`,
  );
  await db.query(`update ledger_feed_head set position = 0`);
  await db.query(`update ledger_feed_settled set position = 0`);
}

describe('the ledger tables under any interleaving of the topics', () => {
  it('are byte-identical (checksum) and give the pure core figures, for random chains and interleavings', async () => {
    await fc.assert(
      fc.asyncProperty(
        chainArbitrary,
        fc.array(fc.array(fc.nat({ max: 1_000 }), { minLength: 1, maxLength: 16 }), { minLength: 3, maxLength: 3 }),
        async (chain, interleavings) => {
          const topics = topicsOf(chain.facts);
          const core = applyFacts(EMPTY_LEDGER, chain.facts);
          const checksums: Record<string, string>[] = [];
          for (const dice of interleavings) {
            await emptyLedger();
            await consume(topics, dice);
            checksums.push(await ledgerTableChecksums(db));
          }
          expect(checksums[1]).toEqual(checksums[0]);
          expect(checksums[2]).toEqual(checksums[0]);

          // The stored figures are the core's figures over all facts.
          const sources: (TraceSource & { kind: 'container' | 'municipality' })[] = [
            ...municipalitiesIn(core).map((municipality) => ({ kind: 'municipality' as const, municipality })),
            ...containerIdsIn(core).map((containerId) => ({ kind: 'container' as const, containerId })),
            { kind: 'municipality', municipality: 'GM0150', period: { from: new Date('2026-01-01T00:00:00Z') } },
            // Ends inside a UTC day: whole days come from the day sums, the ends from the per-batch rows.
            ...municipalitiesIn(core).flatMap((municipality) => [
              {
                kind: 'municipality' as const,
                municipality,
                period: { from: new Date('2026-01-01T05:00:00Z'), to: new Date('2026-01-02T07:00:00Z') },
              },
              {
                kind: 'municipality' as const,
                municipality,
                period: { from: new Date('2026-01-01T00:00:00+01:00'), to: new Date('2026-01-02T00:00:00+01:00') },
              },
              {
                kind: 'municipality' as const,
                municipality,
                period: { from: new Date('2026-01-01T10:00:00Z'), to: new Date('2026-01-01T14:00:00Z') },
              },
            ]),
          ];
          for (const source of sources) {
            expect(await readScopedTrace(db, source)).toEqual(traceForward(core, source));
          }
          // The day sums are the per-batch rows summed, kept so through every refresh.
          expect(await daySums('ledger_outcome_days')).toEqual(
            await daySums(`(select municipality, (collected_at at time zone 'UTC')::date as day,
                                   coalesce(centre_id, '') as centre_id, outcome, grams
                              from ledger_batch_outcomes) as o`),
          );
          expect(await daySums('ledger_collected_days', false)).toEqual(
            await daySums(
              `(select municipality, (collected_at at time zone 'UTC')::date as day,
                       coalesce(centre_id, '') as centre_id, grams
                  from ledger_batches) as b`,
              false,
            ),
          );
          // So are the grade month sums, and the flows and local-for-local read through them: whole months, none,
          // and a Dutch-time start (an hour before the first UTC month) with an open end.
          expect(await gradeMonthSums('ledger_fraction_outcome_months')).toEqual(
            await gradeMonthSums(`(select date_trunc('month', collected_at at time zone 'UTC')::date as month,
                                          municipality, coalesce(centre_id, '') as centre_id, fraction, outcome,
                                          store_id, grams
                                     from ledger_batch_fraction_outcomes) as o`),
          );
          for (const period of [
            { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-03-01T00:00:00Z') },
            { from: new Date('2026-01-01T05:00:00Z'), to: new Date('2026-01-02T07:00:00Z') },
            { from: new Date('2026-01-01T00:00:00+01:00') },
          ]) {
            expect(await readFlowRows(db, period)).toEqual(await flowRowsPerBatch(db, period));
            expect(await readStoreReachRows(db, period)).toEqual(await storeReachRowsPerBatch(db, period));
          }
          // Each node's municipalities count the batches of each municipality whose forward walk in the core reaches it.
          const reaching = new Map<string, { node_id: string; municipality: string; batches: number }>();
          for (const nodeId of nodeIdsIn(core)) {
            const creation = accountNode(core, nodeId).creation;
            if (creation?.kind !== 'batch') continue;
            for (const reached of downstreamReadersFrom(core, nodeId).keys()) {
              const key = `${reached}\u0000${creation.municipality}`;
              const known = reaching.get(key) ?? { node_id: reached, municipality: creation.municipality, batches: 0 };
              known.batches += 1;
              reaching.set(key, known);
            }
          }
          const { rows: counted } = await db.query(
            `select node_id, municipality, batches from ledger_node_municipalities
              order by node_id collate "C", municipality collate "C"`,
          );
          const inKeyOrder = (
            a: { node_id: string; municipality: string },
            b: { node_id: string; municipality: string },
          ) => (a.node_id < b.node_id ? -1 : a.node_id > b.node_id ? 1 : a.municipality < b.municipality ? -1 : 1);
          expect(counted).toEqual([...reaching.values()].sort(inKeyOrder));
          const { rows } = await db.query<{ node_id: string; kind: string; grams: bigint; event_ids: string[] }>(
            `select node_id, kind, grams, event_ids from ledger_anomalies order by node_id, kind, anomaly_key`,
          );
          const expected = listAnomalies(core).map((anomaly) => ({
            node_id: anomaly.nodeId,
            kind: anomaly.kind,
            grams: anomaly.grams,
            event_ids: [...anomaly.eventIds],
          }));
          const byKey = (a: { node_id: string; kind: string; event_ids: string[] }): string =>
            JSON.stringify([a.node_id, a.kind, a.event_ids]);
          expect(rows.map(byKey).sort()).toEqual(expected.map(byKey).sort());
        },
      ),
      { numRuns: 12 },
    );
  }, 240_000);
});
