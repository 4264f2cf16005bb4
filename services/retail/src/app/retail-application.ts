import type { Db } from '@vezel/db';
import { ConflictError, isDomainError, NotFoundError } from '@vezel/errors';
import { executeCommand, type CommandOutcome, type ExecuteCommandOptions, type RetryPolicy } from '@vezel/service-kit';
import {
  initialStoreStock,
  requireId,
  type ItemsDonated,
  type ItemsSold,
  type LotReceivedAtStore,
  type LotReturned,
  type StoreStock,
} from '../domain/index.ts';
import { donateItemsCommand, type DonateItemsInput } from './donate-items.ts';
import { identifyReceipt } from './receipt-identity.ts';
import { receiveLotAtStoreCommand, type ReceiveLotAtStoreRequest } from './receive-lot-at-store.ts';
import type { RetailRecords, RetailStores, ToOutboxMessage } from './retail-ports.ts';
import { returnLotCommand, type ReturnLotInput } from './return-lot.ts';
import { sellItemsCommand, type SellItemsInput } from './sell-items.ts';

/** The retail service's use cases; HTTP and gRPC both call these, so both behave identically. */
export interface RetailApplication {
  /** Records a receipt; without a `receiptId` its id is derived (see `identifyReceipt`) and returned. */
  receiveLotAtStore(request: ReceiveLotAtStoreRequest): Promise<CommandOutcome<LotReceivedAtStore>>;
  sellItems(input: SellItemsInput): Promise<CommandOutcome<ItemsSold>>;
  donateItems(input: DonateItemsInput): Promise<CommandOutcome<ItemsDonated>>;
  returnLot(input: ReturnLotInput): Promise<CommandOutcome<LotReturned>>;
  /** The receipt; `NotFoundError` naming `receiptId` when there is none. */
  getReceipt(receiptId: string): Promise<LotReceivedAtStore>;
  /** The sale; `NotFoundError` naming `saleId` when there is none. */
  getSale(saleId: string): Promise<ItemsSold>;
  /** The donation; `NotFoundError` naming `donationId` when there is none. */
  getDonation(donationId: string): Promise<ItemsDonated>;
  /** The return; `NotFoundError` naming `returnId` when there is none. */
  getReturn(returnId: string): Promise<LotReturned>;
  /** What a store holds; a store that never received anything holds nothing (not an error). */
  getStoreStock(storeId: string): Promise<StoreStock>;
}

/** What the application needs from the outside. */
export interface RetailApplicationDependencies {
  readonly db: Db;
  readonly stores: RetailStores;
  readonly records: RetailRecords;
  readonly toMessage: ToOutboxMessage;
  readonly clock?: () => Date;
  readonly retry?: RetryPolicy;
}

/** Wires the command definitions to `executeCommand` and the stores and records to the queries. */
export function createRetailApplication(dependencies: RetailApplicationDependencies): RetailApplication {
  const { db, stores, records, toMessage } = dependencies;
  const options: ExecuteCommandOptions = {
    ...(dependencies.clock === undefined ? {} : { clock: dependencies.clock }),
    ...(dependencies.retry === undefined ? {} : { retry: dependencies.retry }),
  };
  const receiveLotAtStore = receiveLotAtStoreCommand(stores, toMessage);
  const sellItems = sellItemsCommand(stores, toMessage);
  const donateItems = donateItemsCommand(stores, toMessage);
  const returnLot = returnLotCommand(stores, toMessage);

  /** The fact `find` returns, or a `NotFoundError` naming `field`. */
  async function found<Fact>(
    field: string,
    id: string,
    what: string,
    find: (id: string) => Promise<Fact | undefined>,
  ): Promise<Fact> {
    requireId(id, field);
    const fact = await find(id);
    if (fact === undefined) throw new NotFoundError(`there is no ${what} ${id}`, { field, details: { [field]: id } });
    return fact;
  }

  return {
    async receiveLotAtStore(request) {
      const identity = identifyReceipt(request);
      try {
        return await executeCommand(db, receiveLotAtStore, { ...request, receiptId: identity.receiptId }, options);
      } catch (error) {
        // The kit's 409 names the id field it keyed on; a client that sent no receiptId reused a delivery instead.
        if (identity.source === 'deliveryId' && isDomainError(error) && error.kind === 'Conflict') {
          throw new ConflictError(
            `delivery ${request.deliveryId} was already received (receipt ${identity.receiptId}) with other figures; ` +
              'a delivery is closed by one receipt: repeat that receipt exactly, or give a new one its own receiptId',
            {
              field: 'deliveryId',
              details: { deliveryId: request.deliveryId, receiptId: identity.receiptId },
              cause: error,
            },
          );
        }
        throw error;
      }
    },
    sellItems: (input) => executeCommand(db, sellItems, input, options),
    donateItems: (input) => executeCommand(db, donateItems, input, options),
    returnLot: (input) => executeCommand(db, returnLot, input, options),
    getReceipt: (receiptId) => found('receiptId', receiptId, 'receipt', (id) => records.findReceipt(db, id)),
    getSale: (saleId) => found('saleId', saleId, 'sale', (id) => records.findSale(db, id)),
    getDonation: (donationId) => found('donationId', donationId, 'donation', (id) => records.findDonation(db, id)),
    getReturn: (returnId) => found('returnId', returnId, 'return', (id) => records.findReturn(db, id)),
    async getStoreStock(storeId) {
      requireId(storeId, 'storeId');
      return (await stores.stocks.load(db, storeId))?.state ?? initialStoreStock();
    },
  };
}
