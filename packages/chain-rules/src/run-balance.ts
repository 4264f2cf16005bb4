import { requireChainId } from '@vezel/chain-ids';
import { InvalidInputError, MassNotConservedError } from '@vezel/errors';
import { sumGrams, type Grams } from '@vezel/grams';
import { requirePositiveGrams } from './input-rules.ts';

/** One node a run consumes and how many of its grams. */
export interface RunInputGrams {
  readonly nodeId: string;
  readonly grams: Grams;
}

/**
 * A run's inputs, checked: at least one, each node once (so "at most what the holder holds" stays a check per line),
 * ids by the chain's rule, positive grams. Errors name the line (`inputs[2].grams`).
 */
export function requireRunInputs(
  inputs: readonly { readonly nodeId: string; readonly grams: bigint }[],
): RunInputGrams[] {
  // A missing list (a command from an untyped road) would otherwise surface as a TypeError without a field.
  if (!isNonEmptyList(inputs)) {
    throw new InvalidInputError('a run consumes at least one node', { field: 'inputs' });
  }
  const seen = new Set<string>();
  return inputs.map((input, index) => {
    const nodeId = requireChainId(input.nodeId, `inputs[${index}].nodeId`);
    if (seen.has(nodeId)) {
      throw new InvalidInputError(`node ${nodeId} is listed more than once; give its grams in one line`, {
        field: `inputs[${index}].nodeId`,
      });
    }
    seen.add(nodeId);
    return { nodeId, grams: requirePositiveGrams(input.grams, `inputs[${index}].grams`) };
  });
}

/**
 * The run balance, to the gram: sum(inputs) = sum(outputs) + lossGrams. Blames `outputs` when the outputs alone
 * weigh more than the inputs (no loss could balance that), and `lossGrams` otherwise (the loss is the figure that
 * has to close the gap). `outputNoun` names what the run makes in the message ("lots", "products").
 */
export function requireBalancedRun(
  run: {
    readonly inputs: readonly { readonly grams: Grams }[];
    readonly outputs: readonly { readonly grams: Grams }[];
    readonly lossGrams: Grams;
  },
  outputNoun: string,
): void {
  const inputGrams = sumGrams(run.inputs.map((input) => input.grams));
  const outputGrams = sumGrams(run.outputs.map((output) => output.grams));
  const { lossGrams } = run;
  // Positive when the run would create grams, negative when grams would vanish unrecorded.
  const differenceGrams = outputGrams + lossGrams - inputGrams;
  if (differenceGrams === 0n) return;
  const details = { inputGrams, outputGrams, lossGrams, differenceGrams };
  if (outputGrams > inputGrams) {
    throw new MassNotConservedError(
      `the ${outputNoun} weigh ${outputGrams} g, more than the ${inputGrams} g consumed`,
      {
        field: 'outputs',
        details,
      },
    );
  }
  const expectedLossGrams = inputGrams - outputGrams;
  throw new MassNotConservedError(
    `inputs (${inputGrams} g) must equal ${outputNoun} (${outputGrams} g) plus loss: ` +
      `the loss must be ${expectedLossGrams} g, not ${lossGrams} g`,
    { field: 'lossGrams', details: { ...details, expectedLossGrams } },
  );
}

/**
 * Whether a list a command gives is there and holds something. A missing list (a command from an untyped road)
 * would otherwise surface as a TypeError without a field; asked apart, the caller's list keeps its element type.
 */
export function isNonEmptyList(list: readonly unknown[] | undefined): boolean {
  return Array.isArray(list) && list.length > 0;
}
