// JSON request bodies for the HTTP tests: a valid command for store S-DEV-01 (times in Dutch winter time), with
// only what a test is about overridden.

export const STORE = 'S-DEV-01';

/** `POST /v1/retail/receipts` of 1 000 g of `lotId`. */
export function aReceiptBody(lotId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { lotId, storeId: STORE, grams: 1_000, receivedAt: '2026-03-02T09:00:00+01:00', ...overrides };
}

/** `POST /v1/retail/sales` of 400 g (3 items) of `lotId`. */
export function aSaleBody(
  saleId: string,
  lotId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    saleId,
    storeId: STORE,
    lotId,
    grams: 400,
    items: 3,
    revenueCents: 2_450,
    soldAt: '2026-03-03T14:30:00+01:00',
    ...overrides,
  };
}

/** `POST /v1/retail/donations` of 250 g of `lotId` to a clothing bank. */
export function aDonationBody(
  donationId: string,
  lotId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    donationId,
    storeId: STORE,
    lotId,
    grams: 250,
    programme: 'Kledingbank Deventer',
    donatedAt: '2026-03-04T11:00:00+01:00',
    ...overrides,
  };
}

/** `POST /v1/retail/returns` of 300 g of `lotId` back to centre SC-DEVENTER. */
export function aReturnBody(
  returnId: string,
  lotId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    returnId,
    storeId: STORE,
    lotId,
    grams: 300,
    destination: { kind: 'centre', id: 'SC-DEVENTER' },
    returnedAt: '2026-03-05T16:00:00+01:00',
    ...overrides,
  };
}
