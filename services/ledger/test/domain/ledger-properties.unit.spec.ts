import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyFact,
  applyFacts,
  compareOutcomes,
  containerIdsIn,
  describeNode,
  EMPTY_LEDGER,
  forwardSharesIn,
  fractionOutcomesOf,
  holderKeyOf,
  listAnomalies,
  municipalitiesIn,
  nodeIdsIn,
  OUTCOMES,
  traceBackward,
  traceForward,
  traceNodesForward,
  type ForwardShares,
  type ForwardTrace,
  type LedgerFact,
  type LedgerState,
  type TraceSource,
} from '../../src/domain/index.ts';
import { snapshotOf } from './ledger-snapshot.ts';
import { chainArbitrary, type Chain } from './random-chain.ts';

function sum(values: Iterable<bigint>): bigint {
  let total = 0n;
  for (const value of values) total += value;
  return total;
}

/** Grams the simulation says are still held somewhere (in transit included). */
function heldIn(chain: Chain): bigint {
  return sum([...chain.holdings.values()].flatMap((lines) => [...lines.values()].map(({ grams }) => grams)));
}

/** Fails unless the trace's outcomes add up to its grams and its stock lines to its `stock` outcome. */
function expectForwardAddsUp(trace: ForwardTrace): void {
  const listed = trace.outcomes.map(({ outcome }) => outcome);
  expect(listed.filter((outcome) => (OUTCOMES as readonly string[]).includes(outcome))).toEqual([...OUTCOMES]);
  expect([...listed].sort(compareOutcomes)).toEqual(listed);
  expect(trace.outcomes.every(({ grams }) => grams >= 0n)).toBe(true);
  expect(sum(trace.outcomes.map(({ grams }) => grams))).toBe(trace.grams);
  expect(sum(trace.stock.map(({ grams }) => grams))).toBe(
    trace.outcomes.find(({ outcome }) => outcome === 'stock')!.grams,
  );
  expect(trace.stock.every(({ grams }) => grams > 0n)).toBe(true);
}

/** Checks conservation for every source and every created node of `state`; returns how many traces it checked. */
function expectEverySplitAddsUp(state: LedgerState, period: { from: Date; to: Date }): number {
  let checked = 0;
  // One memo for every node, as the refresher shares one over a chunk of batches (cycle cuts then depend on the
  // visiting order, and the by-fraction split must follow the memo's own cuts).
  const shared = forwardSharesIn(state);
  for (const nodeId of nodeIdsIn(state)) {
    if (describeNode(state, nodeId).node.kind === 'unknown') continue;
    expectForwardAddsUp(traceForward(state, { kind: 'node', nodeId }));
    expectFractionsAddUp(nodeId, traceNodesForward(state, [nodeId], shared).get(nodeId)!, shared);
    const backward = traceBackward(state, nodeId);
    expect(sum(backward.origins.map(({ grams }) => grams))).toBe(backward.grams);
    expect(sum(backward.byMunicipality.map(({ grams }) => grams))).toBe(backward.grams);
    checked += 2;
  }
  const sources: TraceSource[] = [
    ...containerIdsIn(state).flatMap((containerId): TraceSource[] => [
      { kind: 'container', containerId },
      { kind: 'container', containerId, period },
    ]),
    ...municipalitiesIn(state).flatMap((municipality): TraceSource[] => [
      { kind: 'municipality', municipality },
      { kind: 'municipality', municipality, period },
    ]),
  ];
  for (const source of sources) expectForwardAddsUp(traceForward(state, source));
  return checked + sources.length;
}

/** A node's grams by sorting fraction add up, outcome by outcome, to its forward trace exactly. */
function expectFractionsAddUp(nodeId: string, forward: ForwardTrace, shares: ForwardShares): void {
  const byOutcome = new Map<string, bigint>();
  for (const { outcome, grams } of fractionOutcomesOf(nodeId, forward, shares)) {
    expect(grams).toBeGreaterThan(0n);
    byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0n) + grams);
  }
  expect(byOutcome).toEqual(
    new Map(forward.outcomes.filter(({ grams }) => grams > 0n).map(({ outcome, grams }) => [outcome, grams])),
  );
}

/**
 * A chain and `count` deliveries of it: each an arbitrary order of its facts, every fact delivered twice (as
 * at-least-once delivery may), cut into random consecutive batches. Any order at all, so stronger than the per-node
 * order Kafka keeps.
 */
const chainAndDeliveries = (count: number) =>
  chainArbitrary.chain((chain) => {
    const twice = [...chain.facts, ...chain.facts.map((fact) => ({ ...fact }))];
    const delivery = fc.record({
      order: fc.shuffledSubarray(twice, { minLength: twice.length, maxLength: twice.length }),
      batchSizes: fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 30 }),
    });
    return fc.record({
      chain: fc.constant(chain),
      deliveries: fc.array(delivery, { minLength: count, maxLength: count }),
    });
  });

