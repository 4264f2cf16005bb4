import { readJson } from '@vezel/rpc';
import { readReceiptBody } from '@vezel/service-kit';
import type { CompleteProcessingRunInput } from '../../app/complete-processing-run.ts';
import type { DisposeNodeInput } from '../../app/dispose-node.ts';
import type { ReceiveLotRequest } from '../../app/resolve-receipt-id.ts';
import { DISPOSAL_METHODS, MAX_ID_LENGTH, RECYCLING_OUTCOMES } from '../../domain/index.ts';

// The JSON bodies of the recycling commands (docs/domain.md is the contract). Types, presence, vocabularies and unknown
// fields are checked here, naming the field; the domain then checks the rules (ids, positive grams, the balance,
// the stock).

const id = { maxLength: MAX_ID_LENGTH } as const;

/** Lines per run: far above any real run, low enough that one request cannot make the server build a huge query. */
export const MAX_RUN_LINES = 1_000;

/** The ids of a processor's receipt: the lot it received, and the processor. */
export const processorReceipt = { node: 'lotId', holder: 'processorId' } as const;

/** `POST /v1/recycling/receipts`; `receiptId` is optional (see `resolveReceiptId`). */
export function readReceiveLot(body: unknown): ReceiveLotRequest {
  return readReceiptBody(body, processorReceipt, id);
}

/** `POST /v1/recycling/runs`. */
export function readCompleteProcessingRun(body: unknown): CompleteProcessingRunInput {
  const lines = { minItems: 1, maxItems: MAX_RUN_LINES } as const;
  return readJson(body, (input) => ({
    runId: input.string('runId', id),
    processorId: input.string('processorId', id),
    inputs: input.array('inputs', (line) => ({ nodeId: line.string('nodeId', id), grams: line.grams('grams') }), lines),
    outputs: input.array(
      'outputs',
      (line) => ({
        productId: line.string('productId', id),
        outcome: line.oneOf('outcome', RECYCLING_OUTCOMES),
        productKind: line.string('productKind', { maxLength: 200 }),
        grams: line.grams('grams'),
      }),
      lines,
    ),
    lossGrams: input.grams('lossGrams', { allowZero: true }),
    completedAt: input.timestamp('completedAt'),
  }));
}

/** `POST /v1/recycling/disposals`. */
export function readDisposeNode(body: unknown): DisposeNodeInput {
  return readJson(body, (input) => ({
    disposalId: input.string('disposalId', id),
    processorId: input.string('processorId', id),
    nodeId: input.string('nodeId', id),
    grams: input.grams('grams'),
    method: input.oneOf('method', DISPOSAL_METHODS),
    disposedAt: input.timestamp('disposedAt'),
  }));
}
