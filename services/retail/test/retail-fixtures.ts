import type { Grams } from '@vezel/grams';
import type {
  DonateItems,
  ItemsDonated,
  ItemsSold,
  LotReceivedAtStore,
  LotReturned,
  ReceiveLotAtStore,
  ReturnLot,
  SellItems,
} from '../src/domain/index.ts';

// Fixture builders: each gives a valid command or event for store S-DEVENTER-01 and lot L-2026-000001, so a
// test spells out only what its rule is about.

export const STORE = 'S-DEVENTER-01';
export const LOT = 'L-2026-000001';

const at = (iso: string): Date => new Date(iso);

/** A valid receipt command (1 000 g of LOT at STORE). */
export function aReceipt(overrides: Partial<ReceiveLotAtStore> = {}): ReceiveLotAtStore {
  return {
    type: 'ReceiveLotAtStore',
    receiptId: 'R-1',
    lotId: LOT,
    storeId: STORE,
    grams: 1_000n,
    receivedAt: at('2026-03-02T09:00:00+01:00'),
    ...overrides,
  };
}

/** A valid sale command (400 g, 3 items). */
export function aSale(overrides: Partial<SellItems> = {}): SellItems {
  return {
    type: 'SellItems',
    saleId: 'SALE-1',
    storeId: STORE,
    lotId: LOT,
    grams: 400n,
    items: 3,
    soldAt: at('2026-03-03T14:30:00+01:00'),
    ...overrides,
  };
}

/** A valid donation command (250 g to a clothing bank). */
export function aDonation(overrides: Partial<DonateItems> = {}): DonateItems {
  return {
    type: 'DonateItems',
    donationId: 'DON-1',
    storeId: STORE,
    lotId: LOT,
    grams: 250n,
    programme: 'Kledingbank Deventer',
    donatedAt: at('2026-03-04T11:00:00+01:00'),
    ...overrides,
  };
}

/** A valid return command (300 g back to centre C-DEVENTER). */
export function aReturn(overrides: Partial<ReturnLot> = {}): ReturnLot {
  return {
    type: 'ReturnLot',
    returnId: 'RET-1',
    storeId: STORE,
    lotId: LOT,
    grams: 300n,
    destination: { kind: 'centre', id: 'C-DEVENTER' },
    returnedAt: at('2026-03-05T16:00:00+01:00'),
    ...overrides,
  };
}

/** The event of {@link aReceipt} with the same overrides. */
export function aLotReceivedAtStore(overrides: Partial<LotReceivedAtStore> = {}): LotReceivedAtStore {
  const { type: _type, grams, deliveryId, ...rest } = aReceipt();
  return {
    type: 'LotReceivedAtStore',
    ...rest,
    ...(deliveryId === undefined ? {} : { deliveryId }),
    grams: grams as Grams,
    ...overrides,
  };
}

/** The event of {@link aSale} with the same overrides. */
export function anItemsSold(overrides: Partial<ItemsSold> = {}): ItemsSold {
  const { type: _type, grams, revenueCents, ...rest } = aSale();
  return {
    type: 'ItemsSold',
    ...rest,
    ...(revenueCents === undefined ? {} : { revenueCents }),
    grams: grams as Grams,
    ...overrides,
  };
}

/** The event of {@link aDonation} with the same overrides. */
export function anItemsDonated(overrides: Partial<ItemsDonated> = {}): ItemsDonated {
  const { type: _type, grams, ...rest } = aDonation();
  return { type: 'ItemsDonated', ...rest, grams: grams as Grams, ...overrides };
}

/** The event of {@link aReturn} with the same overrides. */
export function aLotReturned(overrides: Partial<LotReturned> = {}): LotReturned {
  return {
    type: 'LotReturned',
    returnId: 'RET-1',
    storeId: STORE,
    lotId: LOT,
    grams: 300n as Grams,
    destination: { kind: 'centre', id: 'C-DEVENTER' },
    returnedAt: at('2026-03-05T16:00:00+01:00'),
    ...overrides,
  };
}

/** Grams literal for event fixtures (`g(400)`), without spelling the brand cast each time. */
export function g(value: number | bigint): Grams {
  return BigInt(value) as Grams;
}
