import type { RecyclingService } from '@vezel/contracts';
import { fromProtoTimestamp, type GrpcServiceImplementation } from '@vezel/rpc';
import type { RecyclingApplication } from '../../app/recycling-application.ts';
import {
  fromProtoDisposalMethod,
  toLotReceivedByProcessorProto,
  toNodeDisposedProto,
  toNodeGramsProto,
  toProcessingRunCompletedProto,
} from '../protobuf/recycling-protobuf.ts';

/**
 * `vezel.recycling.v1.RecyclingService` over the same application as the HTTP API: requests map to the same inputs
 * as plain objects (so a command sent over HTTP and repeated over gRPC is recognised as a replay), errors map to
 * status codes through the taxonomy (INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION). Grams go to
 * the domain as they came, which refuses zero and negatives naming the field (`inputs[1].grams`).
 */
export function createRecyclingGrpcService(
  application: RecyclingApplication,
): GrpcServiceImplementation<typeof RecyclingService> {
  return {
    async receiveLotAtProcessor(request) {
      const outcome = await application.receiveLot({
        ...(request.receiptId === undefined ? {} : { receiptId: request.receiptId }),
        lotId: request.lotId,
        processorId: request.processorId,
        grams: request.grams,
        receivedAt: fromProtoTimestamp(request.receivedAt, 'receivedAt'),
        ...(request.deliveryId === undefined ? {} : { deliveryId: request.deliveryId }),
      });
      return { event: toLotReceivedByProcessorProto(outcome.result) };
    },

    async completeProcessingRun(request) {
      const outcome = await application.completeProcessingRun({
        runId: request.runId,
        processorId: request.processorId,
        inputs: request.inputs.map((input) => ({ nodeId: input.nodeId, grams: input.grams })),
        outputs: request.outputs.map((output) => ({
          productId: output.productId,
          outcome: output.outcome,
          productKind: output.productKind,
          grams: output.grams,
        })),
        lossGrams: request.lossGrams,
        completedAt: fromProtoTimestamp(request.completedAt, 'completedAt'),
      });
      return { event: toProcessingRunCompletedProto(outcome.result) };
    },

    async disposeNode(request) {
      const outcome = await application.disposeNode({
        disposalId: request.disposalId,
        processorId: request.processorId,
        nodeId: request.nodeId,
        grams: request.grams,
        method: fromProtoDisposalMethod(request.method),
        disposedAt: fromProtoTimestamp(request.disposedAt, 'disposedAt'),
      });
      return { event: toNodeDisposedProto(outcome.result) };
    },

    async getProcessorReceipt(request) {
      return { receipt: toLotReceivedByProcessorProto(await application.getReceipt(request.receiptId)) };
    },

    async getProcessingRun(request) {
      return { run: toProcessingRunCompletedProto(await application.getRun(request.runId)) };
    },

    async getDisposal(request) {
      return { disposal: toNodeDisposedProto(await application.getDisposal(request.disposalId)) };
    },

    async getProcessorStock(request) {
      const view = await application.getProcessorStock(request.processorId);
      return { processorId: view.processorId, stock: view.stock.map(toNodeGramsProto) };
    },
  };
}
