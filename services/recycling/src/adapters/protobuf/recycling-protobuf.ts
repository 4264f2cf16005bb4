import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  DisposalMethod as ProtoDisposalMethod,
  LotReceivedByProcessorSchema,
  NodeDisposedSchema,
  NodeGramsSchema,
  NodeInputSchema,
  ProcessingRunCompletedSchema,
  ProcessingRunOutputSchema,
  type LotReceivedByProcessor as LotReceivedByProcessorProto,
  type NodeDisposed as NodeDisposedProto,
  type NodeGrams as NodeGramsProto,
  type ProcessingRunCompleted as ProcessingRunCompletedProto,
} from '@vezel/contracts';
import { InvalidInputError } from '@vezel/errors';
import type {
  DisposalMethod,
  HeldNode,
  LotReceivedByProcessor,
  NodeDisposed,
  ProcessingRunCompleted,
} from '../../domain/index.ts';

// Protobuf is the wire contract, not the domain model: the recycling service maps at this edge, both ways.

const protoMethods: Readonly<Record<DisposalMethod, ProtoDisposalMethod>> = {
  'energy-recovery': ProtoDisposalMethod.ENERGY_RECOVERY,
  incineration: ProtoDisposalMethod.INCINERATION,
  landfill: ProtoDisposalMethod.LANDFILL,
};

/** The protobuf enum value of a disposal method. */
export function toProtoDisposalMethod(method: DisposalMethod): ProtoDisposalMethod {
  return protoMethods[method];
}

/** The domain method of a protobuf enum value; UNSPECIFIED and unknown numbers are invalid input. */
export function fromProtoDisposalMethod(method: ProtoDisposalMethod, field = 'method'): DisposalMethod {
  const found = (Object.keys(protoMethods) as DisposalMethod[]).find((key) => protoMethods[key] === method);
  if (found === undefined) throw new InvalidInputError('must be ENERGY_RECOVERY, INCINERATION or LANDFILL', { field });
  return found;
}

/** `LotReceivedByProcessor` on the wire (also the gRPC answer of ReceiveLotAtProcessor and GetProcessorReceipt). */
export function toLotReceivedByProcessorProto(
  event: Omit<LotReceivedByProcessor, 'type'>,
): LotReceivedByProcessorProto {
  return create(LotReceivedByProcessorSchema, {
    receiptId: event.receiptId,
    lotId: event.lotId,
    processorId: event.processorId,
    grams: event.grams,
    receivedAt: timestampFromDate(event.receivedAt),
    ...(event.deliveryId === undefined ? {} : { deliveryId: event.deliveryId }),
  });
}

/** `ProcessingRunCompleted` on the wire (also the answer of CompleteProcessingRun and GetProcessingRun). */
export function toProcessingRunCompletedProto(
  event: Omit<ProcessingRunCompleted, 'type'>,
): ProcessingRunCompletedProto {
  return create(ProcessingRunCompletedSchema, {
    runId: event.runId,
    processorId: event.processorId,
    inputs: event.inputs.map((input) => create(NodeInputSchema, { nodeId: input.nodeId, grams: input.grams })),
    outputs: event.outputs.map((output) =>
      create(ProcessingRunOutputSchema, {
        productId: output.productId,
        outcome: output.outcome,
        productKind: output.productKind,
        grams: output.grams,
      }),
    ),
    lossGrams: event.lossGrams,
    completedAt: timestampFromDate(event.completedAt),
  });
}

/** `NodeDisposed` on the wire (also the answer of DisposeNode and GetDisposal). */
export function toNodeDisposedProto(event: Omit<NodeDisposed, 'type'>): NodeDisposedProto {
  return create(NodeDisposedSchema, {
    disposalId: event.disposalId,
    processorId: event.processorId,
    nodeId: event.nodeId,
    grams: event.grams,
    method: toProtoDisposalMethod(event.method),
    disposedAt: timestampFromDate(event.disposedAt),
  });
}

/** A line of a processor's stock. */
export function toNodeGramsProto(line: HeldNode): NodeGramsProto {
  return create(NodeGramsSchema, { nodeId: line.nodeId, grams: line.grams });
}
