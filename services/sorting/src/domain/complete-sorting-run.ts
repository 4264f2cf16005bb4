import { ConflictError, InvalidInputError, MassNotConservedError, NotFoundError } from '@vezel/errors';
import { sumGrams, toGrams } from '@vezel/grams';
import { heldGramsOf, knowsNode, type CentreStock } from './centre-stock.ts';
import type { CompleteSortingRun } from './centre-stock-command.ts';
import { FRACTIONS, isFraction } from './fraction.ts';
import { assertId, assertInstant, toPositiveGrams } from './input-rules.ts';
import type { RunInput, RunOutput, SortingRunCompleted } from './sorting-event.ts';

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
  const runId = assertId(command.runId, 'runId');
  const centreId = assertId(command.centreId, 'centreId');
  const completedAt = assertInstant(command.completedAt, 'completedAt');
  const inputs = parseInputs(command);
  const outputs = parseOutputs(command);
  const lossGrams = toGrams(command.lossGrams, 'lossGrams');
  assertBalanced(inputs, outputs, lossGrams);

  inputs.forEach((input, index) => {
    if (!knowsNode(stock, input.nodeId)) {
      throw new NotFoundError(`centre ${centreId} has never received node ${input.nodeId}`, {
        field: `inputs[${index}].nodeId`,
        details: { centreId, nodeId: input.nodeId },
      });
    }
    const heldGrams = heldGramsOf(stock, input.nodeId);
    if (input.grams > heldGrams) {
      throw new MassNotConservedError(
        `centre ${centreId} holds ${heldGrams} g of node ${input.nodeId}, the run consumes ${input.grams} g`,
        {
          field: `inputs[${index}].grams`,
          details: { centreId, nodeId: input.nodeId, heldGrams, requestedGrams: input.grams },
        },
      );
    }
  });
  for (const output of outputs) {
    if (knowsNode(stock, output.lotId)) throw lotIdTakenError(command, output.lotId);
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

function parseInputs(command: CompleteSortingRun): RunInput[] {
  if (command.inputs.length === 0) throw new InvalidInputError('a run consumes at least one node', { field: 'inputs' });
  const seen = new Set<string>();
  return command.inputs.map((input, index) => {
    const nodeId = assertId(input.nodeId, `inputs[${index}].nodeId`);
    // One line per node keeps "at most what the centre holds" a check per line.
    if (seen.has(nodeId)) {
      throw new InvalidInputError(`node ${nodeId} is listed more than once; give its grams in one line`, {
        field: `inputs[${index}].nodeId`,
      });
    }
    seen.add(nodeId);
    return { nodeId, grams: toPositiveGrams(input.grams, `inputs[${index}].grams`) };
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
    const lotId = assertId(output.lotId, `outputs[${index}].lotId`);
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
    return { lotId, fraction, grams: toPositiveGrams(output.grams, `outputs[${index}].grams`) };
  });
}

/**
 * Blames `outputs` when the lots alone weigh more than the inputs (no loss could balance that), and `lossGrams`
 * otherwise (the loss is the figure that has to close the gap).
 */
function assertBalanced(inputs: readonly RunInput[], outputs: readonly RunOutput[], lossGrams: bigint): void {
  const inputGrams = sumGrams(inputs.map((input) => input.grams));
  const outputGrams = sumGrams(outputs.map((output) => output.grams));
  const differenceGrams = outputGrams + lossGrams - inputGrams;
  if (differenceGrams === 0n) return;
  const details = { inputGrams, outputGrams, lossGrams, differenceGrams };
  if (outputGrams > inputGrams) {
    throw new MassNotConservedError(`the lots weigh ${outputGrams} g, more than the ${inputGrams} g consumed`, {
      field: 'outputs',
      details,
    });
  }
  const expectedLossGrams = inputGrams - outputGrams;
  const message = `inputs (${inputGrams} g) must equal outputs (${outputGrams} g) plus loss`;
  throw new MassNotConservedError(`${message}: the loss must be ${expectedLossGrams} g, not ${lossGrams} g`, {
    field: 'lossGrams',
    details: { ...details, expectedLossGrams },
  });
}
