import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accountNode,
  applyFacts,
  bookFitsFacts,
  booksOfNodes,
  containerKeyOf,
  cycleAnomaliesIn,
  downstreamReadersFrom,
  EMPTY_LEDGER,
  factAnomaliesIn,
  factIdsOfBook,
  factsUnder,
  firstCentreOf,
  forwardSharesIn,
  fractionOutcomesOf,
  listAnomalies,
  nodeIdsIn,
  nodeKeyOf,
  traceBackward,
  traceForward,
  traceNodesForward,
  withNodeBooks,
  type Anomaly,
  type LedgerFact,
  type LedgerState,
  type NodeBook,
} from '../../src/domain/index.ts';
import { chainArbitrary } from './random-chain.ts';

/** What a figure refresh writes for batches: traces, fraction outcomes, the readers below them, their centre. */
function figuresOf(state: LedgerState, batchIds: readonly string[]): unknown {
  const shares = forwardSharesIn(state);
  const traces = traceNodesForward(state, batchIds, shares);
  return [...traces].map(([nodeId, trace]) => ({
    nodeId,
    trace,
    fractions: fractionOutcomesOf(nodeId, trace, shares),
    readers: [...downstreamReadersFrom(state, nodeId)].map(([id, readers]) => [id, [...readers].sort()]),
    centre: firstCentreOf(accountNode(state, nodeId)),
  }));
}

/**
 * The state a refresh or a query builds when the nodes of `booked` have current books and the others do not: the
 * others' own facts, the booked ones' books (written from `full`) and the facts the books name.
 */
function mixedStateOf(
  full: LedgerState,
  booked: ReadonlySet<string>,
): { readonly state: LedgerState; readonly books: ReadonlyMap<string, NodeBook> } {
  const books = booksOfNodes(full, booked);
  const facts = new Map<string, LedgerFact>();
  for (const nodeId of nodeIdsIn(full)) {
    if (booked.has(nodeId)) continue;
    for (const fact of factsUnder(full, nodeKeyOf(nodeId))) facts.set(fact.eventId, fact);
  }
  for (const book of books.values()) {
    for (const eventId of factIdsOfBook(book)) facts.set(eventId, full.facts.get(eventId)!);
  }
  return { state: withNodeBooks(applyFacts(EMPTY_LEDGER, facts.values()), books), books };
}

/** Some of a chain's facts, in any order, with some of its nodes booked: late, missing and out-of-order facts. */
const arrivalsArbitrary = chainArbitrary.chain((chain) =>
  fc.record({
    chain: fc.constant(chain),
    arrived: fc.subarray([...chain.facts]),
    bookedOneIn: fc.integer({ min: 1, max: 3 }),
  }),
);

const byNode = (anomalies: readonly Anomaly[], nodeId: string): Set<Anomaly> =>
  new Set(anomalies.filter((anomaly) => anomaly.nodeId === nodeId));

describe('node books', () => {
  it('give the figures, traces and anomalies the facts give, for any facts and any nodes booked', () => {
    fc.assert(
      fc.property(arrivalsArbitrary, ({ chain, arrived, bookedOneIn }) => {
        const full = applyFacts(EMPTY_LEDGER, arrived);
        const nodeIds = nodeIdsIn(full);
        const booked = new Set(nodeIds.filter((_, index) => index % bookedOneIn === 0));
        const { state, books } = mixedStateOf(full, booked);
        for (const [nodeId, book] of books) expect(bookFitsFacts(state, nodeId, book)).toBe(true);

        expect(figuresOf(state, chain.batchIds)).toEqual(figuresOf(full, chain.batchIds));
        const all = listAnomalies(full);
        const fromFacts = factAnomaliesIn(state);
        const cycles = cycleAnomaliesIn(state);
        for (const nodeId of nodeIds) {
          const own = books.get(nodeId)?.anomalies ?? [...byNode(fromFacts, nodeId)];
          expect(new Set([...own, ...byNode(cycles, nodeId)])).toEqual(byNode(all, nodeId));
          if (accountNode(full, nodeId).creation === undefined) continue;
          expect(traceForward(state, { kind: 'node', nodeId })).toEqual(traceForward(full, { kind: 'node', nodeId }));
          expect(traceBackward(state, nodeId)).toEqual(traceBackward(full, nodeId));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('are written from the node’s own facts alone', () => {
    fc.assert(
      fc.property(arrivalsArbitrary, ({ arrived }) => {
        const full = applyFacts(EMPTY_LEDGER, arrived);
        for (const nodeId of nodeIdsIn(full)) {
          const own = applyFacts(EMPTY_LEDGER, [
            ...factsUnder(full, nodeKeyOf(nodeId)),
            ...factsUnder(full, containerKeyOf(nodeId)),
          ]);
          expect(booksOfNodes(own, [nodeId])).toEqual(booksOfNodes(full, [nodeId]));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('take the anomalies of the booked nodes alone, as the whole state lists them and in its order', () => {
    fc.assert(
      fc.property(arrivalsArbitrary, ({ arrived, bookedOneIn }) => {
        const full = applyFacts(EMPTY_LEDGER, arrived);
        const some = new Set(nodeIdsIn(full).filter((_, index) => index % bookedOneIn === 0));
        expect(factAnomaliesIn(full, some)).toEqual(
          factAnomaliesIn(full).filter((anomaly) => some.has(anomaly.nodeId)),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('do not fit facts a rival body replaced', () => {
    const chain = fc.sample(chainArbitrary, { numRuns: 1, seed: 7 })[0]!;
    const full = applyFacts(EMPTY_LEDGER, chain.facts);
    const run = [...full.facts.values()].find((fact) => fact.type === 'SortingRunCompleted')!;
    const lot = run.type === 'SortingRunCompleted' ? run.outputs[0]!.lotId : '';
    const book = booksOfNodes(full, [lot]).get(lot)!;
    expect(bookFitsFacts(full, lot, book)).toBe(true);
    // The body the core picks now names other lots.
    const rival = { ...run, outputs: run.outputs.map((output) => ({ ...output, lotId: `${output.lotId}-other` })) };
    const replaced = applyFacts(EMPTY_LEDGER, [...[...full.facts.values()].filter((fact) => fact !== run), rival]);
    expect(bookFitsFacts(replaced, lot, book)).toBe(false);
  });
});
