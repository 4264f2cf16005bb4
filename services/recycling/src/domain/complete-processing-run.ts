import { requireText } from '@vezel/chain-rules';
import { InvalidInputError, type ConflictError } from '@vezel/errors';
import { decideHolderRun, outputIdTakenError, stockHolder, type RunOutputs } from '@vezel/holder-stock';
import type { ProcessorStock } from './processor-stock.ts';
import type { CompleteProcessingRun, RunOutputLine } from './recycling-command.ts';
import type { ProcessingRunCompleted, ProcessingRunOutput } from './recycling-event.ts';
import { isRecyclingOutcome, RECYCLING_OUTCOMES } from './recycling-outcome.ts';

/** A processing run's outputs: products, each of a known outcome and a product kind. */
const products: RunOutputs<'productId', RunOutputLine, ProcessingRunOutput> = {
  noun: 'product',
  idKey: 'productId',
  noOutputs: 'a run makes at least one product; record material thrown away as a disposal',
  readRest: ({ outcome, productKind }, field) => {
    if (!isRecyclingOutcome(outcome)) {
      throw new InvalidInputError(`must be one of ${RECYCLING_OUTCOMES.join(', ')}, got "${outcome}"`, {
        field: field('outcome'),
      });
    }
    return { outcome, productKind: requireText(productKind, field('productKind')) };
  },
};

/**
 * Decides a processing run by the rules every holder's run follows (`decideHolderRun`: the command's values, the
 * balance to the gram, then the processor's stock), its products each of a known outcome and a product kind.
 * Material thrown away is a disposal, not loss.
 *
 * Product ids are unique across the whole chain, but this aggregate sees only its own processor and does not keep
 * its past products (they are terminal, not stock). The app layer enforces the rest with a unique constraint on
 * {@link productIdsCreatedBy} and reports a clash with {@link productIdTakenError}.
 */
export function decideCompleteProcessingRun(
  command: CompleteProcessingRun,
  stock: ProcessorStock,
): [ProcessingRunCompleted] {
  const holder = stockHolder('processor', command.processorId);
  const run = decideHolderRun(command, holder, stock, products);
  return [{ type: 'ProcessingRunCompleted', ...run, processorId: command.processorId }];
}

/** The ids of the products a run makes, in output order: the node ids the app layer keeps unique chain-wide. */
export function productIdsCreatedBy(run: CompleteProcessingRun | ProcessingRunCompleted): readonly string[] {
  return run.outputs.map((output) => output.productId);
}

/** The error for a product id that already names a node, naming the output (`outputs[1].productId`). */
export function productIdTakenError(run: CompleteProcessingRun, productId: string): ConflictError {
  return outputIdTakenError(run, productId, products);
}
