import type { Grams } from '@vezel/grams';
import type { RunCompleted } from './ledger-fact.ts';

/** Grams of one node a run made. */
export interface RunOutputLine {
  readonly nodeId: string;
  readonly grams: Grams;
}

const outputsByRun = new WeakMap<RunCompleted, readonly RunOutputLine[]>();

/**
 * The nodes a run made (lots or products alike), with their grams, in the order the run lists them. Kept per run
 * (facts do not change): every walk down the graph asks it of every run it passes, once per input.
 */
export function runOutputsOf(run: RunCompleted): readonly RunOutputLine[] {
  let outputs = outputsByRun.get(run);
  if (outputs === undefined) {
    outputs =
      run.type === 'SortingRunCompleted'
        ? run.outputs.map((output) => ({ nodeId: output.lotId, grams: output.grams }))
        : run.outputs.map((output) => ({ nodeId: output.productId, grams: output.grams }));
    outputsByRun.set(run, outputs);
  }
  return outputs;
}
