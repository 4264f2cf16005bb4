import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  BatchCollectedSchema,
  BatchSchema,
  BatchShippedSchema,
  ContainerChannel as ProtoContainerChannel,
  ContainerRegisteredSchema,
  LocationSchema,
  type Batch as BatchProto,
  type BatchCollected as BatchCollectedProto,
  type BatchShipped as BatchShippedProto,
  type ContainerRegistered as ContainerRegisteredProto,
  type Location as LocationProto,
} from '@vezel/contracts';
import { InvalidInputError } from '@vezel/errors';
import type { BatchCollected, BatchShipped, CollectedBatch } from '../../domain/batch-decider.ts';
import type { ContainerChannel } from '../../domain/container-channel.ts';
import type { RegisteredContainer } from '../../domain/container-decider.ts';
import { unshippedGrams } from '../../domain/batch-decider.ts';
import type { Location } from '../../domain/location.ts';

// Protobuf is the wire contract, not the domain model: the collection service maps at this edge, both ways.

const protoChannels: Readonly<Record<ContainerChannel, ProtoContainerChannel>> = {
  'street-container': ProtoContainerChannel.STREET_CONTAINER,
  'store-drop-off': ProtoContainerChannel.STORE_DROP_OFF,
  'door-to-door': ProtoContainerChannel.DOOR_TO_DOOR,
};

/** The protobuf enum value of a channel. */
export function toProtoChannel(channel: ContainerChannel): ProtoContainerChannel {
  return protoChannels[channel];
}

/** The domain channel of a protobuf enum value; UNSPECIFIED and unknown numbers are invalid input. */
export function fromProtoChannel(channel: ProtoContainerChannel, field = 'channel'): ContainerChannel {
  const found = (Object.keys(protoChannels) as ContainerChannel[]).find((key) => protoChannels[key] === channel);
  if (found === undefined) {
    throw new InvalidInputError('must be STREET_CONTAINER, STORE_DROP_OFF or DOOR_TO_DOOR', { field });
  }
  return found;
}

/** A protobuf location as the domain's; absent when the message has none. */
export function fromProtoLocation(location: LocationProto | undefined): Location | undefined {
  if (location === undefined) return undefined;
  return {
    ...(location.latitude === undefined ? {} : { latitude: location.latitude }),
    ...(location.longitude === undefined ? {} : { longitude: location.longitude }),
    ...(location.address === undefined ? {} : { address: location.address }),
  };
}

/** `ContainerRegistered` on the wire (also the gRPC answer of RegisterContainer and GetContainer). */
export function toContainerRegisteredProto(container: RegisteredContainer): ContainerRegisteredProto {
  return create(ContainerRegisteredSchema, {
    containerId: container.containerId,
    municipality: container.municipality,
    channel: toProtoChannel(container.channel),
    ...(container.location === undefined ? {} : { location: create(LocationSchema, container.location) }),
  });
}

/** `BatchCollected` on the wire. */
export function toBatchCollectedProto(event: BatchCollected): BatchCollectedProto {
  return create(BatchCollectedSchema, {
    batchId: event.batchId,
    containerId: event.containerId,
    municipality: event.municipality,
    grams: event.grams,
    collectedAt: timestampFromDate(event.collectedAt),
  });
}

/** `BatchShipped` on the wire. */
export function toBatchShippedProto(event: Omit<BatchShipped, 'type'>): BatchShippedProto {
  return create(BatchShippedSchema, {
    shipmentId: event.shipmentId,
    batchId: event.batchId,
    containerId: event.containerId,
    centreId: event.centreId,
    grams: event.grams,
    ...(event.transportKm === undefined ? {} : { transportKm: event.transportKm }),
    shippedAt: timestampFromDate(event.shippedAt),
  });
}

/** A batch with its shipments, as GetBatch answers. */
export function toBatchProto(batch: CollectedBatch): BatchProto {
  return create(BatchSchema, {
    batchId: batch.batchId,
    containerId: batch.containerId,
    municipality: batch.municipality,
    grams: batch.grams,
    collectedAt: timestampFromDate(batch.collectedAt),
    shipments: batch.shipments.map((shipment) =>
      toBatchShippedProto({ ...shipment, batchId: batch.batchId, containerId: batch.containerId }),
    ),
    unshippedGrams: unshippedGrams(batch),
  });
}
