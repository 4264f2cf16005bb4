import type { CompleteProcessingRunRequest, DisposeNodeRequest, ReceiveLotAtProcessorRequest } from '@vezel/contracts';
import { fromProtoTimestamp } from '@vezel/rpc';
import type { CompleteProcessingRunInput } from '../../app/complete-processing-run.ts';
import type { DisposeNodeInput } from '../../app/dispose-node.ts';
import type { ReceiveLotRequest } from '../../app/resolve-receipt-id.ts';
import { processingRunLines } from '../processing-run-lines.ts';
import { fromProtoDisposalMethod } from '../protobuf/recycling-protobuf.ts';

// The gRPC requests of the recycling commands, read to the same inputs as their JSON bodies (so a command sent over
// HTTP and repeated over gRPC is recognised as a replay). Grams go to the domain as they came, which refuses zero
// and negatives naming the field (`inputs[1].grams`).

export function fromReceiveLotAtProcessorProto(request: ReceiveLotAtProcessorRequest): ReceiveLotRequest {
  return {
    ...(request.receiptId === undefined ? {} : { receiptId: request.receiptId }),
    lotId: request.lotId,
    processorId: request.processorId,
    grams: request.grams,
    receivedAt: fromProtoTimestamp(request.receivedAt, 'receivedAt'),
    ...(request.deliveryId === undefined ? {} : { deliveryId: request.deliveryId }),
  };
}

export function fromCompleteProcessingRunProto(request: CompleteProcessingRunRequest): CompleteProcessingRunInput {
  return {
    runId: request.runId,
    processorId: request.processorId,
    ...processingRunLines(request),
    lossGrams: request.lossGrams,
    completedAt: fromProtoTimestamp(request.completedAt, 'completedAt'),
  };
}

export function fromDisposeNodeProto(request: DisposeNodeRequest): DisposeNodeInput {
  return {
    disposalId: request.disposalId,
    processorId: request.processorId,
    nodeId: request.nodeId,
    grams: request.grams,
    method: fromProtoDisposalMethod(request.method),
    disposedAt: fromProtoTimestamp(request.disposedAt, 'disposedAt'),
  };
}
