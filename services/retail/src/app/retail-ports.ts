import type { Queryable } from '@vezel/db';
import type { AggregateStore, EventToMessage, ApplicationDependencies } from '@vezel/service-kit';
import type {
  ItemsDonated,
  ItemsSold,
  LotReceivedAtStore,
  LotReturned,
  RetailEvent,
  StoreStock,
} from '../domain/index.ts';

/** Where a store's stock is kept (the postgres adapter implements it); parts are lot ids (`stockLotsReadBy`). */
export interface RetailStores {
  readonly stocks: AggregateStore<StoreStock, RetailEvent>;
}

/**
 * The recorded facts, by their own ids, for the GETs. Receipts, sales, donations and returns are immutable, so
 * each is read back as the event that recorded it. `undefined`: no such fact.
 */
export interface RetailRecords {
  findReceipt(queryable: Queryable, receiptId: string): Promise<LotReceivedAtStore | undefined>;
  findSale(queryable: Queryable, saleId: string): Promise<ItemsSold | undefined>;
  findDonation(queryable: Queryable, donationId: string): Promise<ItemsDonated | undefined>;
  findReturn(queryable: Queryable, returnId: string): Promise<LotReturned | undefined>;
}

/** How a domain event goes on the wire (the protobuf adapter implements it). */
export type ToOutboxMessage = EventToMessage<RetailEvent>;

/** What the application needs from the outside: these ports, a database and the runner's options. */
export interface RetailApplicationDependencies extends ApplicationDependencies<RetailStores, RetailEvent> {
  readonly records: RetailRecords;
}
