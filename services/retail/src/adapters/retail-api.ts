import { RetailService } from '@vezel/contracts';
import { COMMAND_IDEMPOTENCY, holderOf, operationsOf, type ServiceApi } from '@vezel/service-kit';
import type { RetailApplication } from '../app/retail-application.ts';
import {
  fromDonateItemsProto,
  fromReceiveLotAtStoreProto,
  fromReturnLotProto,
  fromSellItemsProto,
} from './grpc/retail-grpc-requests.ts';
import { donationJson, receiptJson, returnJson, saleJson, storeStockJson } from './http/retail-json.ts';
import { readDonateItems, readReceiveLotAtStore, readReturnLot, readSellItems } from './http/retail-requests.ts';
import { holding, receiptIdempotency, retailSchemas } from './http/retail-schemas.ts';
import {
  toItemsDonatedProto,
  toItemsSoldProto,
  toLotReceivedAtStoreProto,
  toLotReturnedProto,
  toStockLinesProto,
} from './protobuf/retail-protobuf.ts';

const { query, factCommand, receipt } = operationsOf<RetailApplication, typeof RetailService>();

export const retailApi: ServiceApi<RetailApplication, typeof RetailService> = {
  service: 'retail',
  version: '1.0.0',
  description:
    'Second-hand stores: lots received from sorting centres, items sold or donated from them, and unsold grams ' +
    'returned to a centre or sent on to a processor. Each store holds grams per lot; nobody sells, donates or ' +
    'returns more than the store holds. All quantities are integer grams.',
  operations: [
    ...receipt({
      id: 'receiveLotAtStore',
      summary: 'Record grams of a lot received at a store',
      description:
        "The store now holds the grams. What was dispatched is the sorting service's fact and is not checked here: " +
        `a receipt larger than its dispatch is reported by the ledger as an anomaly. ${receiptIdempotency}`,
      body: 'ReceiveLotAtStore',
      fromJson: readReceiveLotAtStore,
      fromProto: fromReceiveLotAtStoreProto,
      holder: holderOf.store,
      run: (application, input) => application.receiveLotAtStore(input),
      toJson: receiptJson,
      toEvent: toLotReceivedAtStoreProto,
      readBack: { id: 'getStoreReceipt', protoField: 'receipt' },
    }),
    ...factCommand({
      id: 'sellItems',
      collection: 'sales',
      parameter: 'saleId',
      summary: 'Record items sold from a lot (outcome reuse.sold)',
      description: `${holding} ${COMMAND_IDEMPOTENCY}`,
      body: 'SellItems',
      result: 'Sale',
      resultName: 'The sale',
      fromJson: readSellItems,
      fromProto: fromSellItemsProto,
      holder: holderOf.store,
      run: (application, input) => application.sellItems(input),
      toJson: saleJson,
      toEvent: toItemsSoldProto,
      readBack: {
        id: 'getSale',
        summary: 'Read a sale',
        read: (application, saleId) => application.getSale(saleId),
        protoField: 'sale',
      },
    }),
    ...factCommand({
      id: 'donateItems',
      collection: 'donations',
      parameter: 'donationId',
      summary: 'Record items given away from a lot (outcome reuse.donated)',
      description: `${holding} ${COMMAND_IDEMPOTENCY}`,
      body: 'DonateItems',
      result: 'Donation',
      resultName: 'The donation',
      fromJson: readDonateItems,
      fromProto: fromDonateItemsProto,
      holder: holderOf.store,
      run: (application, input) => application.donateItems(input),
      toJson: donationJson,
      toEvent: toItemsDonatedProto,
      readBack: {
        id: 'getDonation',
        summary: 'Read a donation',
        read: (application, donationId) => application.getDonation(donationId),
        protoField: 'donation',
      },
    }),
    ...factCommand({
      id: 'returnLot',
      collection: 'returns',
      parameter: 'returnId',
      summary: 'Send unsold grams of a lot back to a centre or on to a processor',
      description:
        'The grams are in transit to the destination until its receipt names this `returnId` as its `deliveryId`. ' +
        'A store returns only to a `centre` or a `processor` (400 naming `destination.kind` otherwise): exporting ' +
        `and disposing are decided by the centre or processor. ${holding} ${COMMAND_IDEMPOTENCY}`,
      body: 'ReturnLot',
      result: 'Return',
      resultName: 'The return',
      fromJson: readReturnLot,
      fromProto: fromReturnLotProto,
      holder: holderOf.store,
      run: (application, input) => application.returnLot(input),
      toJson: returnJson,
      toEvent: toLotReturnedProto,
      readBack: {
        id: 'getReturn',
        summary: 'Read a return',
        read: (application, returnId) => application.getReturn(returnId),
        protoField: 'lotReturn',
      },
    }),
    query({
      id: 'getStoreStock',
      path: '/stores/:storeId/stock',
      summary: 'Read what a store holds, per lot',
      description:
        'Received minus sold, donated and returned grams, for lots with grams left. A store that never received ' +
        'anything holds nothing (200, empty).',
      result: 'StoreStock',
      resultName: "The store's stock",
      problems: ['InvalidInput'],
      fromPath: ({ storeId }) => storeId!,
      read: (application, storeId) => application.getStoreStock(storeId),
      holder: (_stock, storeId) => holderOf.store({ storeId }),
      toJson: (stock, storeId) => storeStockJson(storeId, stock),
      proto: {
        fromProto: (request) => request.storeId,
        toProto: (stock, storeId) => ({ storeId, stock: toStockLinesProto(stock) }),
      },
    }),
  ],
  schemas: retailSchemas,
  grpcService: RetailService,
};
