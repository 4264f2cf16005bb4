import { readJson } from '@vezel/rpc';
import { readReceiptBody } from '@vezel/service-kit';
import type { DonateItemsInput } from '../../app/donate-items.ts';
import type { ReceiveLotAtStoreRequest } from '../../app/receive-lot-at-store.ts';
import type { ReturnLotInput } from '../../app/return-lot.ts';
import type { SellItemsInput } from '../../app/sell-items.ts';
import { MAX_ID_LENGTH } from '../../domain/index.ts';
import { MAX_ITEMS, MAX_PROGRAMME_LENGTH } from '../edge-limits.ts';

// The JSON bodies of the retail commands (docs/domain.md is the contract). Types, presence and unknown fields are checked
// here, naming the field; the domain then checks the rules (ids, grams > 0, what the store holds, return kinds).

const id = { maxLength: MAX_ID_LENGTH } as const;

/** Longest destination kind read before the domain checks it against the vocabulary. */
const kind = { maxLength: 32 } as const;

/** The ids of a store's receipt: the lot it received, and the store. */
export const storeReceipt = { node: 'lotId', holder: 'storeId' } as const;

/** `POST /v1/retail/receipts`: `receiptId` is optional (see `identifyReceipt`). */
export function readReceiveLotAtStore(body: unknown): ReceiveLotAtStoreRequest {
  return readReceiptBody(body, storeReceipt, id);
}

/** `POST /v1/retail/sales`. */
export function readSellItems(body: unknown): SellItemsInput {
  return readJson(body, (input) => {
    const revenueCents = input.optionalInteger('revenueCents', { min: 0 });
    return {
      saleId: input.string('saleId', id),
      storeId: input.string('storeId', id),
      lotId: input.string('lotId', id),
      grams: input.grams('grams'),
      items: input.integer('items', { min: 1, max: MAX_ITEMS }),
      ...(revenueCents === undefined ? {} : { revenueCents: BigInt(revenueCents) }),
      soldAt: input.timestamp('soldAt'),
    };
  });
}

/** `POST /v1/retail/donations`. */
export function readDonateItems(body: unknown): DonateItemsInput {
  return readJson(body, (input) => ({
    donationId: input.string('donationId', id),
    storeId: input.string('storeId', id),
    lotId: input.string('lotId', id),
    grams: input.grams('grams'),
    programme: input.string('programme', { maxLength: MAX_PROGRAMME_LENGTH }),
    donatedAt: input.timestamp('donatedAt'),
  }));
}

/** `POST /v1/retail/returns`. */
export function readReturnLot(body: unknown): ReturnLotInput {
  return readJson(body, (input) => ({
    returnId: input.string('returnId', id),
    storeId: input.string('storeId', id),
    lotId: input.string('lotId', id),
    grams: input.grams('grams'),
    destination: input.object('destination', (destination) => ({
      kind: destination.string('kind', kind),
      id: destination.string('id', id),
    })),
    returnedAt: input.timestamp('returnedAt'),
  }));
}
