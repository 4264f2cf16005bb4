import { blameReusedDelivery, commandRunnerOf, requireRecordedFact, type CommandOutcome } from '@vezel/service-kit';
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
import type { RetailApplicationDependencies } from './retail-ports.ts';
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

/** Wires the command definitions to `executeCommand` and the stores and records to the queries. */
export function createRetailApplication(dependencies: RetailApplicationDependencies): RetailApplication {
  const { db, stores, records, toMessage } = dependencies;
  const run = commandRunnerOf(dependencies);
  const receiveLotAtStore = receiveLotAtStoreCommand(stores, toMessage);
  const sellItems = sellItemsCommand(stores, toMessage);
  const donateItems = donateItemsCommand(stores, toMessage);
  const returnLot = returnLotCommand(stores, toMessage);

  return {
    receiveLotAtStore(request) {
      const { receiptId, source } = identifyReceipt(request);
      const input = { ...request, receiptId };
      return blameReusedDelivery({ ...input, idFromDelivery: source === 'deliveryId' }, () =>
        run(receiveLotAtStore, input),
      );
    },
    sellItems: (input) => run(sellItems, input),
    donateItems: (input) => run(donateItems, input),
    returnLot: (input) => run(returnLot, input),
    getReceipt: (receiptId) =>
      requireRecordedFact('receiptId', receiptId, 'receipt', (id) => records.findReceipt(db, id)),
    getSale: (saleId) => requireRecordedFact('saleId', saleId, 'sale', (id) => records.findSale(db, id)),
    getDonation: (donationId) =>
      requireRecordedFact('donationId', donationId, 'donation', (id) => records.findDonation(db, id)),
    getReturn: (returnId) => requireRecordedFact('returnId', returnId, 'return', (id) => records.findReturn(db, id)),
    async getStoreStock(storeId) {
      requireId(storeId, 'storeId');
      return (await stores.stocks.load(db, storeId))?.state ?? initialStoreStock();
    },
  };
}
