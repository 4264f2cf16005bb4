import type { CollectBatchRequest, RegisterContainerRequest, ShipBatchRequest } from '@vezel/contracts';
import { toGrams } from '@vezel/grams';
import { fromProtoTimestamp } from '@vezel/rpc';
import type { CollectBatchInput } from '../../app/collect-batch.ts';
import type { RegisterContainerInput } from '../../app/register-container.ts';
import type { ShipBatchInput } from '../../app/ship-batch.ts';
import { fromProtoChannel, fromProtoLocation } from '../protobuf/collection-protobuf.ts';

// The gRPC requests of the collection commands, read to the same inputs as their JSON bodies (so a command sent
// over HTTP and repeated over gRPC is recognised as a replay).

export function fromRegisterContainerProto(request: RegisterContainerRequest): RegisterContainerInput {
  const location = fromProtoLocation(request.location);
  return {
    containerId: request.containerId,
    municipality: request.municipality,
    channel: fromProtoChannel(request.channel),
    ...(location === undefined ? {} : { location }),
  };
}

export function fromCollectBatchProto(request: CollectBatchRequest): CollectBatchInput {
  return {
    batchId: request.batchId,
    containerId: request.containerId,
    grams: toGrams(request.grams),
    collectedAt: fromProtoTimestamp(request.collectedAt, 'collectedAt'),
  };
}

export function fromShipBatchProto(request: ShipBatchRequest): ShipBatchInput {
  return {
    batchId: request.batchId,
    shipmentId: request.shipmentId,
    centreId: request.centreId,
    grams: toGrams(request.grams),
    ...(request.transportKm === undefined ? {} : { transportKm: request.transportKm }),
    shippedAt: fromProtoTimestamp(request.shippedAt, 'shippedAt'),
  };
}
