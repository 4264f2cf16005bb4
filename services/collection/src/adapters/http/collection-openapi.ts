import { createOpenApiDocument, problems, type OpenApiObject } from '@vezel/service-kit';
import { CONTAINER_CHANNELS } from '../../domain/container-channel.ts';

const ref = (name: string): OpenApiObject => ({ $ref: `#/components/schemas/${name}` });

const json = (schema: OpenApiObject): OpenApiObject => ({ 'application/json': { schema } });

const idempotency =
  'The command carries its own id: repeating it with the same id and body changes nothing and answers 200 with the ' +
  'original result; the same id with another body is a 409.';

const created = (schema: string, what: string): OpenApiObject => ({
  '201': {
    description: `${what} (first execution)`,
    content: json(ref(schema)),
    headers: { Location: { schema: { type: 'string' } } },
  },
  '200': { description: 'The same command was executed before: its original result', content: json(ref(schema)) },
});

const pathId = (name: string): OpenApiObject => ({ name, in: 'path', required: true, schema: ref('Id') });

/** The OpenAPI 3.1 document of the collection HTTP API, served at `/v1/collection/openapi.json`. */
export const collectionOpenApiDocument: OpenApiObject = createOpenApiDocument({
  service: 'collection',
  version: '1.0.0',
  description:
    'Collection points (containers), the batches collected from them and their shipments to sorting centres. ' +
    'All quantities are integer grams.',
  paths: {
    '/v1/collection/containers': {
      post: {
        operationId: 'registerContainer',
        summary: 'Register a collection point',
        description: idempotency,
        requestBody: { required: true, content: json(ref('RegisterContainer')) },
        responses: {
          ...created('Container', 'The registered container'),
          ...problems('InvalidInput', 'Conflict', 'PayloadTooLarge', 'UnsupportedMediaType', 'Unavailable'),
        },
      },
    },
    '/v1/collection/containers/{containerId}': {
      get: {
        operationId: 'getContainer',
        summary: 'Read a container',
        parameters: [pathId('containerId')],
        responses: {
          '200': { description: 'The container', content: json(ref('Container')) },
          ...problems('InvalidInput', 'NotFound'),
        },
      },
    },
    '/v1/collection/batches': {
      post: {
        operationId: 'collectBatch',
        summary: 'Record a batch collected from a registered container',
        description: idempotency,
        requestBody: { required: true, content: json(ref('CollectBatch')) },
        responses: {
          ...created('Batch', 'The new batch'),
          ...problems('InvalidInput', 'NotFound', 'Conflict', 'PayloadTooLarge', 'UnsupportedMediaType', 'Unavailable'),
        },
      },
    },
    '/v1/collection/batches/{batchId}': {
      get: {
        operationId: 'getBatch',
        summary: 'Read a batch with its shipments and unshipped grams',
        parameters: [pathId('batchId')],
        responses: {
          '200': { description: 'The batch', content: json(ref('Batch')) },
          ...problems('InvalidInput', 'NotFound'),
        },
      },
    },
    '/v1/collection/batches/{batchId}/shipments': {
      post: {
        operationId: 'shipBatch',
        summary: 'Ship grams of a batch to a sorting centre',
        description: `At most the batch's unshipped grams (422 otherwise). ${idempotency}`,
        parameters: [pathId('batchId')],
        requestBody: { required: true, content: json(ref('ShipBatch')) },
        responses: {
          ...created('Shipment', 'The shipment'),
          ...problems(
            'InvalidInput',
            'NotFound',
            'Conflict',
            'MassNotConserved',
            'PayloadTooLarge',
            'UnsupportedMediaType',
            'Unavailable',
          ),
        },
      },
    },
  },
  schemas: {
    Municipality: {
      type: 'string',
      pattern: '^GM[0-9]{4}$',
      description: 'CBS municipality code',
      examples: ['GM0150'],
    },
    Channel: { type: 'string', enum: [...CONTAINER_CHANNELS] },
    Location: {
      type: 'object',
      additionalProperties: false,
      description: 'A WGS 84 point (latitude and longitude together), an address, or both',
      properties: {
        latitude: { type: 'number', minimum: -90, maximum: 90 },
        longitude: { type: 'number', minimum: -180, maximum: 180 },
        address: { type: 'string', minLength: 1, maxLength: 500 },
      },
    },
    RegisterContainer: {
      type: 'object',
      additionalProperties: false,
      required: ['containerId', 'municipality', 'channel'],
      properties: {
        containerId: ref('Id'),
        municipality: ref('Municipality'),
        channel: ref('Channel'),
        location: ref('Location'),
      },
    },
    Container: {
      type: 'object',
      required: ['containerId', 'municipality', 'channel'],
      properties: {
        containerId: ref('Id'),
        municipality: ref('Municipality'),
        channel: ref('Channel'),
        location: ref('Location'),
      },
    },
    CollectBatch: {
      type: 'object',
      additionalProperties: false,
      required: ['batchId', 'containerId', 'grams', 'collectedAt'],
      properties: { batchId: ref('Id'), containerId: ref('Id'), grams: ref('Grams'), collectedAt: ref('Timestamp') },
    },
    ShipBatch: {
      type: 'object',
      additionalProperties: false,
      required: ['shipmentId', 'centreId', 'grams', 'shippedAt'],
      properties: {
        shipmentId: ref('Id'),
        centreId: ref('Id'),
        grams: ref('Grams'),
        transportKm: { type: 'number', minimum: 0, description: 'Road distance, for transport km per kg reused' },
        shippedAt: ref('Timestamp'),
      },
    },
    Shipment: {
      type: 'object',
      required: ['shipmentId', 'batchId', 'containerId', 'centreId', 'grams', 'shippedAt'],
      properties: {
        shipmentId: ref('Id'),
        batchId: ref('Id'),
        containerId: ref('Id'),
        centreId: ref('Id'),
        grams: ref('Grams'),
        transportKm: { type: 'number', minimum: 0 },
        shippedAt: ref('Timestamp'),
      },
    },
    Batch: {
      type: 'object',
      required: [
        'batchId',
        'containerId',
        'municipality',
        'grams',
        'collectedAt',
        'shippedGrams',
        'unshippedGrams',
        'shipments',
      ],
      properties: {
        batchId: ref('Id'),
        containerId: ref('Id'),
        municipality: ref('Municipality'),
        grams: ref('Grams'),
        collectedAt: ref('Timestamp'),
        shippedGrams: { type: 'integer', minimum: 0, description: 'Sum of the shipments' },
        unshippedGrams: { type: 'integer', minimum: 0, description: 'grams - shippedGrams' },
        shipments: { type: 'array', items: ref('Shipment'), description: 'Oldest first' },
      },
    },
  },
});
