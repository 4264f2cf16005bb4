import { describe, expect, it } from 'vitest';
import { InvalidInputError, MassNotConservedError, NotFoundError } from '@vezel/errors';
import { deciderSpecification } from '@vezel/testing';
import {
  evolveStoreStock,
  heldGramsOf,
  initialStoreStock,
  listHeldLots,
  stockLotsChangedBy,
  stockLotsReadBy,
  storeStockDecider,
  type RetailEvent,
} from '../src/domain/index.ts';
import {
  LOT,
  STORE,
  aDonation,
  aLotReceivedAtStore,
  aLotReturned,
  aReceipt,
  aReturn,
  aSale,
  anItemsDonated,
  anItemsSold,
  g,
} from './retail-fixtures.ts';

const spec = deciderSpecification(storeStockDecider);
const received1000 = aLotReceivedAtStore({ grams: g(1_000) });

function stockAfter(events: readonly RetailEvent[]) {
  return events.reduce(evolveStoreStock, initialStoreStock());
}

describe('receiving a lot at a store', () => {
  it('records the weighed grams as held by the store', () => {
    spec.given([]).when(aReceipt()).then([aLotReceivedAtStore()]);
  });

  it('keeps the delivery the receipt closes', () => {
    spec
      .given([])
      .when(aReceipt({ deliveryId: 'DISP-7' }))
      .then([aLotReceivedAtStore({ deliveryId: 'DISP-7' })]);
  });

  it('accepts a lot the store has already received, adding to what it holds', () => {
    spec
      .given([received1000])
      .when(aReceipt({ receiptId: 'R-2', grams: 500n }))
      .then([aLotReceivedAtStore({ receiptId: 'R-2', grams: g(500) })]);
    expect(heldGramsOf(stockAfter([received1000, aLotReceivedAtStore({ grams: g(500) })]), LOT)).toBe(1_500n);
  });

  it('does not check the receipt against what was dispatched (that fact belongs to sorting)', () => {
    spec
      .given([])
      .when(aReceipt({ grams: 9_000_000_000n }))
      .then([aLotReceivedAtStore({ grams: g(9_000_000_000) })]);
  });

  it.each([
    ['zero', 0n],
    ['negative', -5n],
  ])('rejects a receipt of %s grams, naming grams', (_, grams) => {
    spec.given([]).when(aReceipt({ grams })).thenThrows(InvalidInputError, { field: 'grams' });
  });

  it.each([
    ['receiptId', { receiptId: '' }],
    ['lotId', { lotId: '' }],
    ['storeId', { storeId: 'S'.repeat(129) }],
    ['deliveryId', { deliveryId: '' }],
    ['receivedAt', { receivedAt: new Date('not a time') }],
  ] as const)('rejects an impossible %s', (field, overrides) => {
    spec.given([]).when(aReceipt(overrides)).thenThrows(InvalidInputError, { field });
  });
});

