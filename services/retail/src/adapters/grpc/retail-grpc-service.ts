import type { RetailService } from '@vezel/contracts';
import { InvalidInputError } from '@vezel/errors';
import { fromProtoTimestamp, type GrpcServiceImplementation } from '@vezel/rpc';
import type { RetailApplication } from '../../app/retail-application.ts';
import {
  fromProtoReturnDestination,
  toItemsDonatedProto,
  toItemsSoldProto,
  toLotReceivedAtStoreProto,
  toLotReturnedProto,
  toStockLinesProto,
} from '../protobuf/retail-protobuf.ts';
import { MAX_PROGRAMME_LENGTH } from '../edge-limits.ts';

/**
 * `vezel.retail.v1.RetailService` over the same application as the HTTP API: requests map to the same inputs (so a
 * command sent over HTTP and repeated over gRPC is recognised as a replay), errors map to status codes through the
 * taxonomy (INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION). Grams, counts and ids are passed
 * on as they came: the decider refuses zero or negative grams, zero items and empty ids, naming the field.
 */
export function createRetailGrpcService(
  application: RetailApplication,
): GrpcServiceImplementation<typeof RetailService> {
  return {
    async receiveLotAtStore(request) {
      const outcome = await application.receiveLotAtStore({
        ...(request.receiptId === undefined ? {} : { receiptId: request.receiptId }),
        lotId: request.lotId,
        storeId: request.storeId,
        grams: request.grams,
        receivedAt: fromProtoTimestamp(request.receivedAt, 'receivedAt'),
        ...(request.deliveryId === undefined ? {} : { deliveryId: request.deliveryId }),
      });
      return { event: toLotReceivedAtStoreProto(outcome.result) };
    },

    async sellItems(request) {
      const outcome = await application.sellItems({
        saleId: request.saleId,
        storeId: request.storeId,
        lotId: request.lotId,
        grams: request.grams,
        items: request.items,
        ...(request.revenueCents === undefined ? {} : { revenueCents: request.revenueCents }),
        soldAt: fromProtoTimestamp(request.soldAt, 'soldAt'),
      });
      return { event: toItemsSoldProto(outcome.result) };
    },

    async donateItems(request) {
      const outcome = await application.donateItems({
        donationId: request.donationId,
        storeId: request.storeId,
        lotId: request.lotId,
        grams: request.grams,
        programme: requireProgrammeLength(request.programme),
        donatedAt: fromProtoTimestamp(request.donatedAt, 'donatedAt'),
      });
      return { event: toItemsDonatedProto(outcome.result) };
    },

    async returnLot(request) {
      const outcome = await application.returnLot({
        returnId: request.returnId,
        storeId: request.storeId,
        lotId: request.lotId,
        grams: request.grams,
        destination: fromProtoReturnDestination(request.destination),
        returnedAt: fromProtoTimestamp(request.returnedAt, 'returnedAt'),
      });
      return { event: toLotReturnedProto(outcome.result) };
    },

    async getStoreReceipt(request) {
      return { receipt: toLotReceivedAtStoreProto(await application.getReceipt(request.receiptId)) };
    },

    async getSale(request) {
      return { sale: toItemsSoldProto(await application.getSale(request.saleId)) };
    },

    async getDonation(request) {
      return { donation: toItemsDonatedProto(await application.getDonation(request.donationId)) };
    },

    async getReturn(request) {
      return { lotReturn: toLotReturnedProto(await application.getReturn(request.returnId)) };
    },

    async getStoreStock(request) {
      const stock = await application.getStoreStock(request.storeId);
      return { storeId: request.storeId, stock: toStockLinesProto(stock) };
    },
  };
}

function requireProgrammeLength(programme: string): string {
  // Counted in code points, as the HTTP edge counts them.
  if ([...programme].length > MAX_PROGRAMME_LENGTH) {
    throw new InvalidInputError(`must be at most ${MAX_PROGRAMME_LENGTH} characters`, { field: 'programme' });
  }
  return programme;
}
