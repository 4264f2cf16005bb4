import { InvalidInputError, type ConflictError } from '@vezel/errors';
import { decideHolderRun, outputIdTakenError, stockHolder, type RunOutputs } from '@vezel/holder-stock';
import type { CentreStock } from './centre-stock.ts';
import { FRACTIONS, isFraction } from './fraction.ts';
import type { CompleteSortingRun, RunOutputLine } from './sorting-command.ts';
import type { RunOutput, SortingRunCompleted } from './sorting-event.ts';

/** A sorting run's outputs: lots, each of a known fraction. */
const lots: RunOutputs<'lotId', RunOutputLine, RunOutput> = {
  noun: 'lot',
  idKey: 'lotId',
  noOutputs: 'a run creates at least one lot; record unusable material as a residual.* lot',
  readRest: ({ fraction }, field) => {
    if (!isFraction(fraction)) {
      throw new InvalidInputError(`must be one of ${FRACTIONS.join(', ')}, got "${fraction}"`, {
        field: field('fraction'),
      });
    }
    return { fraction };
  },
};

/**
 * Decides a sorting run by the rules every holder's run follows (`decideHolderRun`: the command's values, the
 * balance to the gram, then the centre's stock), its lots each of a known fraction. Material that is thrown away is
 * a `residual.*` lot dispatched to disposal, not loss.
 *
 * Lot ids are unique across the whole chain, but this aggregate only sees its own centre; the app layer enforces
 * the rest with a unique constraint on {@link lotIdsCreatedBy} and reports a clash with {@link lotIdTakenError}.
 */
export function decideCompleteSortingRun(command: CompleteSortingRun, stock: CentreStock): [SortingRunCompleted] {
  const holder = stockHolder('centre', command.centreId);
  const run = decideHolderRun(command, holder, stock, lots);
  return [{ type: 'SortingRunCompleted', ...run, centreId: command.centreId }];
}

/** The ids of the lots a run creates, in output order: what the app layer keeps unique across centres. */
export function lotIdsCreatedBy(run: CompleteSortingRun | SortingRunCompleted): readonly string[] {
  return run.outputs.map((output) => output.lotId);
}

/** The error for an output lot id that already names a node, naming the output (`outputs[2].lotId`). */
export function lotIdTakenError(run: CompleteSortingRun, lotId: string): ConflictError {
  return outputIdTakenError(run, lotId, lots);
}
