import type { CompleteSortingRunRequest, DispatchLotRequest, ReceiveNodeAtCentreRequest } from '@vezel/contracts';
import { fromProtoTimestamp } from '@vezel/rpc';
import type { CompleteSortingRunInput } from '../../app/complete-sorting-run.ts';
import type { DispatchLotInput } from '../../app/dispatch-lot.ts';
import type { ReceiveNodeAtCentreInput } from '../../app/receive-node-at-centre.ts';
import { fromProtoDestination } from '../protobuf/sorting-protobuf.ts';

// The gRPC requests of the sorting commands, read to the same inputs as their JSON bodies (so a command sent over
// HTTP and repeated over gRPC is recognised as a replay). Grams arrive as int64 and go to the domain unchecked: a
// negative or zero figure is rejected there, naming the field, as over HTTP.

export function fromReceiveNodeAtCentreProto(request: ReceiveNodeAtCentreRequest): ReceiveNodeAtCentreInput {
  return {
    ...(request.receiptId === undefined ? {} : { receiptId: request.receiptId }),
    nodeId: request.nodeId,
    centreId: request.centreId,
    grams: request.grams,
    receivedAt: fromProtoTimestamp(request.receivedAt, 'receivedAt'),
    ...(request.deliveryId === undefined ? {} : { deliveryId: request.deliveryId }),
  };
}

export function fromCompleteSortingRunProto(request: CompleteSortingRunRequest): CompleteSortingRunInput {
  return {
    runId: request.runId,
    centreId: request.centreId,
    inputs: request.inputs.map((input) => ({ nodeId: input.nodeId, grams: input.grams })),
    outputs: request.outputs.map((output) => ({ lotId: output.lotId, fraction: output.fraction, grams: output.grams })),
    lossGrams: request.lossGrams,
    completedAt: fromProtoTimestamp(request.completedAt, 'completedAt'),
  };
}

export function fromDispatchLotProto(request: DispatchLotRequest): DispatchLotInput {
  return {
    lotId: request.lotId,
    dispatchId: request.dispatchId,
    grams: request.grams,
    destination: fromProtoDestination(request.destination),
    ...(request.transportKm === undefined ? {} : { transportKm: request.transportKm }),
    dispatchedAt: fromProtoTimestamp(request.dispatchedAt, 'dispatchedAt'),
  };
}
