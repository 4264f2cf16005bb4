import type { SortingService } from '@vezel/contracts';
import { fromProtoTimestamp, type GrpcServiceImplementation } from '@vezel/rpc';
import type { SortingApplication } from '../../app/sorting-application.ts';
import {
  fromProtoDestination,
  toLotDispatchedProto,
  toLotProto,
  toNodeReceivedAtCentreProto,
  toSortingRunCompletedProto,
} from '../protobuf/sorting-protobuf.ts';

/**
 * `vezel.sorting.v1.SortingService` over the same application as the HTTP API: requests map to the same inputs (so a
 * command sent over HTTP and repeated over gRPC is recognised as a replay), errors map to status codes through the
 * taxonomy (INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION). Grams arrive as int64 and go to the
 * domain unchecked: a negative or zero figure is rejected there, naming the field, as over HTTP.
 */
export function createSortingGrpcService(
  application: SortingApplication,
): GrpcServiceImplementation<typeof SortingService> {
  return {
    async receiveNodeAtCentre(request) {
      const outcome = await application.receiveNodeAtCentre({
        ...(request.receiptId === undefined ? {} : { receiptId: request.receiptId }),
        nodeId: request.nodeId,
        centreId: request.centreId,
        grams: request.grams,
        receivedAt: fromProtoTimestamp(request.receivedAt, 'receivedAt'),
        ...(request.deliveryId === undefined ? {} : { deliveryId: request.deliveryId }),
      });
      return { event: toNodeReceivedAtCentreProto(outcome.result) };
    },

    async completeSortingRun(request) {
      const outcome = await application.completeSortingRun({
        runId: request.runId,
        centreId: request.centreId,
        inputs: request.inputs.map((input) => ({ nodeId: input.nodeId, grams: input.grams })),
        outputs: request.outputs.map((output) => ({
          lotId: output.lotId,
          fraction: output.fraction,
          grams: output.grams,
        })),
        lossGrams: request.lossGrams,
        completedAt: fromProtoTimestamp(request.completedAt, 'completedAt'),
      });
      return { event: toSortingRunCompletedProto(outcome.result) };
    },

    async dispatchLot(request) {
      const outcome = await application.dispatchLot({
        lotId: request.lotId,
        dispatchId: request.dispatchId,
        grams: request.grams,
        destination: fromProtoDestination(request.destination),
        ...(request.transportKm === undefined ? {} : { transportKm: request.transportKm }),
        dispatchedAt: fromProtoTimestamp(request.dispatchedAt, 'dispatchedAt'),
      });
      return { event: toLotDispatchedProto(outcome.result) };
    },

    async getCentreReceipt(request) {
      return { receipt: toNodeReceivedAtCentreProto(await application.getReceipt(request.receiptId)) };
    },

    async getSortingRun(request) {
      return { run: toSortingRunCompletedProto(await application.getRun(request.runId)) };
    },

    async getLot(request) {
      return { lot: toLotProto(await application.getLot(request.lotId)) };
    },

    async getCentreStock(request) {
      const stock = await application.getCentreStock(request.centreId);
      return { centreId: request.centreId, stock: stock.map((line) => ({ nodeId: line.nodeId, grams: line.grams })) };
    },
  };
}
