import { assertNever } from '@vezel/errors';
import { receiveGrams, takeGrams } from '@vezel/holder-stock';
import type { RetailEvent } from './retail-event.ts';
import type { StoreStock } from './store-stock.ts';

/**
 * Applies one accepted fact to a store's stock. A receipt adds grams; a sale, donation or return takes them. Pure
 * and total over events the decider produced; a history that would take more than was held is corrupt, and
 * `takeGrams` refuses it loudly rather than letting a negative stock exist.
 */
export function evolveStoreStock(stock: StoreStock, event: RetailEvent): StoreStock {
  switch (event.type) {
    case 'LotReceivedAtStore':
      return receiveGrams(stock, event.lotId, event.grams);
    case 'ItemsSold':
    case 'ItemsDonated':
    case 'LotReturned':
      return takeGrams(stock, event.lotId, event.grams);
    default:
      return assertNever(event, 'retail event');
  }
}
