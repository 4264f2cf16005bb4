import { decideStoreStock } from './decide-store-stock.ts';
import { evolveStoreStock } from './evolve-store-stock.ts';
import { initialStoreStock } from './store-stock.ts';

/**
 * The store-stock aggregate as one decider (`decide`, `evolve`, `initialState`): what the app layer's command
 * handler and the given/when/then tests drive.
 */
export const storeStockDecider = {
  decide: decideStoreStock,
  evolve: evolveStoreStock,
  initialState: initialStoreStock,
} as const;
