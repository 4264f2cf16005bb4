import { onlyEvent, type CommandDefinition } from '@vezel/service-kit';
import {
  stockLotsReadBy,
  storeStockDecider,
  type ItemsSold,
  type RetailCommand,
  type RetailEvent,
  type SellItems,
  type StoreStock,
} from '../domain/index.ts';
import type { RetailStores, ToOutboxMessage } from './retail-ports.ts';

/** The validated request of `POST /v1/retail/sales` and `SellItems`. */
export type SellItemsInput = Omit<SellItems, 'type'>;

/**
 * Selling items from a lot: keyed by the sale id, decided by the store's stock, so two sales racing for a lot's
 * last grams serialise on the store's version and the loser is decided again against what the winner left.
 */
export function sellItemsCommand(
  stores: RetailStores,
  toMessage: ToOutboxMessage,
): CommandDefinition<SellItemsInput, RetailCommand, RetailEvent, StoreStock, ItemsSold> {
  return {
    type: 'retail.SellItems',
    idField: 'saleId',
    aggregateId: (input) => input.storeId,
    store: stores.stocks,
    decider: storeStockDecider,
    toCommand: (input) => ({ type: 'SellItems', ...input }),
    partsReadBy: stockLotsReadBy,
    toMessage,
    toResult: (events) => onlyEvent(events, 'ItemsSold'),
  };
}
