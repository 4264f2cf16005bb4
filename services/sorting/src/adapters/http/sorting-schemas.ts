import type { OpenApiObject } from '@vezel/service-kit';
import { DERIVED_RECEIPT_ID_PREFIX } from '../../app/resolve-receipt-id.ts';
import { DESTINATION_KINDS, DISPOSAL_METHODS, FRACTIONS } from '../../domain/index.ts';

const ref = (name: string): OpenApiObject => ({ $ref: `#/components/schemas/${name}` });

/** How a receipt without a `receiptId` stays one command when it is retried. */
export const receiptIdRule =
  'A receipt is identified by its `receiptId`. It may be left out; the service then derives one (`' +
  `${DERIVED_RECEIPT_ID_PREFIX}` +
  '` and 32 hex digits, returned in the answer and the Location header) so that a retried request is still the same ' +
  'command: with a `deliveryId`, from (deliveryId, nodeId, centreId): a delivery is closed by one receipt, so the same ' +
  'delivery again with other figures is a 409 naming `deliveryId`; without one, from the whole body (nodeId, ' +
  'centreId, grams, receivedAt): the same body again is a replay. To record two receipts with identical figures and ' +
  'time, or a second receipt of one delivery, send your own `receiptId`.';

/** The JSON schemas of the sorting HTTP API's bodies and answers (`components.schemas`). */
export const sortingSchemas: OpenApiObject = {
  Fraction: { type: 'string', enum: [...FRACTIONS], description: 'The sorting grade of a lot' },
  DestinationKind: { type: 'string', enum: [...DESTINATION_KINDS] },
  DisposalMethod: { type: 'string', enum: [...DISPOSAL_METHODS] },
  CountryCode: {
    type: 'string',
    pattern: '^[A-Z]{2}$',
    description: 'ISO 3166-1 alpha-2, upper case',
    examples: ['NL'],
  },
  ReceiveNodeAtCentre: {
    type: 'object',
    additionalProperties: false,
    required: ['nodeId', 'centreId', 'grams', 'receivedAt'],
    properties: {
      receiptId: { ...ref('Id'), description: `Optional. ${receiptIdRule}` },
      nodeId: ref('Id'),
      centreId: ref('Id'),
      grams: ref('Grams'),
      receivedAt: ref('Timestamp'),
      deliveryId: {
        ...ref('Id'),
        description: 'The shipmentId, dispatchId or returnId this receipt closes; absent: the oldest open delivery',
      },
    },
  },
  Receipt: {
    type: 'object',
    required: ['receiptId', 'nodeId', 'centreId', 'grams', 'receivedAt'],
    properties: {
      receiptId: ref('Id'),
      nodeId: ref('Id'),
      centreId: ref('Id'),
      grams: ref('Grams'),
      receivedAt: ref('Timestamp'),
      deliveryId: ref('Id'),
    },
  },
  RunInput: {
    type: 'object',
    additionalProperties: false,
    required: ['nodeId', 'grams'],
    properties: { nodeId: ref('Id'), grams: ref('Grams') },
  },
  RunOutput: {
    type: 'object',
    additionalProperties: false,
    required: ['lotId', 'fraction', 'grams'],
    properties: { lotId: ref('Id'), fraction: ref('Fraction'), grams: ref('Grams') },
  },
  CompleteSortingRun: {
    type: 'object',
    additionalProperties: false,
    required: ['runId', 'centreId', 'inputs', 'outputs', 'lossGrams', 'completedAt'],
    properties: {
      runId: ref('Id'),
      centreId: ref('Id'),
      inputs: {
        type: 'array',
        items: ref('RunInput'),
        minItems: 1,
        maxItems: 1000,
        description: 'One line per node',
      },
      outputs: { type: 'array', items: ref('RunOutput'), minItems: 1, maxItems: 1000, description: 'The new lots' },
      lossGrams: {
        type: 'integer',
        minimum: 0,
        maximum: Number.MAX_SAFE_INTEGER,
        description: 'Dust, moisture, weighing',
      },
      completedAt: ref('Timestamp'),
    },
  },
  SortingRun: {
    type: 'object',
    required: ['runId', 'centreId', 'inputs', 'outputs', 'lossGrams', 'completedAt'],
    properties: {
      runId: ref('Id'),
      centreId: ref('Id'),
      inputs: { type: 'array', items: ref('RunInput') },
      outputs: { type: 'array', items: ref('RunOutput') },
      lossGrams: { type: 'integer', minimum: 0 },
      completedAt: ref('Timestamp'),
    },
  },
  Destination: {
    type: 'object',
    additionalProperties: false,
    required: ['kind', 'id'],
    properties: {
      kind: ref('DestinationKind'),
      id: { ...ref('Id'), description: 'The receiving centre, store, processor, exporter or disposal facility' },
      country: { ...ref('CountryCode'), description: 'Required for an exporter (kept with reuse.exported)' },
      method: { ...ref('DisposalMethod'), description: 'Required for disposal, refused for every other kind' },
    },
  },
  DispatchLot: {
    type: 'object',
    additionalProperties: false,
    required: ['dispatchId', 'grams', 'destination', 'dispatchedAt'],
    properties: {
      dispatchId: ref('Id'),
      grams: ref('Grams'),
      destination: ref('Destination'),
      transportKm: { type: 'number', minimum: 0, description: 'Road distance, for transport km per kg reused' },
      dispatchedAt: ref('Timestamp'),
    },
  },
  Dispatch: {
    type: 'object',
    required: ['dispatchId', 'lotId', 'centreId', 'grams', 'destination', 'dispatchedAt'],
    properties: {
      dispatchId: ref('Id'),
      lotId: ref('Id'),
      centreId: { ...ref('Id'), description: 'The centre the grams left' },
      grams: ref('Grams'),
      destination: ref('Destination'),
      transportKm: { type: 'number', minimum: 0 },
      dispatchedAt: ref('Timestamp'),
    },
  },
  Lot: {
    type: 'object',
    required: ['lotId', 'runId', 'centreId', 'fraction', 'grams', 'availableGrams', 'dispatches'],
    properties: {
      lotId: ref('Id'),
      runId: { ...ref('Id'), description: 'The run that created it' },
      centreId: { ...ref('Id'), description: 'The centre whose run created it' },
      fraction: ref('Fraction'),
      grams: { ...ref('Grams'), description: 'Grams the run created' },
      availableGrams: {
        type: 'integer',
        minimum: 0,
        description:
          'Grams of the lot its centre holds now: created, minus dispatched and consumed, plus returned there',
      },
      dispatches: { type: 'array', items: ref('Dispatch'), description: 'Oldest first' },
    },
  },
  CentreStock: {
    type: 'object',
    required: ['centreId', 'stock'],
    properties: {
      centreId: ref('Id'),
      stock: {
        type: 'array',
        items: {
          type: 'object',
          required: ['nodeId', 'grams'],
          properties: { nodeId: ref('Id'), grams: ref('Grams') },
        },
      },
    },
  },
};
