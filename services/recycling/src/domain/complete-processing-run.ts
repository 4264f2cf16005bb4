import {
  requireBalancedRun,
  requireId,
  requireInstant,
  requireNonNegativeGrams,
  requirePositiveGrams,
  requireRunInputs,
  requireText,
} from '@vezel/chain-rules';
import { ConflictError, InvalidInputError } from '@vezel/errors';
import { hasHeld, requireRunInputsHeld } from '@vezel/holder-stock';
import type { ProcessorStock } from './processor-stock.ts';
import type { CompleteProcessingRun } from './recycling-command.ts';
import type { ProcessingRunCompleted, ProcessingRunOutput } from './recycling-event.ts';
import { isRecyclingOutcome, RECYCLING_OUTCOMES } from './recycling-outcome.ts';

/**
 * Decides a processing run. Checks, in this order, so the first broken rule is the one reported:
 * 1. the command's own values: ids, at least one input and one output, positive grams, known outcomes, a product
 *    kind, no node consumed twice and no product made twice, a loss of zero or more grams;
 * 2. the balance: sum(inputs) = sum(outputs) + lossGrams, to the gram;
 * 3. the processor's stock: every input was received here and is held in at least the consumed grams, and no
 *    product id names a node the processor has received.
 *
 * A run must make at least one product, although the balance alone would allow "everything is loss": loss is what
 * disappears unmeasured (dust, moisture, trimmings); material thrown away has an outcome of its own and is recorded
 * as a disposal. A run without outputs is far more often a form sent half-filled.
 *
 * Product ids are unique across the whole chain, but this aggregate sees only its own processor and does not keep
 * its past products (they are terminal, not stock). The app layer enforces the rest with a unique constraint on
 * {@link productIdsCreatedBy} and reports a clash with {@link productIdTakenError}.
 */
export function decideCompleteProcessingRun(
  command: CompleteProcessingRun,
  stock: ProcessorStock,
): [ProcessingRunCompleted] {
  const runId = requireId(command.runId, 'runId');
  const processorId = requireId(command.processorId, 'processorId');
  const completedAt = requireInstant(command.completedAt, 'completedAt');
  const inputs = requireRunInputs(command.inputs);
  const outputs = parseOutputs(command);
  const lossGrams = requireNonNegativeGrams(command.lossGrams, 'lossGrams');
  requireBalancedRun({ inputs, outputs, lossGrams }, 'products');

  requireRunInputsHeld(stock, { kind: 'processor', id: processorId, idKey: 'processorId' }, inputs);
  for (const output of outputs) {
    if (hasHeld(stock, output.productId)) throw productIdTakenError(command, output.productId);
  }

  return [{ type: 'ProcessingRunCompleted', runId, processorId, inputs, outputs, lossGrams, completedAt }];
}

/** The ids of the products a run makes, in output order: the node ids the app layer keeps unique chain-wide. */
export function productIdsCreatedBy(run: CompleteProcessingRun | ProcessingRunCompleted): readonly string[] {
  return run.outputs.map((output) => output.productId);
}

/**
 * The error for a product id that already names a node, naming the output (`outputs[1].productId`). Exported so the
 * app layer, which finds clashes with other processors' products through a unique constraint, rejects them exactly
 * as the decider rejects clashes with this processor's stock.
 */
export function productIdTakenError(run: CompleteProcessingRun, productId: string): ConflictError {
  const index = run.outputs.findIndex((output) => output.productId === productId);
  return new ConflictError(`node id ${productId} is already taken: a run's products must have new ids`, {
    ...(index === -1 ? {} : { field: `outputs[${index}].productId` }),
    details: { productId },
  });
}

function parseOutputs(command: CompleteProcessingRun): ProcessingRunOutput[] {
  if (isEmptyList(command.outputs)) {
    throw new InvalidInputError('a run makes at least one product; record material thrown away as a disposal', {
      field: 'outputs',
    });
  }
  const seen = new Set<string>();
  return command.outputs.map((output, index) => {
    const productId = requireId(output.productId, `outputs[${index}].productId`);
    if (seen.has(productId)) {
      throw new InvalidInputError(`product ${productId} is listed more than once`, {
        field: `outputs[${index}].productId`,
      });
    }
    seen.add(productId);
    const { outcome } = output;
    if (!isRecyclingOutcome(outcome)) {
      throw new InvalidInputError(`must be one of ${RECYCLING_OUTCOMES.join(', ')}, got "${outcome}"`, {
        field: `outputs[${index}].outcome`,
      });
    }
    return {
      productId,
      outcome,
      productKind: requireText(output.productKind, `outputs[${index}].productKind`),
      grams: requirePositiveGrams(output.grams, `outputs[${index}].grams`),
    };
  });
}

/** Whether a list is missing or empty; a missing one would otherwise surface as a TypeError without a field. */
function isEmptyList(list: readonly unknown[]): boolean {
  return !Array.isArray(list) || list.length === 0;
}