describe('selling items', () => {
  it('records the sale of grams the store holds', () => {
    spec.given([received1000]).when(aSale()).then([anItemsSold()]);
  });

  it('keeps the revenue when the store shares it, including a free sale of 0 cents', () => {
    spec
      .given([received1000])
      .when(aSale({ revenueCents: 1_295n }))
      .then([anItemsSold({ revenueCents: 1_295n })]);
    spec
      .given([received1000])
      .when(aSale({ revenueCents: 0n }))
      .then([anItemsSold({ revenueCents: 0n })]);
  });

  it('may sell everything the store holds of the lot', () => {
    spec
      .given([received1000])
      .when(aSale({ grams: 1_000n }))
      .then([anItemsSold({ grams: g(1_000) })]);
  });

  it('rejects a sale of more grams than the store holds of the lot, naming grams', () => {
    spec
      .given([received1000])
      .when(aSale({ grams: 1_001n }))
      .thenThrows(MassNotConservedError, { field: 'grams', message: /holds 1000 g/ });
  });

  it('reports what was held and what was asked for', () => {
    const decide = () => storeStockDecider.decide(aSale({ grams: 1_001n }), stockAfter([received1000]));
    expect(decide).toThrow(
      expect.objectContaining({ details: { storeId: STORE, lotId: LOT, heldGrams: 1_000n, requestedGrams: 1_001n } }),
    );
  });

  it('rejects the second of two sales racing for the last grams once the first is recorded', () => {
    const first = aSale({ saleId: 'SALE-A', grams: 700n });
    const second = aSale({ saleId: 'SALE-B', grams: 700n });
    const fromSameStock = stockAfter([received1000]);
    // Both would pass alone against the stock they read ...
    expect(storeStockDecider.decide(first, fromSameStock)).toHaveLength(1);
    expect(storeStockDecider.decide(second, fromSameStock)).toHaveLength(1);
    // ... but once the first is recorded, the retried second is decided against the new stock and loses.
    spec
      .given([received1000, anItemsSold({ saleId: 'SALE-A', grams: g(700) })])
      .when(second)
      .thenThrows(MassNotConservedError, { field: 'grams' });
  });

  it('rejects a sale from a lot the store has never received, naming lotId', () => {
    spec
      .given([received1000])
      .when(aSale({ lotId: 'L-OTHER' }))
      .thenThrows(NotFoundError, { field: 'lotId' });
  });

  it('rejects a sale from a lot received elsewhere only (another store) as never received here', () => {
    spec.given([]).when(aSale()).thenThrows(NotFoundError, { field: 'lotId' });
  });

  it('rejects a sale from a sold-out lot as a mass error, not as an unknown lot', () => {
    spec
      .given([received1000, anItemsSold({ grams: g(1_000) })])
      .when(aSale({ saleId: 'SALE-2', grams: 1n }))
      .thenThrows(MassNotConservedError, { field: 'grams', message: /holds 0 g/ });
  });

  it.each([
    ['items', { items: 0 }],
    ['items', { items: 1.5 }],
    ['revenueCents', { revenueCents: -1n }],
    ['grams', { grams: 0n }],
    ['saleId', { saleId: '' }],
    ['soldAt', { soldAt: new Date(Number.NaN) }],
  ] as const)('rejects an impossible %s', (field, overrides) => {
    spec.given([received1000]).when(aSale(overrides)).thenThrows(InvalidInputError, { field });
  });

  it('checks the command before the stock: zero grams of an unknown lot blames grams', () => {
    spec
      .given([])
      .when(aSale({ grams: 0n }))
      .thenThrows(InvalidInputError, { field: 'grams' });
  });
});

describe('donating items', () => {
  it('records the donation of grams the store holds', () => {
    spec.given([received1000]).when(aDonation()).then([anItemsDonated()]);
  });

  it('rejects a donation of more grams than the store holds of the lot, naming grams', () => {
    spec
      .given([received1000, anItemsSold({ grams: g(900) })])
      .when(aDonation({ grams: 101n }))
      .thenThrows(MassNotConservedError, { field: 'grams' });
  });

  it('rejects a donation from a lot the store has never received, naming lotId', () => {
    spec.given([]).when(aDonation()).thenThrows(NotFoundError, { field: 'lotId' });
  });

  it.each(['', '   '])('rejects a donation without a programme (%j)', (programme) => {
    spec.given([received1000]).when(aDonation({ programme })).thenThrows(InvalidInputError, { field: 'programme' });
  });

  it('rejects a donation of zero grams', () => {
    spec
      .given([received1000])
      .when(aDonation({ grams: 0n }))
      .thenThrows(InvalidInputError, { field: 'grams' });
  });
});

