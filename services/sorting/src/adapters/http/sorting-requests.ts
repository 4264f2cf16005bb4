import { readJson, type JsonObjectReader } from '@vezel/rpc';
import { readReceiptBody } from '@vezel/service-kit';
import type { CompleteSortingRunInput } from '../../app/complete-sorting-run.ts';
import type { DispatchLotInput } from '../../app/dispatch-lot.ts';
import type { ReceiveNodeAtCentreInput } from '../../app/receive-node-at-centre.ts';
import { MAX_ID_LENGTH, type DestinationInput } from '../../domain/index.ts';

// The JSON bodies of the sorting commands (docs/domain.md is the contract). Types, presence and unknown fields are
// checked here, naming the field; the domain then checks the rules (grams > 0, balance, known fractions, destination
// kinds and methods), so gRPC requests meet the same rules with the same fields.

const id = { maxLength: MAX_ID_LENGTH } as const;

/** More lines than any real run has; bounds the work a single request can ask for. */
export const MAX_RUN_LINES = 1_000;

/** The ids of a centre's receipt: the node it received, and the centre. */
export const centreReceipt = { node: 'nodeId', holder: 'centreId' } as const;

/** `POST /v1/sorting/receipts`. `receiptId` may be left out: the application then derives one. */
export function readReceiveNodeAtCentre(body: unknown): ReceiveNodeAtCentreInput {
  return readReceiptBody(body, centreReceipt, id);
}

/** `POST /v1/sorting/runs`. */
export function readCompleteSortingRun(body: unknown): CompleteSortingRunInput {
  return readJson(body, (input) => ({
    runId: input.string('runId', id),
    centreId: input.string('centreId', id),
    inputs: input.array('inputs', (line) => ({ nodeId: line.string('nodeId', id), grams: line.grams('grams') }), {
      maxItems: MAX_RUN_LINES,
    }),
    outputs: input.array(
      'outputs',
      (line) => ({
        lotId: line.string('lotId', id),
        fraction: line.string('fraction', { maxLength: 100 }),
        grams: line.grams('grams'),
      }),
      { maxItems: MAX_RUN_LINES },
    ),
    lossGrams: input.grams('lossGrams', { allowZero: true }),
    completedAt: input.timestamp('completedAt'),
  }));
}

/** `POST /v1/sorting/lots/{lotId}/dispatches`: the lot comes from the path. */
export function readDispatchLot(lotId: string, body: unknown): DispatchLotInput {
  return readJson(body, (input) => {
    const transportKm = input.optionalNumber('transportKm', { min: 0 });
    return {
      lotId,
      dispatchId: input.string('dispatchId', id),
      grams: input.grams('grams'),
      destination: input.object('destination', readDestination),
      ...(transportKm === undefined ? {} : { transportKm }),
      dispatchedAt: input.timestamp('dispatchedAt'),
    };
  });
}

function readDestination(destination: JsonObjectReader): DestinationInput {
  const country = destination.optionalString('country', { maxLength: 100 });
  const method = destination.optionalString('method', { maxLength: 100 });
  return {
    kind: destination.string('kind', { maxLength: 100 }),
    id: destination.string('id', id),
    ...(country === undefined ? {} : { country }),
    ...(method === undefined ? {} : { method }),
  };
}