/** A chain, an arbitrary order of its facts, and how many of them have arrived so far. */
const chainPartlyArrived = chainArbitrary.chain((chain) =>
  fc.record({
    chain: fc.constant(chain),
    order: fc.shuffledSubarray([...chain.facts], { minLength: chain.facts.length, maxLength: chain.facts.length }),
    arrived: fc.integer({ min: 0, max: chain.facts.length }),
  }),
);

/** `facts` cut into consecutive batches of the given sizes, the rest in one last batch. */
function inBatches(facts: readonly LedgerFact[], sizes: readonly number[]): LedgerFact[][] {
  const batches: LedgerFact[][] = [];
  let position = 0;
  for (const size of sizes) {
    if (position >= facts.length) break;
    batches.push(facts.slice(position, position + size));
    position += size;
  }
  if (position < facts.length) batches.push(facts.slice(position));
  return batches;
}

const periodArbitrary = fc.tuple(fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 90 })).map(([a, b]) => {
  const day = (n: number) => new Date(Date.parse('2026-01-01T00:00:00Z') + n * 86_400_000);
  return { from: day(Math.min(a, b)), to: day(Math.max(a, b)) };
});

/** Room for a slow, shared CI machine: each property takes about a second here. */
const PROPERTY_TIMEOUT_MS = 30_000;

describe('the ledger on random valid chains', () => {
  it(
    'splits every source exactly: forward outcomes add up to its grams, backward origins to the node’s grams',
    () => {
      fc.assert(
        fc.property(chainArbitrary, periodArbitrary, (chain, period) => {
          expectEverySplitAddsUp(applyFacts(EMPTY_LEDGER, chain.facts), period);
        }),
        { numRuns: 150 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'agrees with the chain’s own books: no anomalies, the same holders, outcomes within a rounding gram per batch',
    () => {
      fc.assert(
        fc.property(chainArbitrary, (chain: Chain) => {
          const state = applyFacts(EMPTY_LEDGER, chain.facts);
          expect(listAnomalies(state)).toEqual([]);

          for (const nodeId of nodeIdsIn(state)) {
            const expected = [...(chain.holdings.get(nodeId)?.values() ?? [])]
              .filter(({ grams }) => grams > 0n)
              .map(({ holder, grams }) => [holderKeyOf(holder), grams] as const)
              .sort(([a], [b]) => (a < b ? -1 : 1));
            const actual = describeNode(state, nodeId).holders.map(
              ({ holder, grams }) => [holderKeyOf(holder), grams] as const,
            );
            expect(actual).toEqual(expected);
          }

          // All batches together, outcome by outcome. Each batch is rounded on its own, every bucket by less than a
          // gram, so a terminal outcome (one bucket per batch) is off the chain's own total by less than a gram per
          // batch. `stock` is several buckets (one per node and holder), but since a batch's roundings cancel out,
          // its error is that of the ten other outcomes at most.
          const perBatch = chain.batchIds.map((nodeId) => traceForward(state, { kind: 'node', nodeId }));
          const batches = BigInt(Math.max(chain.batchIds.length, 1));
          for (const outcome of new Set([...OUTCOMES, ...chain.outcomes.keys()])) {
            const traced = sum(
              perBatch.map((trace) => trace.outcomes.find((line) => line.outcome === outcome)?.grams ?? 0n),
            );
            const booked = outcome === 'stock' ? heldIn(chain) : (chain.outcomes.get(outcome) ?? 0n);
            const off = traced > booked ? traced - booked : booked - traced;
            expect(off).toBeLessThan(outcome === 'stock' ? 10n * batches : batches);
          }
          const collected = sum(perBatch.map((trace) => trace.grams));
          expect(collected).toBe(sum(chain.outcomes.values()) + heldIn(chain));
        }),
        { numRuns: 150 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'gives byte-identical answers for the same facts in any order, in any batches, with redeliveries',
    () => {
      fc.assert(
        fc.property(chainAndDeliveries(3), ({ chain, deliveries }) => {
          const reference = snapshotOf(applyFacts(EMPTY_LEDGER, chain.facts));
          for (const { order, batchSizes } of deliveries) {
            let state = EMPTY_LEDGER;
            for (const batch of inBatches(order, batchSizes)) {
              state = batch.length === 1 ? applyFact(state, batch[0]!) : applyFacts(state, batch);
            }
            expect(snapshotOf(state)).toBe(reference);
          }
        }),
        { numRuns: 60 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'still splits exactly while facts are missing, and clears every anomaly once they have all arrived',
    () => {
      fc.assert(
        fc.property(chainPartlyArrived, periodArbitrary, ({ order, arrived }, period) => {
          const partial = applyFacts(EMPTY_LEDGER, order.slice(0, arrived));
          expectEverySplitAddsUp(partial, period);
          expect(listAnomalies(partial).every(({ grams }) => grams >= 0n)).toBe(true);
          const complete = applyFacts(partial, order.slice(arrived));
          expect(listAnomalies(complete)).toEqual([]);
        }),
        { numRuns: 150 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
