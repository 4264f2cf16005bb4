import { CollectionService } from '@vezel/contracts';
import {
  COMMAND_IDEMPOTENCY,
  factLocation,
  GRAMS_COMMAND_PROBLEMS,
  holderOf,
  operationsOf,
  RECORD_COMMAND_PROBLEMS,
  type ServiceApi,
} from '@vezel/service-kit';
import type { CollectionApplication } from '../app/collection-application.ts';
import {
  fromCollectBatchProto,
  fromRegisterContainerProto,
  fromShipBatchProto,
} from './grpc/collection-grpc-requests.ts';
import { batchJson, collectedBatchJson, containerJson, shipmentJson } from './http/collection-json.ts';
import { readCollectBatch, readRegisterContainer, readShipBatch } from './http/collection-requests.ts';
import { collectionSchemas } from './http/collection-schemas.ts';
import {
  toBatchCollectedProto,
  toBatchProto,
  toBatchShippedProto,
  toContainerRegisteredProto,
} from './protobuf/collection-protobuf.ts';

const { command, factQuery, factCommand } = operationsOf<CollectionApplication, typeof CollectionService>();

export const collectionApi: ServiceApi<CollectionApplication, typeof CollectionService> = {
  service: 'collection',
  version: '1.0.0',
  description:
    'Collection points (containers), the batches collected from them and their shipments to sorting centres. ' +
    'All quantities are integer grams.',
  operations: [
    ...factCommand({
      id: 'registerContainer',
      collection: 'containers',
      parameter: 'containerId',
      summary: 'Register a collection point',
      description: COMMAND_IDEMPOTENCY,
      body: 'RegisterContainer',
      result: 'Container',
      resultName: 'The registered container',
      problems: RECORD_COMMAND_PROBLEMS,
      fromJson: readRegisterContainer,
      fromProto: fromRegisterContainerProto,
      holder: holderOf.municipality,
      run: (application, input) => application.registerContainer(input),
      toJson: containerJson,
      toEvent: toContainerRegisteredProto,
      readBack: {
        id: 'getContainer',
        summary: 'Read a container',
        resultName: 'The container',
        read: (application, containerId) => application.getContainer(containerId),
        protoField: 'container',
      },
    }),
    command({
      id: 'collectBatch',
      path: '/batches',
      summary: 'Record a batch collected from a registered container',
      description: COMMAND_IDEMPOTENCY,
      body: 'CollectBatch',
      result: 'Batch',
      resultName: 'The new batch',
      problems: ['InvalidInput', 'NotFound', 'Conflict', 'PayloadTooLarge', 'UnsupportedMediaType', 'Unavailable'],
      fromJson: readCollectBatch,
      fromProto: fromCollectBatchProto,
      holder: async ({ containerId }, application) =>
        holderOf.municipality(await application.getContainer(containerId)),
      run: (application, input) => application.collectBatch(input),
      location: (batch) => factLocation('batches', batch.batchId),
      toJson: collectedBatchJson,
      toEvent: toBatchCollectedProto,
    }),
    factQuery({
      id: 'getBatch',
      collection: 'batches',
      parameter: 'batchId',
      summary: 'Read a batch with its shipments and unshipped grams',
      result: 'Batch',
      resultName: 'The batch',
      read: (application, batchId) => application.getBatch(batchId),
      holder: holderOf.municipality,
      toJson: batchJson,
      toProto: (batch) => ({ batch: toBatchProto(batch) }),
    }),
    command({
      id: 'shipBatch',
      path: '/batches/:batchId/shipments',
      summary: 'Ship grams of a batch to a sorting centre',
      description: `At most the batch's unshipped grams (422 otherwise). ${COMMAND_IDEMPOTENCY}`,
      body: 'ShipBatch',
      result: 'Shipment',
      resultName: 'The shipment',
      problems: GRAMS_COMMAND_PROBLEMS,
      fromJson: (body, { batchId }) => readShipBatch(batchId!, body),
      fromProto: fromShipBatchProto,
      holder: async ({ batchId }, application) => holderOf.municipality(await application.getBatch(batchId)),
      run: (application, input) => application.shipBatch(input),
      location: (shipment) => factLocation('batches', shipment.batchId),
      toJson: shipmentJson,
      toEvent: toBatchShippedProto,
    }),
  ],
  schemas: collectionSchemas,
  grpcService: CollectionService,
};
