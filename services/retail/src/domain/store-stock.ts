import { ZERO_GRAMS, type Grams } from '@vezel/grams';

/**
 * What one store holds: grams per lot. This is the retail aggregate; the app layer loads it by the command's
 * `storeId`, so it does not repeat the store's id.
 *
 * Plain data (a record of bigint grams, no classes, no Maps) so that it can be stored as rows
 * `(store_id, lot_id, grams)` or as one document. A lot keeps its entry at 0 g once it is sold out, so "never
 * received here" (the command names the wrong lot) and "none left" (the store ran out) stay distinct errors.
 * Build one from stored rows with `Object.fromEntries`, which is safe for any lot id.
 */
export interface StoreStock {
  /** Grams held per lot id, for every lot this store has ever received. */
  readonly heldGrams: Readonly<Record<string, Grams>>;
}

/** One line of a store's stock. */
export interface HeldLot {
  readonly lotId: string;
  readonly grams: Grams;
}

/** The stock of a store that has received nothing yet. */
export function initialStoreStock(): StoreStock {
  return { heldGrams: {} };
}

/** Whether the store has ever received grams of `lotId`. */
export function hasReceivedLot(stock: StoreStock, lotId: string): boolean {
  // Own properties only: a lot id such as `constructor` must not find Object.prototype's members.
  return Object.hasOwn(stock.heldGrams, lotId);
}

/** Grams of `lotId` the store holds now (0 g for a lot it never received). */
export function heldGramsOf(stock: StoreStock, lotId: string): Grams {
  return hasReceivedLot(stock, lotId) ? stock.heldGrams[lotId]! : ZERO_GRAMS;
}

/** The lots the store holds grams of, by lot id (code-unit order, as `GET stores/{storeId}/stock` lists them). */
export function listHeldLots(stock: StoreStock): readonly HeldLot[] {
  return Object.entries(stock.heldGrams)
    .filter(([, grams]) => grams > 0n)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([lotId, grams]) => ({ lotId, grams }));
}
