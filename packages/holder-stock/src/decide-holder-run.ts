import {
  isNonEmptyList,
  requireBalancedRun,
  requireId,
  requireInstant,
  requireNonNegativeGrams,
  requirePositiveGrams,
  requireRunInputs,
  type RunInputGrams,
} from '@vezel/chain-rules';
import { ConflictError, InvalidInputError } from '@vezel/errors';
import type { Grams } from '@vezel/grams';
import { hasHeld, type HolderStock } from './holder-stock.ts';
import { requireRunInputsHeld, type StockHolder } from './require-held-grams.ts';

/** One node a run's command says it consumed, unchecked. */
export interface RunInputLine {
  readonly nodeId: string;
  readonly grams: bigint;
}

/** A run: what one holder consumed, what it made, and the loss; `Mass` is bigint unchecked and Grams once decided. */
interface Run<InputLine, OutputLine, Mass> {
  readonly runId: string;
  readonly inputs: readonly InputLine[];
  readonly outputs: readonly OutputLine[];
  readonly lossGrams: Mass;
  readonly completedAt: Date;
}

/** A run as its command gives it, unchecked. */
export type RunCommand<Line> = Run<RunInputLine, Line, bigint>;

/** What every output line has: its node id under the service's name for it, and grams. */
type OutputLine<IdKey extends string> = { readonly [K in IdKey]: string } & { readonly grams: bigint };
type CheckedOutput<IdKey extends string> = { readonly [K in IdKey]: string } & { readonly grams: Grams };

/** A run checked against every rule: what the holder's event records. */
export type DecidedRun<Output> = Run<RunInputGrams, Output, Grams>;

/** What a run makes, as the service names it: a sorting run's lots, a processing run's products. */
export interface RunOutputs<IdKey extends string, Line extends OutputLine<IdKey>, Output extends CheckedOutput<IdKey>> {
  /** `lot` or `product`, in messages. */
  readonly noun: string;
  /** The output's node id field: `lotId`, `productId`. */
  readonly idKey: IdKey;
  /** Why a run needs an output, and where the material goes instead. */
  readonly noOutputs: string;
  /** Checks the rest of a line (a fraction, an outcome), naming fields under `outputs[index]`. */
  readonly readRest: (line: Line, field: (name: string) => string) => Omit<Output, IdKey | 'grams'>;
}

/**
 * Decides a sorting or processing run. Checks, in this order, so the first broken rule is the one reported:
 * 1. the command's own values: ids, at least one input and one output, positive grams, the output's own fields,
 *    no node consumed twice and no output made twice, a loss of zero or more grams;
 * 2. the balance: sum(inputs) = sum(outputs) + lossGrams, to the gram;
 * 3. the holder's stock: every input was received here and is held in at least the consumed grams, and no output id
 *    names a node the holder has held.
 *
 * A run must make at least one output, although the balance alone would allow "everything is loss": loss is what
 * disappears unmeasured (dust, moisture, weighing), and material thrown away has an outcome of its own. A run
 * without outputs is far more often a form sent half-filled.
 *
 * Output ids are unique across the whole chain, but a holder's stock sees only its own nodes: the app layer enforces
 * the rest and reports a clash with {@link outputIdTakenError}.
 */
export function decideHolderRun<
  IdKey extends string,
  Line extends OutputLine<IdKey>,
  Output extends CheckedOutput<IdKey>,
>(
  command: RunCommand<Line>,
  holder: StockHolder,
  stock: HolderStock,
  outputs: RunOutputs<IdKey, Line, Output>,
): DecidedRun<Output> {
  const runId = requireId(command.runId, 'runId');
  const holderId = requireId(holder.id, holder.idKey);
  const completedAt = requireInstant(command.completedAt, 'completedAt');
  const inputs = requireRunInputs(command.inputs);
  const made = requireOutputs(command.outputs, outputs);
  const lossGrams = requireNonNegativeGrams(command.lossGrams, 'lossGrams');
  requireBalancedRun({ inputs, outputs: made, lossGrams }, `${outputs.noun}s`);

  requireRunInputsHeld(stock, { ...holder, id: holderId }, inputs);
  for (const output of made) {
    const id = output[outputs.idKey];
    if (hasHeld(stock, id)) throw outputIdTakenError(command, id, outputs);
  }
  return { runId, inputs, outputs: made, lossGrams, completedAt };
}

/**
 * The error for an output id that already names a node, naming the output (`outputs[1].lotId`). The app layer,
 * which finds clashes with other holders' nodes through a unique constraint, rejects them with it exactly as the
 * decider rejects clashes with the holder's own stock.
 */
export function outputIdTakenError<IdKey extends string>(
  run: { readonly outputs: readonly { readonly [K in IdKey]: string }[] },
  id: string,
  outputs: { readonly noun: string; readonly idKey: IdKey },
): ConflictError {
  const { noun, idKey } = outputs;
  const index = run.outputs.findIndex((output) => output[idKey] === id);
  return new ConflictError(`${noun} id ${id} is already taken: a run's ${noun}s must have new ids`, {
    ...(index === -1 ? {} : { field: `outputs[${index}].${idKey}` }),
    details: { [idKey]: id },
  });
}

function requireOutputs<IdKey extends string, Line extends OutputLine<IdKey>, Output extends CheckedOutput<IdKey>>(
  lines: readonly Line[],
  outputs: RunOutputs<IdKey, Line, Output>,
): Output[] {
  const { noun, idKey } = outputs;
  if (!isNonEmptyList(lines)) {
    throw new InvalidInputError(outputs.noOutputs, { field: 'outputs' });
  }
  const seen = new Set<string>();
  return lines.map((line, index) => {
    const field = (name: string): string => `outputs[${index}].${name}`;
    const id = requireId(line[idKey], field(idKey));
    if (seen.has(id)) throw new InvalidInputError(`${noun} ${id} is listed more than once`, { field: field(idKey) });
    seen.add(id);
    const rest = outputs.readRest(line, field);
    return { [idKey]: id, ...rest, grams: requirePositiveGrams(line.grams, field('grams')) } as unknown as Output;
  });
}
