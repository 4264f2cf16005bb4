import type { CollectionService } from '@vezel/contracts';
import { toGrams } from '@vezel/grams';
import { fromProtoTimestamp, type GrpcServiceImplementation } from '@vezel/rpc';
import type { CollectionApplication } from '../../app/collection-application.ts';
import {
  fromProtoChannel,
  fromProtoLocation,
  toBatchCollectedProto,
  toBatchProto,
  toBatchShippedProto,
  toContainerRegisteredProto,
} from '../protobuf/collection-protobuf.ts';

/**
 * `vezel.collection.v1.CollectionService` over the same application as the HTTP API: requests map to the same
 * inputs (so a command sent over HTTP and repeated over gRPC is recognised as a replay), errors map to status
 * codes through the taxonomy (INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION).
 */
export function createCollectionGrpcService(
  application: CollectionApplication,
): GrpcServiceImplementation<typeof CollectionService> {
  return {
    async registerContainer(request) {
      const location = fromProtoLocation(request.location);
      const outcome = await application.registerContainer({
        containerId: request.containerId,
        municipality: request.municipality,
        channel: fromProtoChannel(request.channel),
        ...(location === undefined ? {} : { location }),
      });
      return { event: toContainerRegisteredProto(outcome.result) };
    },

    async collectBatch(request) {
      const outcome = await application.collectBatch({
        batchId: request.batchId,
        containerId: request.containerId,
        grams: toGrams(request.grams),
        collectedAt: fromProtoTimestamp(request.collectedAt, 'collectedAt'),
      });
      return { event: toBatchCollectedProto(outcome.result) };
    },

    async shipBatch(request) {
      const outcome = await application.shipBatch({
        batchId: request.batchId,
        shipmentId: request.shipmentId,
        centreId: request.centreId,
        grams: toGrams(request.grams),
        ...(request.transportKm === undefined ? {} : { transportKm: request.transportKm }),
        shippedAt: fromProtoTimestamp(request.shippedAt, 'shippedAt'),
      });
      return { event: toBatchShippedProto(outcome.result) };
    },

    async getContainer(request) {
      return { container: toContainerRegisteredProto(await application.getContainer(request.containerId)) };
    },

    async getBatch(request) {
      return { batch: toBatchProto(await application.getBatch(request.batchId)) };
    },
  };
}
