import type { Grams } from '@vezel/grams';
import type { RunCompleted } from './ledger-fact.ts';

/** Grams of one node a run made. */
export interface RunOutputLine {
  readonly nodeId: string;
  readonly grams: Grams;
}

/** The nodes a run made (lots or products alike), with their grams, in the order the run lists them. */
export function runOutputsOf(run: RunCompleted): readonly RunOutputLine[] {
  return run.type === 'SortingRunCompleted'
    ? run.outputs.map((output) => ({ nodeId: output.lotId, grams: output.grams }))
    : run.outputs.map((output) => ({ nodeId: output.productId, grams: output.grams }));
}
