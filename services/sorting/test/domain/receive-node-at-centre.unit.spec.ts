import { InvalidInputError } from '@vezel/errors';
import { deciderSpecification } from '@vezel/testing';
import { describe, expect, it } from 'vitest';
import { centreStockDecider, evolveCentreStock, heldGramsOf, initialCentreStock } from '../../src/domain/index.ts';
import { BATCH, MONDAY_MORNING, aNodeReceived, aReceipt, aSortingRunCompleted, inGrams } from './sorting-fixtures.ts';

const spec = deciderSpecification(centreStockDecider);

describe('receiving a node at a centre', () => {
  it('records the grams of a batch the centre received', () => {
    spec
      .given([])
      .when(aReceipt())
      .then([
        {
          type: 'NodeReceivedAtCentre',
          receiptId: 'R-1',
          nodeId: BATCH,
          centreId: 'C-DEVENTER',
          grams: inGrams(10_000),
          receivedAt: MONDAY_MORNING,
        },
      ]);
  });

  it('keeps the delivery the receipt closes', () => {
    spec
      .given([])
      .when(aReceipt({ deliveryId: 'SH-7' }))
      .then([aNodeReceived({ deliveryId: 'SH-7' })]);
  });

  it('accepts a node the chain has not seen, of any size: what was shipped is checked by the ledger, not here', () => {
    spec
      .given([])
      .when(aReceipt({ nodeId: 'B-NOBODY-SHIPPED', grams: 999_999_999n }))
      .then([aNodeReceived({ nodeId: 'B-NOBODY-SHIPPED', grams: inGrams(999_999_999) })]);
  });

  it('adds up several receipts of one batch (a batch may arrive in several shipments)', () => {
    const shipments = [
      aNodeReceived({ grams: inGrams(4_000) }),
      aNodeReceived({ receiptId: 'R-2', grams: inGrams(6_500) }),
    ];
    const stock = shipments.reduce(evolveCentreStock, initialCentreStock());
    expect(heldGramsOf(stock, BATCH)).toBe(10_500n);
  });

  it('adds a lot a store returned to what the centre still holds of it', () => {
    const returned = aNodeReceived({ receiptId: 'R-2', nodeId: 'L-1', grams: inGrams(800) });
    const stock = [aNodeReceived(), aSortingRunCompleted(), returned].reduce(evolveCentreStock, initialCentreStock());
    expect(heldGramsOf(stock, 'L-1')).toBe(6_800n);
  });

  it.each([
    ['zero grams', 0n],
    ['negative grams', -5n],
  ])('rejects a receipt of %s', (_case, grams) => {
    spec.given([]).when(aReceipt({ grams })).thenThrows(InvalidInputError, { field: 'grams' });
  });

  it.each(['receiptId', 'nodeId', 'centreId', 'deliveryId'] as const)('rejects an empty %s', (field) => {
    spec
      .given([])
      .when(aReceipt({ [field]: '' }))
      .thenThrows(InvalidInputError, { field });
  });

  it.each(['receiptId', 'nodeId', 'centreId', 'deliveryId'] as const)(
    'rejects a %s longer than 128 characters',
    (field) => {
      spec
        .given([])
        .when(aReceipt({ [field]: 'x'.repeat(129) }))
        .thenThrows(InvalidInputError, { field });
    },
  );

  it('accepts an id of exactly 128 characters', () => {
    const nodeId = 'x'.repeat(128);
    spec
      .given([])
      .when(aReceipt({ nodeId }))
      .then([aNodeReceived({ nodeId })]);
  });

  it('rejects a receipt time that is not an instant', () => {
    spec
      .given([])
      .when(aReceipt({ receivedAt: new Date('not a time') }))
      .thenThrows(InvalidInputError, { field: 'receivedAt' });
  });
});
