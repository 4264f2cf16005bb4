import { createOpenApiDocument, problems, type OpenApiObject } from '@vezel/service-kit';
import { DERIVED_RECEIPT_ID_PREFIX } from '../../app/resolve-receipt-id.ts';
import { DESTINATION_KINDS, DISPOSAL_METHODS, FRACTIONS } from '../../domain/index.ts';

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

const read = (schema: string, what: string): OpenApiObject => ({
  '200': { description: what, content: json(ref(schema)) },
  ...problems('InvalidInput', 'NotFound'),
});

const receiptIdRule =
  'A receipt is identified by its `receiptId`. It may be left out; the service then derives one (`' +
  `${DERIVED_RECEIPT_ID_PREFIX}` +
  '` and 32 hex digits, returned in the answer and the Location header) so that a retried request is still the same ' +
  'command: with a `deliveryId`, from (deliveryId, nodeId, centreId): a delivery is closed by one receipt, so the same ' +
  'delivery again with other figures is a 409 naming `deliveryId`; without one, from the whole body (nodeId, ' +
  'centreId, grams, receivedAt): the same body again is a replay. To record two receipts with identical figures and ' +
  'time, or a second receipt of one delivery, send your own `receiptId`.';

/** The OpenAPI 3.1 document of the sorting HTTP API, served at `/v1/sorting/openapi.json`. */
export const sortingOpenApiDocument: OpenApiObject = createOpenApiDocument({
  service: 'sorting',
  version: '1.0.0',
  description:
    'Sorting centres: what they receive (batches, returned lots), the sorting runs that grade it into lots, and the ' +
    'dispatches of those lots. All quantities are integer grams. Runs follow the ISO 22095 mass-balance custody ' +
    'model: every lot of a run has the composition of everything the run consumed.',
  paths: {
    '/v1/sorting/receipts': {
      post: {
        operationId: 'receiveNodeAtCentre',
        summary: 'Record grams of a node (a shipped batch or a returned lot) received at a centre',
        description:
          'Facts owned by other services are not checked: a receipt larger than what was shipped, or of a node the ' +
          `chain has not seen, is accepted (the ledger reports it under anomalies). ${receiptIdRule} ${idempotency}`,
        requestBody: { required: true, content: json(ref('ReceiveNodeAtCentre')) },
        responses: {
          ...created('Receipt', 'The receipt'),
          ...problems('InvalidInput', 'Conflict', 'PayloadTooLarge', 'UnsupportedMediaType', 'Unavailable'),
        },
      },
    },
    '/v1/sorting/receipts/{receiptId}': {
      get: {
        operationId: 'getCentreReceipt',
        summary: 'Read a receipt',
        parameters: [pathId('receiptId')],
        responses: read('Receipt', 'The receipt'),
      },
    },
    '/v1/sorting/runs': {
      post: {
        operationId: 'completeSortingRun',
        summary: 'Record a sorting run: nodes the centre holds consumed, graded lots created',
        description:
          'The run balances to the gram: sum(inputs.grams) = sum(outputs.grams) + lossGrams (422 otherwise). Every ' +
          'input is a node the centre received (404 otherwise) and at most what it holds of it (422). Every lot id is ' +
          'new to the whole chain: not a lot of any run, nor a node any centre received (409). ' +
          idempotency,
        requestBody: { required: true, content: json(ref('CompleteSortingRun')) },
        responses: {
          ...created('SortingRun', 'The run'),
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
    '/v1/sorting/runs/{runId}': {
      get: {
        operationId: 'getSortingRun',
        summary: 'Read a sorting run',
        parameters: [pathId('runId')],
        responses: read('SortingRun', 'The run'),
      },
    },
    '/v1/sorting/lots/{lotId}': {
      get: {
        operationId: 'getLot',
        summary: 'Read a lot with its dispatches and the grams its centre still holds',
        parameters: [pathId('lotId')],
        responses: read('Lot', 'The lot'),
      },
    },
    '/v1/sorting/lots/{lotId}/dispatches': {
      post: {
        operationId: 'dispatchLot',
        summary: 'Send grams of a lot to a centre, store or processor (in transit), an exporter or disposal (terminal)',
        description:
          'The grams leave the centre whose run created the lot (the body names no centre), at most what it holds ' +
          'of the lot (`availableGrams`, 422 otherwise); a lot no run created is a 404. An exporter needs `country`, ' +
          `a disposal needs \`method\`. ${idempotency}`,
        parameters: [pathId('lotId')],
        requestBody: { required: true, content: json(ref('DispatchLot')) },
        responses: {
          ...created('Dispatch', 'The dispatch'),
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
    '/v1/sorting/centres/{centreId}/stock': {
      get: {
        operationId: 'getCentreStock',
        summary: 'What a centre holds now, per node',
        description:
          'Nodes with grams > 0, ordered by node id (byte order). A centre that never received anything holds nothing.',
        parameters: [pathId('centreId')],
        responses: {
          '200': { description: 'The stock', content: json(ref('CentreStock')) },
          ...problems('InvalidInput'),
        },
      },
    },
  },
  schemas: {
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
  },
});