describe('returning a lot', () => {
  it('records unsold grams going back to a sorting centre', () => {
    spec.given([received1000]).when(aReturn()).then([aLotReturned()]);
  });

  it('records unsold grams going on to a processor', () => {
    const destination = { kind: 'processor', id: 'P-FRANKENHUIS' } as const;
    spec
      .given([received1000])
      .when(aReturn({ destination }))
      .then([aLotReturned({ destination })]);
  });

  it.each(['exporter', 'disposal', 'store'])('rejects a return to a %s, naming destination.kind', (kind) => {
    spec
      .given([received1000])
      .when(aReturn({ destination: { kind, id: 'X-1' } }))
      .thenThrows(InvalidInputError, { field: 'destination.kind' });
  });

  it('rejects a destination kind outside the vocabulary', () => {
    const destination = { kind: 'warehouse', id: 'W-1' };
    spec
      .given([received1000])
      .when(aReturn({ destination }))
      .thenThrows(InvalidInputError, { field: 'destination.kind' });
  });

  it('rejects a return without a destination id, naming destination.id', () => {
    spec
      .given([received1000])
      .when(aReturn({ destination: { kind: 'centre', id: '' } }))
      .thenThrows(InvalidInputError, { field: 'destination.id' });
  });

  it('rejects a return without a destination at all', () => {
    const command = { ...aReturn(), destination: undefined as unknown as ReturnType<typeof aReturn>['destination'] };
    spec.given([received1000]).when(command).thenThrows(InvalidInputError, { field: 'destination' });
  });

  it('rejects a return of more grams than the store holds of the lot, naming grams', () => {
    spec
      .given([received1000, anItemsDonated({ grams: g(800) })])
      .when(aReturn({ grams: 201n }))
      .thenThrows(MassNotConservedError, { field: 'grams' });
  });

  it('rejects a return of a lot the store has never received, naming lotId', () => {
    spec.given([]).when(aReturn()).thenThrows(NotFoundError, { field: 'lotId' });
  });
});

describe('what a store holds', () => {
  it('is what it received minus what it sold, donated and returned, per lot', () => {
    const stock = stockAfter([
      received1000,
      aLotReceivedAtStore({ receiptId: 'R-2', lotId: 'L-B', grams: g(50) }),
      anItemsSold({ grams: g(400) }),
      anItemsDonated({ grams: g(250) }),
      aLotReturned({ grams: g(300) }),
    ]);
    expect(heldGramsOf(stock, LOT)).toBe(50n);
    expect(heldGramsOf(stock, 'L-B')).toBe(50n);
  });

  it('lists only lots with grams left, by lot id', () => {
    const stock = stockAfter([
      aLotReceivedAtStore({ lotId: 'L-C', grams: g(3) }),
      aLotReceivedAtStore({ lotId: 'L-A', grams: g(1) }),
      aLotReceivedAtStore({ lotId: 'L-B', grams: g(2) }),
      anItemsSold({ lotId: 'L-B', grams: g(2) }),
    ]);
    expect(listHeldLots(stock)).toEqual([
      { lotId: 'L-A', grams: 1n },
      { lotId: 'L-C', grams: 3n },
    ]);
  });

  it('treats lot ids that are names of Object.prototype members as ordinary lots', () => {
    spec
      .given([])
      .when(aSale({ lotId: 'constructor' }))
      .thenThrows(NotFoundError, { field: 'lotId' });
    const proto = aLotReceivedAtStore({ lotId: '__proto__', grams: g(10) });
    spec
      .given([proto])
      .when(aSale({ lotId: '__proto__', grams: 10n }))
      .then([anItemsSold({ lotId: '__proto__', grams: g(10) })]);
    expect(listHeldLots(stockAfter([proto]))).toEqual([{ lotId: '__proto__', grams: 10n }]);
  });

  it('is plain data that survives a structured clone unchanged', () => {
    const stock = stockAfter([received1000, anItemsSold()]);
    expect(structuredClone(stock)).toEqual(stock);
  });

  it('refuses to evolve a corrupt history that takes more than was held', () => {
    expect(() => stockAfter([received1000, anItemsSold({ grams: g(1_001) })])).toThrow(RangeError);
  });
});

describe('what a repository loads and writes back', () => {
  it('reads and changes only the lot a command names', () => {
    for (const command of [aReceipt(), aSale(), aDonation(), aReturn()]) {
      expect(stockLotsReadBy(command)).toEqual([LOT]);
    }
    for (const event of [aLotReceivedAtStore(), anItemsSold(), anItemsDonated(), aLotReturned()]) {
      expect(stockLotsChangedBy(event)).toEqual([LOT]);
    }
  });
});
