import { createOpenApiDocument, problems, type OpenApiObject } from '@vezel/service-kit';
import { DISPOSAL_METHODS, RECYCLING_OUTCOMES } from '../../domain/index.ts';
import { MAX_RUN_LINES } from './recycling-requests.ts';

const ref = (name: string): OpenApiObject => ({ $ref: `#/components/schemas/${name}` });

const json = (schema: OpenApiObject): OpenApiObject => ({ 'application/json': { schema } });

const idempotency =
  'The command carries its own id: repeating it with the same id and body changes nothing and answers 200 with the ' +
  'original result; the same id with another body is a 409.';

const receiptIdempotency =
  'Receipts are idempotent like every command, by their `receiptId`. docs/domain.md gives a receipt no id, so it is ' +
  'optional here; without it the service derives one (`rcpt-` and 32 hex digits) and returns it: from ' +
  '(processorId, lotId, deliveryId) when the receipt names the delivery it closes, so receiving that delivery again ' +
  'with the same body is a 200 replay and with another body a 409 naming `deliveryId`; otherwise from the whole ' +
  'content (processorId, lotId, grams, receivedAt), so a resend is a replay. Send a `receiptId` to record two ' +
  'receipts that would otherwise look identical.';

const created = (schema: string, what: string): OpenApiObject => ({
  '201': {
    description: `${what} (first execution)`,
    content: json(ref(schema)),
    headers: { Location: { schema: { type: 'string' } } },
  },
  '200': { description: 'The same command was executed before: its original result', content: json(ref(schema)) },
});

const pathId = (name: string): OpenApiObject => ({ name, in: 'path', required: true, schema: ref('Id') });

const read = (operationId: string, summary: string, parameter: string, schema: string): OpenApiObject => ({
  get: {
    operationId,
    summary,
    parameters: [pathId(parameter)],
    responses: { '200': { description: summary, content: json(ref(schema)) }, ...problems('InvalidInput', 'NotFound') },
  },
});

const commandProblems = problems(
  'InvalidInput',
  'NotFound',
  'Conflict',
  'MassNotConserved',
  'PayloadTooLarge',
  'UnsupportedMediaType',
  'Unavailable',
);

const nodeGrams: OpenApiObject = {
  type: 'object',
  additionalProperties: false,
  required: ['nodeId', 'grams'],
  properties: { nodeId: ref('Id'), grams: ref('Grams') },
};

const runLines = (items: OpenApiObject): OpenApiObject => ({
  type: 'array',
  minItems: 1,
  maxItems: MAX_RUN_LINES,
  items,
});

