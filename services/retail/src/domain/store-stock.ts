import type { Grams } from '@vezel/grams';
import { emptyHolderStock, listHeldNodes, type HolderStock } from '@vezel/holder-stock';

/**
 * What one store holds: grams per lot, the chain's shared holder-stock model under the store's name. This is the
 * retail aggregate; the app layer loads it by the command's `storeId`, so it does not repeat the store's id.
 */
export type StoreStock = HolderStock;

/** One line of a store's stock, as `GET stores/{storeId}/stock` lists it. */
export interface HeldLot {
  readonly lotId: string;
  readonly grams: Grams;
}

/** The stock of a store that has received nothing yet. */
export const initialStoreStock: () => StoreStock = emptyHolderStock;

/** The lots the store holds grams of, by lot id (code-unit order). */
export function listHeldLots(stock: StoreStock): readonly HeldLot[] {
  return listHeldNodes(stock).map(({ nodeId, grams }) => ({ lotId: nodeId, grams }));
}
