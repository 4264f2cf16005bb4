import { RetailService } from '@vezel/contracts';
import {
  COMMAND_IDEMPOTENCY,
  factLocation,
  GRAMS_COMMAND_PROBLEMS,
  operationsOf,
  type ServiceApi,
} from '@vezel/service-kit';
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

const { command, query, factQuery, receipt, receiptQuery } = operationsOf<RetailApplication, typeof RetailService>();

const store = (input: { readonly storeId: string }) => ({ kind: 'store', id: input.storeId }) as const;

/**
 * The retail service's API, declared once: HTTP routes, the OpenAPI document and the gRPC registration are derived
 * from it. Commands answer 201 with what they recorded, or 200 with the same body when they repeat an earlier
 * command (same id and body); errors become problem+json (HTTP) or a status with the field (gRPC).
 */
export const retailApi: ServiceApi<RetailApplication, typeof RetailService> = {
  service: 'retail',
  version: '1.0.0',
  description:
    'Second-hand stores: lots received from sorting centres, items sold or donated from them, and unsold grams ' +
    'returned to a centre or sent on to a processor. Each store holds grams per lot; nobody sells, donates or ' +
    'returns more than the store holds. All quantities are integer grams.',
  operations: [
    receipt({
      id: 'receiveLotAtStore',
      summary: 'Record grams of a lot received at a store',
      description:
        "The store now holds the grams. What was dispatched is the sorting service's fact and is not checked here: " +
        `a receipt larger than its dispatch is reported by the ledger as an anomaly. ${receiptIdempotency}`,
      body: 'ReceiveLotAtStore',
      fromJson: readReceiveLotAtStore,
      fromProto: fromReceiveLotAtStoreProto,
      holder: store,
      run: (application, input) => application.receiveLotAtStore(input),
      toJson: receiptJson,
      toEvent: toLotReceivedAtStoreProto,
    }),
    receiptQuery({
      id: 'getStoreReceipt',
      summary: 'Read a receipt',
      read: (application, receiptId) => application.getReceipt(receiptId),
      holder: store,
      toJson: receiptJson,
      toProto: (receipt) => ({ receipt: toLotReceivedAtStoreProto(receipt) }),
    }),
    command({
      id: 'sellItems',
      path: '/sales',
      summary: 'Record items sold from a lot (outcome reuse.sold)',
      description: `${holding} ${COMMAND_IDEMPOTENCY}`,
      body: 'SellItems',
      result: 'Sale',
      resultName: 'The sale',
      problems: GRAMS_COMMAND_PROBLEMS,
      fromJson: readSellItems,
      fromProto: fromSellItemsProto,
      holder: store,
      run: (application, input) => application.sellItems(input),
      location: (fact) => factLocation('sales', fact.saleId),
      toJson: saleJson,
      toEvent: toItemsSoldProto,
    }),
    factQuery({
      id: 'getSale',
      collection: 'sales',
      parameter: 'saleId',
      summary: 'Read a sale',
      result: 'Sale',
      resultName: 'The sale',
      read: (application, saleId) => application.getSale(saleId),
      holder: store,
      toJson: saleJson,
      toProto: (sale) => ({ sale: toItemsSoldProto(sale) }),
    }),
    command({
      id: 'donateItems',
      path: '/donations',
      summary: 'Record items given away from a lot (outcome reuse.donated)',
      description: `${holding} ${COMMAND_IDEMPOTENCY}`,
      body: 'DonateItems',
      result: 'Donation',
      resultName: 'The donation',
      problems: GRAMS_COMMAND_PROBLEMS,
      fromJson: readDonateItems,
      fromProto: fromDonateItemsProto,
      holder: store,
      run: (application, input) => application.donateItems(input),
      location: (fact) => factLocation('donations', fact.donationId),
      toJson: donationJson,
      toEvent: toItemsDonatedProto,
    }),
    factQuery({
      id: 'getDonation',
      collection: 'donations',
      parameter: 'donationId',
      summary: 'Read a donation',
      result: 'Donation',
      resultName: 'The donation',
      read: (application, donationId) => application.getDonation(donationId),
      holder: store,
      toJson: donationJson,
      toProto: (donation) => ({ donation: toItemsDonatedProto(donation) }),
    }),
    command({
      id: 'returnLot',
      path: '/returns',
      summary: 'Send unsold grams of a lot back to a centre or on to a processor',
      description:
        'The grams are in transit to the destination until its receipt names this `returnId` as its `deliveryId`. ' +
        'A store returns only to a `centre` or a `processor` (400 naming `destination.kind` otherwise): exporting ' +
        `and disposing are decided by the centre or processor. ${holding} ${COMMAND_IDEMPOTENCY}`,
      body: 'ReturnLot',
      result: 'Return',
      resultName: 'The return',
      problems: GRAMS_COMMAND_PROBLEMS,
      fromJson: readReturnLot,
      fromProto: fromReturnLotProto,
      holder: store,
      run: (application, input) => application.returnLot(input),
      location: (fact) => factLocation('returns', fact.returnId),
      toJson: returnJson,
      toEvent: toLotReturnedProto,
    }),
    factQuery({
      id: 'getReturn',
      collection: 'returns',
      parameter: 'returnId',
      summary: 'Read a return',
      result: 'Return',
      resultName: 'The return',
      read: (application, returnId) => application.getReturn(returnId),
      holder: store,
      toJson: returnJson,
      toProto: (lotReturn) => ({ lotReturn: toLotReturnedProto(lotReturn) }),
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
      holder: (_stock, storeId) => store({ storeId }),
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
