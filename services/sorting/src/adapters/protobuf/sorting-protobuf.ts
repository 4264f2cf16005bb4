import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  DestinationKind as ProtoDestinationKind,
  DestinationSchema,
  DisposalMethod as ProtoDisposalMethod,
  LotDispatchedSchema,
  LotSchema,
  NodeReceivedAtCentreSchema,
  SortingRunCompletedSchema,
  type Destination as DestinationProto,
  type Lot as LotProto,
  type LotDispatched as LotDispatchedProto,
  type NodeReceivedAtCentre as NodeReceivedAtCentreProto,
  type SortingRunCompleted as SortingRunCompletedProto,
} from '@vezel/contracts';
import { InvalidInputError } from '@vezel/errors';
import type {
  Destination,
  DestinationInput,
  DestinationKind,
  DisposalMethod,
  LotDispatched,
  LotView,
  NodeReceivedAtCentre,
  SortingRunCompleted,
} from '../../domain/index.ts';

// Protobuf is the wire contract, not the domain model: the sorting service maps at this edge, both ways.

const protoKinds: Readonly<Record<DestinationKind, ProtoDestinationKind>> = {
  centre: ProtoDestinationKind.CENTRE,
  store: ProtoDestinationKind.STORE,
  processor: ProtoDestinationKind.PROCESSOR,
  exporter: ProtoDestinationKind.EXPORTER,
  disposal: ProtoDestinationKind.DISPOSAL,
};

const protoMethods: Readonly<Record<DisposalMethod, ProtoDisposalMethod>> = {
  'energy-recovery': ProtoDisposalMethod.ENERGY_RECOVERY,
  incineration: ProtoDisposalMethod.INCINERATION,
  landfill: ProtoDisposalMethod.LANDFILL,
};

/** The key of `table` whose value is `value`, if any. */
function keyOf<K extends string, V>(table: Readonly<Record<K, V>>, value: V): K | undefined {
  return (Object.keys(table) as K[]).find((key) => table[key] === value);
}

/**
 * A request's destination as the domain takes it in: the enums become their HTTP spellings, so HTTP and gRPC reach
 * the same rules (`parseDestination`). An unspecified or unknown kind is invalid input; an unspecified method is an
 * absent one (the decider then asks for it when the kind is `disposal`).
 */
export function fromProtoDestination(
  destination: DestinationProto | undefined,
  field = 'destination',
): DestinationInput {
  if (destination === undefined) throw new InvalidInputError('is required', { field });
  const kind = keyOf(protoKinds, destination.kind);
  if (kind === undefined) {
    throw new InvalidInputError('must be CENTRE, STORE, PROCESSOR, EXPORTER or DISPOSAL', { field: `${field}.kind` });
  }
  const method =
    destination.method === ProtoDisposalMethod.UNSPECIFIED ? undefined : keyOf(protoMethods, destination.method);
  if (destination.method !== ProtoDisposalMethod.UNSPECIFIED && method === undefined) {
    throw new InvalidInputError('must be ENERGY_RECOVERY, INCINERATION or LANDFILL', { field: `${field}.method` });
  }
  return {
    kind,
    id: destination.id,
    ...(destination.country === undefined ? {} : { country: destination.country }),
    ...(method === undefined ? {} : { method }),
  };
}

/** A destination on the wire. */
export function toDestinationProto(destination: Destination): DestinationProto {
  return create(DestinationSchema, {
    kind: protoKinds[destination.kind],
    id: destination.id,
    ...(destination.country === undefined ? {} : { country: destination.country }),
    method: destination.kind === 'disposal' ? protoMethods[destination.method] : ProtoDisposalMethod.UNSPECIFIED,
  });
}

/** `NodeReceivedAtCentre` on the wire (also the gRPC answer of ReceiveNodeAtCentre and GetCentreReceipt). */
export function toNodeReceivedAtCentreProto(event: NodeReceivedAtCentre): NodeReceivedAtCentreProto {
  return create(NodeReceivedAtCentreSchema, {
    receiptId: event.receiptId,
    nodeId: event.nodeId,
    centreId: event.centreId,
    grams: event.grams,
    receivedAt: timestampFromDate(event.receivedAt),
    ...(event.deliveryId === undefined ? {} : { deliveryId: event.deliveryId }),
  });
}

/** `SortingRunCompleted` on the wire (also the gRPC answer of CompleteSortingRun and GetSortingRun). */
export function toSortingRunCompletedProto(event: SortingRunCompleted): SortingRunCompletedProto {
  return create(SortingRunCompletedSchema, {
    runId: event.runId,
    centreId: event.centreId,
    inputs: event.inputs.map((input) => ({ nodeId: input.nodeId, grams: input.grams })),
    outputs: event.outputs.map((output) => ({ lotId: output.lotId, fraction: output.fraction, grams: output.grams })),
    lossGrams: event.lossGrams,
    completedAt: timestampFromDate(event.completedAt),
  });
}

/** `LotDispatched` on the wire (also the gRPC answer of DispatchLot). */
export function toLotDispatchedProto(event: LotDispatched): LotDispatchedProto {
  return create(LotDispatchedSchema, {
    dispatchId: event.dispatchId,
    lotId: event.lotId,
    centreId: event.centreId,
    grams: event.grams,
    destination: toDestinationProto(event.destination),
    ...(event.transportKm === undefined ? {} : { transportKm: event.transportKm }),
    dispatchedAt: timestampFromDate(event.dispatchedAt),
  });
}

/** A lot with its dispatches, as GetLot answers. */
export function toLotProto(lot: LotView): LotProto {
  return create(LotSchema, {
    lotId: lot.lotId,
    runId: lot.runId,
    centreId: lot.centreId,
    fraction: lot.fraction,
    grams: lot.grams,
    dispatches: lot.dispatches.map(toLotDispatchedProto),
    availableGrams: lot.availableGrams,
  });
}
