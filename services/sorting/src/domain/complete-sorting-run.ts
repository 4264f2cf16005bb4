import { ConflictError, InvalidInputError } from '@vezel/errors';
import { hasHeld, requireRunInputsHeld } from '@vezel/holder-stock';
import type { CentreStock } from './centre-stock.ts';
import type { CompleteSortingRun } from './sorting-command.ts';
import { FRACTIONS, isFraction } from './fraction.ts';
import {
  requireBalancedRun,
  requireId,
  requireInstant,
  requireNonNegativeGrams,
  requirePositiveGrams,
  requireRunInputs,
} from '@vezel/chain-rules';
import type { RunOutput, SortingRunCompleted } from './sorting-event.ts';

/**
 * Decides a sorting run. Checks, in this order, so the first broken rule is the one reported:
 * 1. the command's own shape: ids, at least one input and one output, positive grams, known fractions, no node
 *    consumed twice and no lot created twice;
 * 2. the balance: sum(inputs) = sum(outputs) + lossGrams, to the gram;
 * 3. the centre's stock: every input was received here and is held in at least the consumed grams;
 *    every output lot id is new to this centre.
 *
 * A run must create at least one lot, even though the balance alone would allow "everything is loss": loss is for
 * what disappears unmeasured (dust, moisture, weighing), and material that is thrown away has an outcome of its own
 * (a `residual.*` lot dispatched to disposal). A run without outputs is far more often a form sent half-filled.
 *
 * Lot ids are unique across the whole chain, but this aggregate only sees its own centre; the app layer enforces
 * the rest with a unique constraint on {@link lotIdsCreatedBy} and reports a clash with {@link lotIdTakenError}.
 */
export function decideCompleteSortingRun(command: CompleteSortingRun, stock: CentreStock): [SortingRunCompleted] {
  const runId = requireId(command.runId, 'runId');
  const centreId = requireId(command.centreId, 'centreId');
  const completedAt = requireInstant(command.completedAt, 'completedAt');
  const inputs = requireRunInputs(command.inputs);
  const outputs = parseOutputs(command);
  const lossGrams = requireNonNegativeGrams(command.lossGrams, 'lossGrams');
  requireBalancedRun({ inputs, outputs, lossGrams }, 'lots');

  requireRunInputsHeld(stock, { kind: 'centre', id: centreId, idKey: 'centreId' }, inputs);
  for (const output of outputs) {
    if (hasHeld(stock, output.lotId)) throw lotIdTakenError(command, output.lotId);
  }

  return [{ type: 'SortingRunCompleted', runId, centreId, inputs, outputs, lossGrams, completedAt }];
}

/** The ids of the lots a run creates, in output order: what the app layer keeps unique across centres. */
export function lotIdsCreatedBy(run: CompleteSortingRun | SortingRunCompleted): readonly string[] {
  return run.outputs.map((output) => output.lotId);
}

/**
 * The error for an output lot id that already names a node, naming the output (`outputs[2].lotId`). Exported so the
 * app layer, which finds clashes with other centres' nodes through a unique constraint, rejects them exactly like
 * the decider rejects clashes within the centre.
 */
export function lotIdTakenError(run: CompleteSortingRun, lotId: string): ConflictError {
  const index = run.outputs.findIndex((output) => output.lotId === lotId);
  return new ConflictError(`lot id ${lotId} is already taken: a run's lots must have new ids`, {
    ...(index === -1 ? {} : { field: `outputs[${index}].lotId` }),
    details: { lotId },
  });
}

function parseOutputs(command: CompleteSortingRun): RunOutput[] {
  if (command.outputs.length === 0) {
    throw new InvalidInputError('a run creates at least one lot; record unusable material as a residual.* lot', {
      field: 'outputs',
    });
  }
  const seen = new Set<string>();
  return command.outputs.map((output, index) => {
    const lotId = requireId(output.lotId, `outputs[${index}].lotId`);
    if (seen.has(lotId)) {
      throw new InvalidInputError(`lot ${lotId} is listed more than once`, { field: `outputs[${index}].lotId` });
    }
    seen.add(lotId);
    const { fraction } = output;
    if (!isFraction(fraction)) {
      throw new InvalidInputError(`must be one of ${FRACTIONS.join(', ')}, got "${fraction}"`, {
        field: `outputs[${index}].fraction`,
      });
    }
    return { lotId, fraction, grams: requirePositiveGrams(output.grams, `outputs[${index}].grams`) };
  });
}
