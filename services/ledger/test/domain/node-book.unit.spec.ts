import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accountNode,
  applyFacts,
  booksOfNodes,
  containerKeyOf,
  cycleAnomaliesIn,
  downstreamReadersFrom,
  EMPTY_LEDGER,
  factIdsOfBook,
  factsUnder,
  firstCentreOf,
  forwardSharesIn,
  fractionOutcomesOf,
  listAnomalies,
  nodeIdsIn,
  nodeKeyOf,
  traceNodesForward,
  withNodeBooks,
  type LedgerFact,
  type LedgerState,
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

/** Every node of `full` accounted for by its book, with only the facts the books name: what a refresh reads. */
function bookedStateOf(full: LedgerState): { state: LedgerState; books: ReturnType<typeof booksOfNodes> } {
  const books = booksOfNodes(full, nodeIdsIn(full));
  const facts = new Map<string, LedgerFact>();
  for (const book of books.values()) {
    for (const eventId of factIdsOfBook(book)) facts.set(eventId, full.facts.get(eventId)!);
  }
  return { state: withNodeBooks(applyFacts(EMPTY_LEDGER, facts.values()), books), books };
}

describe('node books', () => {
  it('give the figures and anomalies the facts give', () => {
    fc.assert(
      fc.property(chainArbitrary, (chain) => {
        const full = applyFacts(EMPTY_LEDGER, chain.facts);
        const { state, books } = bookedStateOf(full);
        expect(figuresOf(state, chain.batchIds)).toEqual(figuresOf(full, chain.batchIds));
        const cycles = cycleAnomaliesIn(state);
        for (const nodeId of nodeIdsIn(full)) {
          const fromBooks = [...books.get(nodeId)!.anomalies, ...cycles.filter((anomaly) => anomaly.nodeId === nodeId)];
          const fromFacts = listAnomalies(full).filter((anomaly) => anomaly.nodeId === nodeId);
          expect(new Set(fromBooks)).toEqual(new Set(fromFacts));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('are written from the node’s own facts alone', () => {
    fc.assert(
      fc.property(chainArbitrary, (chain) => {
        const full = applyFacts(EMPTY_LEDGER, chain.facts);
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
});
