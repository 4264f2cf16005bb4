import { deliverySchemas, gramsLineSchema, receiptSchemas, runSchemas, type OpenApiObject } from '@vezel/service-kit';
import { DERIVED_RECEIPT_ID_PREFIX } from '../../app/resolve-receipt-id.ts';
import { DESTINATION_KINDS, DISPOSAL_METHODS, FRACTIONS } from '../../domain/index.ts';
import { centreReceipt, MAX_RUN_LINES } from './sorting-requests.ts';

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
  ...receiptSchemas('ReceiveNodeAtCentre', centreReceipt, {
    receiptId: `Optional. ${receiptIdRule}`,
    deliveryId: 'The shipmentId, dispatchId or returnId this receipt closes; absent: the oldest open delivery',
  }),
  ...runSchemas({
    holder: 'centreId',
    body: 'CompleteSortingRun',
    run: 'SortingRun',
    output: {
      required: ['lotId', 'fraction', 'grams'],
      properties: { lotId: ref('Id'), fraction: ref('Fraction'), grams: ref('Grams') },
    },
    lines: (items) => ({ type: 'array', items, minItems: 1, maxItems: MAX_RUN_LINES }),
    words: { inputs: 'One line per node', outputs: 'The new lots', lossGrams: 'Dust, moisture, weighing' },
  }),
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
  ...deliverySchemas('DispatchLot', 'Dispatch', {
    id: 'dispatchId',
    origin: { lotId: ref('Id'), centreId: { ...ref('Id'), description: 'The centre the grams left' } },
    own: { grams: ref('Grams'), destination: ref('Destination') },
    at: 'dispatchedAt',
  }),
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
        items: gramsLineSchema('nodeId'),
      },
    },
  },
};