/** The OpenAPI 3.1 document of the recycling HTTP API, served at `/v1/recycling/openapi.json`. */
export const recyclingOpenApiDocument: OpenApiObject = createOpenApiDocument({
  service: 'recycling',
  version: '1.0.0',
  description:
    'Recycling and upcycling processors: lots they receive, the processing runs that turn held nodes into products ' +
    '(terminal nodes with outcome recycling.fibre-to-fibre, recycling.open-loop or upcycling), and disposals. All ' +
    'quantities are integer grams. Nobody consumes or disposes of more grams of a node than the processor holds ' +
    '(422), and a run balances to the gram: sum(inputs) = sum(outputs) + lossGrams (422).',
  paths: {
    '/v1/recycling/receipts': {
      post: {
        operationId: 'receiveLotAtProcessor',
        summary: 'Record grams of a lot received by a processor',
        description:
          'What was dispatched or returned is not checked here (another service owns it): the ledger reports a ' +
          `shortfall as loss and a surplus as an anomaly. ${receiptIdempotency}`,
        requestBody: { required: true, content: json(ref('ReceiveLot')) },
        responses: {
          ...created('Receipt', 'The receipt'),
          ...problems('InvalidInput', 'Conflict', 'PayloadTooLarge', 'UnsupportedMediaType', 'Unavailable'),
        },
      },
    },
    '/v1/recycling/receipts/{receiptId}': read('getProcessorReceipt', 'A receipt', 'receiptId', 'Receipt'),
    '/v1/recycling/runs': {
      post: {
        operationId: 'completeProcessingRun',
        summary: 'Record a balanced processing run',
        description:
          'Consumes grams of nodes the processor holds (404 for a node it never received, 422 for more than it ' +
          'holds) and makes products. Product ids are new node ids: one that already names a product or a received ' +
          'lot is a 409 naming the output. The products have the mass-balance composition of the pooled inputs ' +
          `(ISO 22095). ${idempotency}`,
        requestBody: { required: true, content: json(ref('CompleteProcessingRun')) },
        responses: { ...created('ProcessingRun', 'The run'), ...commandProblems },
      },
    },
    '/v1/recycling/runs/{runId}': read('getProcessingRun', 'A processing run', 'runId', 'ProcessingRun'),
    '/v1/recycling/products/{productId}': read('getProduct', 'A product a run made', 'productId', 'Product'),
    '/v1/recycling/disposals': {
      post: {
        operationId: 'disposeNode',
        summary: 'Record grams of a held node sent to disposal',
        description: `At most the grams the processor holds of the node (404 / 422 otherwise). ${idempotency}`,
        requestBody: { required: true, content: json(ref('DisposeNode')) },
        responses: { ...created('Disposal', 'The disposal'), ...commandProblems },
      },
    },
    '/v1/recycling/disposals/{disposalId}': read('getDisposal', 'A disposal', 'disposalId', 'Disposal'),
    '/v1/recycling/processors/{processorId}/stock': {
      get: {
        operationId: 'getProcessorStock',
        summary: 'What a processor holds now',
        description:
          'Nodes with grams left, by node id. A processor that has received nothing holds nothing (200, empty).',
        parameters: [pathId('processorId')],
        responses: {
          '200': { description: 'The stock', content: json(ref('ProcessorStock')) },
          ...problems('InvalidInput'),
        },
      },
    },
  },
  schemas: {
    Outcome: {
      type: 'string',
      enum: [...RECYCLING_OUTCOMES],
      description: "The ledger's outcome key for the product's grams",
    },
    DisposalMethod: {
      type: 'string',
      enum: [...DISPOSAL_METHODS],
      description: 'The grams reach outcome `disposal.<method>`',
    },
    ReceiveLot: {
      type: 'object',
      additionalProperties: false,
      required: ['lotId', 'processorId', 'grams', 'receivedAt'],
      properties: {
        receiptId: { ...ref('Id'), description: 'Optional command id; derived when absent (see the operation)' },
        lotId: ref('Id'),
        processorId: ref('Id'),
        grams: ref('Grams'),
        receivedAt: ref('Timestamp'),
        deliveryId: {
          ...ref('Id'),
          description:
            'The dispatchId or returnId this receipt closes; absent: the oldest open delivery of the lot here',
        },
      },
    },
    Receipt: {
      type: 'object',
      required: ['receiptId', 'lotId', 'processorId', 'grams', 'receivedAt'],
      properties: {
        receiptId: ref('Id'),
        lotId: ref('Id'),
        processorId: ref('Id'),
        grams: ref('Grams'),
        receivedAt: ref('Timestamp'),
        deliveryId: ref('Id'),
      },
    },
    RunInput: nodeGrams,
    RunOutput: {
      type: 'object',
      additionalProperties: false,
      required: ['productId', 'outcome', 'productKind', 'grams'],
      properties: {
        productId: { ...ref('Id'), description: 'The new product node, unique across the chain' },
        outcome: ref('Outcome'),
        productKind: { type: 'string', minLength: 1, maxLength: 200, examples: ['recycled fibre', 'wipers', 'bag'] },
        grams: ref('Grams'),
      },
    },
    CompleteProcessingRun: {
      type: 'object',
      additionalProperties: false,
      required: ['runId', 'processorId', 'inputs', 'outputs', 'lossGrams', 'completedAt'],
      properties: {
        runId: ref('Id'),
        processorId: ref('Id'),
        inputs: { ...runLines(ref('RunInput')), description: 'One line per node' },
        outputs: {
          ...runLines(ref('RunOutput')),
          description: 'At least one product; material thrown away is a disposal',
        },
        lossGrams: {
          type: 'integer',
          minimum: 0,
          maximum: Number.MAX_SAFE_INTEGER,
          description: 'sum(inputs) - sum(outputs)',
        },
        completedAt: ref('Timestamp'),
      },
    },
    ProcessingRun: {
      type: 'object',
      required: ['runId', 'processorId', 'inputs', 'outputs', 'lossGrams', 'completedAt'],
      properties: {
        runId: ref('Id'),
        processorId: ref('Id'),
        inputs: { type: 'array', items: ref('RunInput') },
        outputs: { type: 'array', items: ref('RunOutput') },
        lossGrams: { type: 'integer', minimum: 0 },
        completedAt: ref('Timestamp'),
      },
    },
    Product: {
      type: 'object',
      required: ['productId', 'outcome', 'productKind', 'grams', 'runId', 'processorId', 'completedAt'],
      properties: {
        productId: ref('Id'),
        outcome: ref('Outcome'),
        productKind: { type: 'string' },
        grams: ref('Grams'),
        runId: ref('Id'),
        processorId: ref('Id'),
        completedAt: ref('Timestamp'),
      },
    },
    DisposeNode: {
      type: 'object',
      additionalProperties: false,
      required: ['disposalId', 'processorId', 'nodeId', 'grams', 'method', 'disposedAt'],
      properties: {
        disposalId: ref('Id'),
        processorId: ref('Id'),
        nodeId: ref('Id'),
        grams: ref('Grams'),
        method: ref('DisposalMethod'),
        disposedAt: ref('Timestamp'),
      },
    },
    Disposal: {
      type: 'object',
      required: ['disposalId', 'processorId', 'nodeId', 'grams', 'method', 'disposedAt'],
      properties: {
        disposalId: ref('Id'),
        processorId: ref('Id'),
        nodeId: ref('Id'),
        grams: ref('Grams'),
        method: ref('DisposalMethod'),
        disposedAt: ref('Timestamp'),
      },
    },
    ProcessorStock: {
      type: 'object',
      required: ['processorId', 'stock'],
      properties: {
        processorId: ref('Id'),
        stock: {
          type: 'array',
          description:
            'Held grams per node (received minus consumed and disposed), only nodes with grams left, by nodeId',
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
