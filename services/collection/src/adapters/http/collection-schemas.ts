import { bodyAndFactSchemas, deliverySchemas, type OpenApiObject } from '@vezel/service-kit';
import { CONTAINER_CHANNELS } from '../../domain/container-channel.ts';

const ref = (name: string): OpenApiObject => ({ $ref: `#/components/schemas/${name}` });

/** The JSON schemas of the collection HTTP API's bodies and answers (`components.schemas`). */
export const collectionSchemas: OpenApiObject = {
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
  ...bodyAndFactSchemas('RegisterContainer', 'Container', {
    required: ['containerId', 'municipality', 'channel'],
    properties: {
      containerId: ref('Id'),
      municipality: ref('Municipality'),
      channel: ref('Channel'),
      location: ref('Location'),
    },
  }),
  CollectBatch: {
    type: 'object',
    additionalProperties: false,
    required: ['batchId', 'containerId', 'grams', 'collectedAt'],
    properties: { batchId: ref('Id'), containerId: ref('Id'), grams: ref('Grams'), collectedAt: ref('Timestamp') },
  },
  ...deliverySchemas('ShipBatch', 'Shipment', {
    id: 'shipmentId',
    origin: { batchId: ref('Id'), containerId: ref('Id') },
    own: { centreId: ref('Id'), grams: ref('Grams') },
    at: 'shippedAt',
  }),
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
};
