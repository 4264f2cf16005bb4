import { CollectionService } from '@vezel/contracts';
import {
  COMMAND_IDEMPOTENCY,
  factLocation,
  factQuery,
  GRAMS_COMMAND_PROBLEMS,
  type ServiceApi,
} from '@vezel/service-kit';
import type { CollectionApplication } from '../app/collection-application.ts';
import { createCollectionGrpcService } from './grpc/collection-grpc-service.ts';
import { batchJson, collectedBatchJson, containerJson, shipmentJson } from './http/collection-json.ts';
import { readCollectBatch, readRegisterContainer, readShipBatch } from './http/collection-requests.ts';
import { collectionSchemas } from './http/collection-schemas.ts';

/**
 * The collection service's API, declared once: HTTP routes, the OpenAPI document and the gRPC registration are
 * derived from it. Commands answer 201 with what they recorded, or 200 with the same body when they repeat an
 * earlier command (same id and body); errors become problem+json (HTTP) or a status with the field (gRPC).
 */
export const collectionApi: ServiceApi<CollectionApplication, typeof CollectionService> = {
  service: 'collection',
  version: '1.0.0',
  description:
    'Collection points (containers), the batches collected from them and their shipments to sorting centres. ' +
    'All quantities are integer grams.',
  operations: [
    {
      kind: 'command',
      id: 'registerContainer',
      path: '/containers',
      summary: 'Register a collection point',
      description: COMMAND_IDEMPOTENCY,
      body: 'RegisterContainer',
      result: 'Container',
      resultName: 'The registered container',
      problems: ['InvalidInput', 'Conflict', 'PayloadTooLarge', 'UnsupportedMediaType', 'Unavailable'],
      async execute(application, _parameters, body) {
        const outcome = await application.registerContainer(readRegisterContainer(body));
        const { containerId } = outcome.result;
        return {
          outcome,
          location: factLocation('containers', containerId),
          json: containerJson(outcome.result),
        };
      },
    },
    factQuery({
      id: 'getContainer',
      collection: 'containers',
      parameter: 'containerId',
      summary: 'Read a container',
      result: 'Container',
      resultName: 'The container',
      read: async (application, containerId) => containerJson(await application.getContainer(containerId)),
    }),
    {
      kind: 'command',
      id: 'collectBatch',
      path: '/batches',
      summary: 'Record a batch collected from a registered container',
      description: COMMAND_IDEMPOTENCY,
      body: 'CollectBatch',
      result: 'Batch',
      resultName: 'The new batch',
      problems: ['InvalidInput', 'NotFound', 'Conflict', 'PayloadTooLarge', 'UnsupportedMediaType', 'Unavailable'],
      async execute(application, _parameters, body) {
        const outcome = await application.collectBatch(readCollectBatch(body));
        const { batchId } = outcome.result;
        return {
          outcome,
          location: factLocation('batches', batchId),
          json: collectedBatchJson(outcome.result),
        };
      },
    },
    factQuery({
      id: 'getBatch',
      collection: 'batches',
      parameter: 'batchId',
      summary: 'Read a batch with its shipments and unshipped grams',
      result: 'Batch',
      resultName: 'The batch',
      read: async (application, batchId) => batchJson(await application.getBatch(batchId)),
    }),
    {
      kind: 'command',
      id: 'shipBatch',
      path: '/batches/:batchId/shipments',
      summary: 'Ship grams of a batch to a sorting centre',
      description: `At most the batch's unshipped grams (422 otherwise). ${COMMAND_IDEMPOTENCY}`,
      body: 'ShipBatch',
      result: 'Shipment',
      resultName: 'The shipment',
      problems: GRAMS_COMMAND_PROBLEMS,
      async execute(application, { batchId }, body) {
        const outcome = await application.shipBatch(readShipBatch(batchId!, body));
        const location = factLocation('batches', outcome.result.batchId);
        return { outcome, location, json: shipmentJson(outcome.result) };
      },
    },
  ],
  schemas: collectionSchemas,
  grpcService: CollectionService,
  grpc: createCollectionGrpcService,
};
