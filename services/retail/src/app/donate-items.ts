import { onlyEvent, type CommandDefinition } from '@vezel/service-kit';
import {
  stockLotsReadBy,
  storeStockDecider,
  type DonateItems,
  type ItemsDonated,
  type RetailCommand,
  type RetailEvent,
  type StoreStock,
} from '../domain/index.ts';
import type { RetailStores, ToOutboxMessage } from './retail-ports.ts';

/** The validated request of `POST /v1/retail/donations` and `DonateItems`. */
export type DonateItemsInput = Omit<DonateItems, 'type'>;

/** Donating items from a lot: keyed by the donation id, decided (and serialised) by the store's stock. */
export function donateItemsCommand(
  stores: RetailStores,
  toMessage: ToOutboxMessage,
): CommandDefinition<DonateItemsInput, RetailCommand, RetailEvent, StoreStock, ItemsDonated> {
  return {
    type: 'retail.DonateItems',
    idField: 'donationId',
    aggregateId: (input) => input.storeId,
    store: stores.stocks,
    decider: storeStockDecider,
    toCommand: (input) => ({ type: 'DonateItems', ...input }),
    partsReadBy: stockLotsReadBy,
    toMessage,
    toResult: (events) => onlyEvent(events, 'ItemsDonated'),
  };
}
