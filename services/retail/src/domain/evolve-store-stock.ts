import { addGrams, subtractGrams, type Grams } from '@vezel/grams';
import type { RetailEvent } from './retail-event.ts';
import { heldGramsOf, type StoreStock } from './store-stock.ts';

/**
 * Applies one accepted fact to a store's stock. A receipt adds grams; a sale, donation or return takes them. Pure
 * and total over events the decider produced; a history that would take more than was held is corrupt, and
 * `subtractGrams` refuses it loudly rather than letting a negative stock exist.
 */
export function evolveStoreStock(stock: StoreStock, event: RetailEvent): StoreStock {
  switch (event.type) {
    case 'LotReceivedAtStore':
      return withHeld(stock, event.lotId, addGrams(heldGramsOf(stock, event.lotId), event.grams));
    case 'ItemsSold':
    case 'ItemsDonated':
    case 'LotReturned':
      return withHeld(stock, event.lotId, subtractGrams(heldGramsOf(stock, event.lotId), event.grams));
    default: {
      const unknown: never = event;
      throw new TypeError(`unknown retail event ${String((unknown as { type?: unknown }).type)}`);
    }
  }
}

function withHeld(stock: StoreStock, lotId: string, grams: Grams): StoreStock {
  // A computed key defines an own property even for `__proto__`, so every lot id is stored as data.
  return { heldGrams: { ...stock.heldGrams, [lotId]: grams } };
}
