import { onlyEvent, type CommandDefinition } from '@vezel/service-kit';
import {
  stockLotsReadBy,
  storeStockDecider,
  type LotReturned,
  type RetailCommand,
  type RetailEvent,
  type ReturnLot,
  type StoreStock,
} from '../domain/index.ts';
import type { RetailStores, ToOutboxMessage } from './retail-ports.ts';

/** The validated request of `POST /v1/retail/returns` and `ReturnLot`. */
export type ReturnLotInput = Omit<ReturnLot, 'type'>;

/**
 * Returning unsold grams of a lot to a centre or a processor: keyed by the return id, decided (and serialised) by
 * the store's stock; the destination kind is the decider's to check.
 */
export function returnLotCommand(
  stores: RetailStores,
  toMessage: ToOutboxMessage,
): CommandDefinition<ReturnLotInput, RetailCommand, RetailEvent, StoreStock, LotReturned> {
  return {
    type: 'retail.ReturnLot',
    idField: 'returnId',
    aggregateId: (input) => input.storeId,
    store: stores.stocks,
    decider: storeStockDecider,
    toCommand: (input) => ({ type: 'ReturnLot', ...input }),
    partsReadBy: stockLotsReadBy,
    toMessage,
    toResult: (events) => onlyEvent(events, 'LotReturned'),
  };
}
