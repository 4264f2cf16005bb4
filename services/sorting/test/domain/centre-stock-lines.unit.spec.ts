import { describe, expect, it } from 'vitest';
import {
  centreStockDecider,
  evolveCentreStock,
  heldGramsOf,
  initialCentreStock,
  hasHeld,
  listCentreStock,
  stockNodesChangedBy,
  stockNodesReadBy,
} from '../../src/domain/index.ts';
import {
  aDispatch,
  aLotDispatched,
  aNodeReceived,
  aReceipt,
  aSortingRun,
  aSortingRunCompleted,
  inGrams,
} from './sorting-fixtures.ts';

describe('centre stock lines', () => {
  it('lists what the centre holds by node id, leaving out what is used up', () => {
    const stock = [
      aNodeReceived({ nodeId: 'B-9', grams: inGrams(1_000) }),
      aNodeReceived(),
      aSortingRunCompleted(),
      aLotDispatched({ lotId: 'L-2', grams: inGrams(3_500) }),
    ].reduce(evolveCentreStock, initialCentreStock());
    expect(listCentreStock(stock)).toEqual([
      { nodeId: 'B-9', grams: 1_000n },
      { nodeId: 'L-1', grams: 6_000n },
    ]);
  });

  it('remembers a used-up node, so "all used" stays distinct from "never here"', () => {
    const stock = [aNodeReceived(), aSortingRunCompleted()].reduce(evolveCentreStock, initialCentreStock());
    expect(hasHeld(stock, 'B-2026-000123')).toBe(true);
    expect(heldGramsOf(stock, 'B-2026-000123')).toBe(0n);
    expect(hasHeld(stock, 'B-NEVER')).toBe(false);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'treats a node id %s like any other id',
    (nodeId) => {
      const empty = initialCentreStock();
      expect(hasHeld(empty, nodeId)).toBe(false);
      expect(heldGramsOf(empty, nodeId)).toBe(0n);
      const [received] = centreStockDecider.decide(aReceipt({ nodeId, grams: 250n }), empty);
      const stock = [received!, received!].reduce(evolveCentreStock, empty);
      expect(heldGramsOf(stock, nodeId)).toBe(500n);
      expect(listCentreStock(stock)).toEqual([{ nodeId, grams: 500n }]);
      expect(Object.getPrototypeOf(stock.heldGrams)).toBe(Object.prototype);
    },
  );

  it('names the stock lines each command reads and each event changes', () => {
    expect(stockNodesReadBy(aReceipt())).toEqual(['B-2026-000123']);
    expect(stockNodesReadBy(aSortingRun())).toEqual(['B-2026-000123', 'L-1', 'L-2']);
    expect(stockNodesReadBy(aDispatch())).toEqual(['L-1']);
    expect(stockNodesChangedBy(aNodeReceived())).toEqual(['B-2026-000123']);
    expect(stockNodesChangedBy(aSortingRunCompleted())).toEqual(['B-2026-000123', 'L-1', 'L-2']);
    expect(stockNodesChangedBy(aLotDispatched())).toEqual(['L-1']);
  });
});
