import type { RunInputLine } from '@vezel/holder-stock';
import type { RunOutputLine } from '../domain/index.ts';

/** A processing run's lines, each copied field by field. */
export interface ProcessingRunLines {
  readonly inputs: readonly RunInputLine[];
  readonly outputs: readonly RunOutputLine[];
}

/**
 * The lines of a run as plain objects with the contract's fields in its order: what carried them may add fields
 * (a protobuf message its `$typeName`) or reorder them (a jsonb row), and neither belongs in a command or an answer.
 */
export function processingRunLines(run: ProcessingRunLines): ProcessingRunLines {
  return {
    inputs: run.inputs.map((input) => ({ nodeId: input.nodeId, grams: input.grams })),
    outputs: run.outputs.map((output) => ({
      productId: output.productId,
      outcome: output.outcome,
      productKind: output.productKind,
      grams: output.grams,
    })),
  };
}
