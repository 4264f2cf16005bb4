import { onlyEvent, type CommandDefinition, type ReceiptRequest } from '@vezel/service-kit';
import {
  stockLotsReadBy,
  storeStockDecider,
  type LotReceivedAtStore,
  type ReceiveLotAtStore,
  type RetailCommand,
  type RetailEvent,
  type StoreStock,
} from '../domain/index.ts';
import type { RetailStores, ToOutboxMessage } from './retail-ports.ts';

/**
 * The validated request of `POST /v1/retail/receipts` and `ReceiveLotAtStore`. docs/domain.md gives a receipt no id,
 * so `receiptId` may be left out; `identifyReceipt` then settles one before the command runs.
 */
export type ReceiveLotAtStoreRequest = ReceiptRequest<ReceiveLotAtStoreInput>;

/** A receipt request with its id settled: what is executed, hashed for idempotency and stored. */
export type ReceiveLotAtStoreInput = Omit<ReceiveLotAtStore, 'type'>;

/**
 * Receiving grams of a lot at a store: decided by the store's stock (only the lot's line is loaded), keyed by the
 * receipt id. The dispatch it closes is the sorting service's fact and is not checked here.
 */
export function receiveLotAtStoreCommand(
  stores: RetailStores,
  toMessage: ToOutboxMessage,
): CommandDefinition<ReceiveLotAtStoreInput, RetailCommand, RetailEvent, StoreStock, LotReceivedAtStore> {
  return {
    type: 'retail.ReceiveLotAtStore',
    idField: 'receiptId',
    aggregateId: (input) => input.storeId,
    store: stores.stocks,
    decider: storeStockDecider,
    toCommand: (input) => ({ type: 'ReceiveLotAtStore', ...input }),
    partsReadBy: stockLotsReadBy,
    toMessage,
    toResult: (events) => onlyEvent(events, 'LotReceivedAtStore'),
  };
}
