import {
  bodyAndFactSchemas,
  gramsLineSchema,
  receiptSchemas,
  runSchemas,
  type OpenApiObject,
} from '@vezel/service-kit';
import { DISPOSAL_METHODS, RECYCLING_OUTCOMES } from '../../domain/index.ts';
import { MAX_RUN_LINES, processorReceipt } from './recycling-requests.ts';

const ref = (name: string): OpenApiObject => ({ $ref: `#/components/schemas/${name}` });

/** How a receipt without a `receiptId` stays safe to repeat. */
export const receiptIdempotency =
  'Receipts are idempotent like every command, by their `receiptId`. docs/domain.md gives a receipt no id, so it is ' +
  'optional here; without it the service derives one (`rcpt-` and 32 hex digits) and returns it: from ' +
  '(processorId, lotId, deliveryId) when the receipt names the delivery it closes, so receiving that delivery again ' +
  'with the same body is a 200 replay and with another body a 409 naming `deliveryId`; otherwise from the whole ' +
  'content (processorId, lotId, grams, receivedAt), so a resend is a replay. Send a `receiptId` to record two ' +
  'receipts that would otherwise look identical.';

const runLines = (items: OpenApiObject): OpenApiObject => ({
  type: 'array',
  minItems: 1,
  maxItems: MAX_RUN_LINES,
  items,
});

/** The JSON schemas of the recycling HTTP API's bodies and answers (`components.schemas`). */
export const recyclingSchemas: OpenApiObject = {
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
  ...receiptSchemas('ReceiveLot', processorReceipt, {
    receiptId: 'Optional command id; derived when absent (see the operation)',
    deliveryId: 'The dispatchId or returnId this receipt closes; absent: the oldest open delivery of the lot here',
  }),
  ...runSchemas({
    holder: 'processorId',
    body: 'CompleteProcessingRun',
    run: 'ProcessingRun',
    output: {
      required: ['productId', 'outcome', 'productKind', 'grams'],
      properties: {
        productId: { ...ref('Id'), description: 'The new product node, unique across the chain' },
        outcome: ref('Outcome'),
        productKind: { type: 'string', minLength: 1, maxLength: 200, examples: ['recycled fibre', 'wipers', 'bag'] },
        grams: ref('Grams'),
      },
    },
    lines: runLines,
    words: {
      inputs: 'One line per node',
      outputs: 'At least one product; material thrown away is a disposal',
      lossGrams: 'sum(inputs) - sum(outputs)',
    },
  }),
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
  ...bodyAndFactSchemas('DisposeNode', 'Disposal', {
    required: ['disposalId', 'processorId', 'nodeId', 'grams', 'method', 'disposedAt'],
    properties: {
      disposalId: ref('Id'),
      processorId: ref('Id'),
      nodeId: ref('Id'),
      grams: ref('Grams'),
      method: ref('DisposalMethod'),
      disposedAt: ref('Timestamp'),
    },
  }),
  ProcessorStock: {
    type: 'object',
    required: ['processorId', 'stock'],
    properties: {
      processorId: ref('Id'),
      stock: {
        type: 'array',
        description:
          'Held grams per node (received minus consumed and disposed), only nodes with grams left, by nodeId',
        items: gramsLineSchema('nodeId'),
      },
    },
  },
};
