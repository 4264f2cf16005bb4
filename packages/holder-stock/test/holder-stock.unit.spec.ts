import { MassNotConservedError, NotFoundError } from '@vezel/errors';
import { toGrams, type Grams } from '@vezel/grams';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptyHolderStock,
  hasHeld,
  heldGramsOf,
  listHeldNodes,
  receiveGrams,
  requireHeldGrams,
  requireRunInputsHeld,
  takeGrams,
  type HolderStock,
} from '../src/index.ts';

const store = { kind: 'store', id: 'S-1', idKey: 'storeId' };
const take = (nodeId: string, grams: Grams) => ({
  holder: store,
  node: { noun: 'lot', id: nodeId, idKey: 'lotId', field: 'lotId' },
  grams,
  gramsField: 'grams',
});

/** A random sequence of receipts and attempted takes over a few node ids, some of them hostile keys. */
const moves = fc.array(
  fc.record({
    kind: fc.constantFrom('receive', 'take'),
    nodeId: fc.constantFrom('L-1', 'L-2', '__proto__', 'constructor'),
    grams: fc.integer({ min: 1, max: 5_000 }),
  }),
  { maxLength: 60 },
);

describe('a holder’s stock', () => {
  it('conserves grams: what it holds is what it received minus what it let go, per node (property)', () => {
    fc.assert(
      fc.property(moves, (sequence) => {
        let stock: HolderStock = emptyHolderStock();
        const received = new Map<string, number>();
        const taken = new Map<string, number>();
        for (const move of sequence) {
          const grams = toGrams(move.grams);
          if (move.kind === 'receive') {
            stock = receiveGrams(stock, move.nodeId, grams);
            received.set(move.nodeId, (received.get(move.nodeId) ?? 0) + move.grams);
            continue;
          }
          // The rule a decider applies before an event exists; only what passes it is taken.
          try {
            requireHeldGrams(stock, take(move.nodeId, grams));
          } catch (error) {
            expect(error instanceof NotFoundError || error instanceof MassNotConservedError).toBe(true);
            continue;
          }
          stock = takeGrams(stock, move.nodeId, grams);
          taken.set(move.nodeId, (taken.get(move.nodeId) ?? 0) + move.grams);
        }
        for (const nodeId of ['L-1', 'L-2', '__proto__', 'constructor']) {
          const held = Number(heldGramsOf(stock, nodeId));
          expect(held).toBe((received.get(nodeId) ?? 0) - (taken.get(nodeId) ?? 0));
          expect(held).toBeGreaterThanOrEqual(0);
          expect(hasHeld(stock, nodeId)).toBe(received.has(nodeId));
        }
      }),
    );
  });

  it('never lets more go than it holds: the rule refuses, and a corrupt history cannot go negative', () => {
    const stock = receiveGrams(emptyHolderStock(), 'L-1', toGrams(1_000));
    expect(() => requireHeldGrams(stock, take('L-1', toGrams(1_000)))).not.toThrow();
    expect(() => requireHeldGrams(stock, take('L-1', toGrams(1_001)))).toThrow(
      expect.objectContaining({
        name: 'MassNotConservedError',
        field: 'grams',
        message: 'store S-1 holds 1000 g of lot L-1, cannot take 1001 g',
        details: { storeId: 'S-1', lotId: 'L-1', heldGrams: 1_000n, requestedGrams: 1_001n },
      }),
    );
    expect(() => takeGrams(stock, 'L-1', toGrams(1_001))).toThrow(RangeError);
  });

  it('tells a node it never held from one it has used up', () => {
    const usedUp = takeGrams(receiveGrams(emptyHolderStock(), 'L-1', toGrams(5)), 'L-1', toGrams(5));
    expect(() => requireHeldGrams(usedUp, take('L-2', toGrams(1)))).toThrow(
      expect.objectContaining({ name: 'NotFoundError', field: 'lotId', message: 'store S-1 has never held lot L-2' }),
    );
    expect(() => requireHeldGrams(usedUp, take('L-1', toGrams(1)))).toThrow(MassNotConservedError);
    expect(hasHeld(usedUp, 'L-1')).toBe(true);
    expect(listHeldNodes(usedUp)).toEqual([]);
  });

  it('lists what it holds by node id in code-unit order, leaving out what is used up', () => {
    let stock = emptyHolderStock();
    for (const [nodeId, grams] of [
      ['b', 2],
      ['B', 1],
      ['a', 3],
      ['z', 4],
    ] as const)
      stock = receiveGrams(stock, nodeId, toGrams(grams));
    stock = takeGrams(stock, 'z', toGrams(4));
    expect(listHeldNodes(stock)).toEqual([
      { nodeId: 'B', grams: 1n },
      { nodeId: 'a', grams: 3n },
      { nodeId: 'b', grams: 2n },
    ]);
  });

  it('checks a run’s inputs line by line, naming the line that takes too much or names a node never held', () => {
    const centre = { kind: 'centre', id: 'DEV', idKey: 'centreId' };
    const stock = receiveGrams(receiveGrams(emptyHolderStock(), 'B-1', toGrams(500)), 'B-2', toGrams(300));
    expect(() => requireRunInputsHeld(stock, centre, [{ nodeId: 'B-1', grams: toGrams(500) }])).not.toThrow();
    expect(() =>
      requireRunInputsHeld(stock, centre, [
        { nodeId: 'B-1', grams: toGrams(100) },
        { nodeId: 'B-2', grams: toGrams(301) },
      ]),
    ).toThrow(
      expect.objectContaining({
        field: 'inputs[1].grams',
        message: 'centre DEV holds 300 g of node B-2, cannot take 301 g',
        details: { centreId: 'DEV', nodeId: 'B-2', heldGrams: 300n, requestedGrams: 301n },
      }),
    );
    expect(() => requireRunInputsHeld(stock, centre, [{ nodeId: 'B-9', grams: toGrams(1) }])).toThrow(
      expect.objectContaining({ name: 'NotFoundError', field: 'inputs[0].nodeId' }),
    );
  });
});
