import { MassNotConservedError, NotFoundError } from '@vezel/errors';
import type { Grams } from '@vezel/grams';
import { hasReceivedNode, heldGramsOf, type ProcessorStock } from './processor-stock.ts';

/** Who takes how many grams of which node, and which input fields to blame if they cannot. */
export interface HeldGramsTake {
  readonly processorId: string;
  readonly nodeId: string;
  readonly grams: Grams;
  /** Field of the node id, e.g. `nodeId` or `inputs[2].nodeId`. */
  readonly nodeIdField: string;
  /** Field of the grams, e.g. `grams` or `inputs[2].grams`. */
  readonly gramsField: string;
}

/**
 * Refuses to take grams of a node the processor never received (`NotFoundError`), or more than it holds of it
 * (`MassNotConservedError` with the held and requested grams): the processor's half of "nobody consumes or
 * disposes of more grams than the holder has".
 */
export function requireHeldGrams(stock: ProcessorStock, take: HeldGramsTake): void {
  const { processorId, nodeId, grams } = take;
  if (!hasReceivedNode(stock, nodeId)) {
    throw new NotFoundError(`processor ${processorId} has never received node ${nodeId}`, {
      field: take.nodeIdField,
      details: { processorId, nodeId },
    });
  }
  const heldGrams = heldGramsOf(stock, nodeId);
  if (grams > heldGrams) {
    throw new MassNotConservedError(
      `processor ${processorId} holds ${heldGrams} g of node ${nodeId}, cannot take ${grams} g`,
      { field: take.gramsField, details: { processorId, nodeId, heldGrams, requestedGrams: grams } },
    );
  }
}
