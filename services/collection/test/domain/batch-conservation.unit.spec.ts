import { MassNotConservedError } from '@vezel/errors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchDecider, unshippedGrams, type BatchState } from '../../src/domain/batch-decider.ts';
import { aBatchCollected, aShipBatch, g } from '../collection-builders.ts';

describe('grams of a batch are conserved', () => {
  it('shipped plus unshipped always equals collected, never negative, whatever shipments are attempted', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 50_000_000n }),
        fc.array(fc.bigInt({ min: 1n, max: 20_000_000n }), { maxLength: 30 }),
        (collected, attempts) => {
          let state: BatchState = batchDecider.evolve(
            batchDecider.initialState(),
            aBatchCollected({ grams: g(collected) }),
          );
          attempts.forEach((grams, index) => {
            if (state.status !== 'collected') throw new Error('batch vanished');
            const before = state;
            const command = aShipBatch({ shipmentId: `S-${index}`, grams: g(grams) });
            let events;
            try {
              events = batchDecider.decide(command, state);
            } catch (error) {
              // A rejected shipment asks for more than is left, and changes nothing.
              expect(error).toBeInstanceOf(MassNotConservedError);
              expect(grams).toBeGreaterThan(unshippedGrams(before));
              return;
            }
            state = events.reduce(batchDecider.evolve, state);
            if (state.status !== 'collected') throw new Error('batch vanished');
            const shippedSum = state.shipments.reduce((sum, shipment) => sum + shipment.grams, 0n);
            expect(state.shippedGrams).toBe(shippedSum);
            expect(state.shippedGrams + unshippedGrams(state)).toBe(collected);
            expect(unshippedGrams(state)).toBeGreaterThanOrEqual(0n);
          });
        },
      ),
    );
  });

  it('lets a batch be shipped to the last gram and not one gram more', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 1n, max: 1_000_000n }), { minLength: 1, maxLength: 20 }), (parts) => {
        const collected = parts.reduce((sum, part) => sum + part, 0n);
        let state: BatchState = batchDecider.evolve(
          batchDecider.initialState(),
          aBatchCollected({ grams: g(collected) }),
        );
        parts.forEach((grams, index) => {
          const events = batchDecider.decide(aShipBatch({ shipmentId: `S-${index}`, grams: g(grams) }), state);
          state = events.reduce(batchDecider.evolve, state);
        });
        if (state.status !== 'collected') throw new Error('batch vanished');
        expect(unshippedGrams(state)).toBe(0n);
        expect(() => batchDecider.decide(aShipBatch({ shipmentId: 'S-extra', grams: g(1) }), state)).toThrow(
          MassNotConservedError,
        );
      }),
    );
  });
});
