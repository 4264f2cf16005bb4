import { sumGrams } from '@vezel/grams';
import {
  listHeldLots,
  type ItemsDonated,
  type ItemsSold,
  type LotReceivedAtStore,
  type LotReturned,
  type StoreStock,
} from '../../domain/index.ts';

// The JSON resources of the retail API, with explicit key order (a replayed result comes back from jsonb, which
// does not keep it). Grams and cents stay bigints here; the app's JSON replacer writes them as numbers.

/** A receipt as `POST /v1/retail/receipts` and `GET /v1/retail/receipts/{receiptId}` answer. */
export function receiptJson(receipt: LotReceivedAtStore): Record<string, unknown> {
  return {
    receiptId: receipt.receiptId,
    lotId: receipt.lotId,
    storeId: receipt.storeId,
    grams: receipt.grams,
    receivedAt: receipt.receivedAt.toISOString(),
    ...(receipt.deliveryId === undefined ? {} : { deliveryId: receipt.deliveryId }),
  };
}

/** A sale. */
export function saleJson(sale: ItemsSold): Record<string, unknown> {
  return {
    saleId: sale.saleId,
    storeId: sale.storeId,
    lotId: sale.lotId,
    grams: sale.grams,
    items: sale.items,
    ...(sale.revenueCents === undefined ? {} : { revenueCents: sale.revenueCents }),
    soldAt: sale.soldAt.toISOString(),
  };
}

/** A donation. */
export function donationJson(donation: ItemsDonated): Record<string, unknown> {
  return {
    donationId: donation.donationId,
    storeId: donation.storeId,
    lotId: donation.lotId,
    grams: donation.grams,
    programme: donation.programme,
    donatedAt: donation.donatedAt.toISOString(),
  };
}

/** A return. */
export function returnJson(lotReturn: LotReturned): Record<string, unknown> {
  return {
    returnId: lotReturn.returnId,
    storeId: lotReturn.storeId,
    lotId: lotReturn.lotId,
    grams: lotReturn.grams,
    destination: { kind: lotReturn.destination.kind, id: lotReturn.destination.id },
    returnedAt: lotReturn.returnedAt.toISOString(),
  };
}

/** What a store holds, as `GET /v1/retail/stores/{storeId}/stock` answers: lots with grams > 0, and their total. */
export function storeStockJson(storeId: string, stock: StoreStock): Record<string, unknown> {
  const lots = listHeldLots(stock);
  return {
    storeId,
    grams: sumGrams(lots.map((line) => line.grams)),
    lots: lots.map((line) => ({ lotId: line.lotId, grams: line.grams })),
  };
}
