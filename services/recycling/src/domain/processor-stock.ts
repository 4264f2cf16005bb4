import { ZERO_GRAMS, type Grams } from '@vezel/grams';

/**
 * What one processor (recycler or upcycler) holds: grams per node, for every lot it has ever received. This is the
 * recycling aggregate; the app layer loads it by the command's `processorId`, so it does not repeat that id.
 *
 * A run's products are not in it: they are terminal (their grams have reached their outcome), so nothing can
 * consume, dispose of or dispatch them afterwards. A node keeps its entry at 0 g once used up, so "never received
 * here" and "none left" stay distinct errors.
 *
 * Plain data (a record of bigint grams) so that it can be stored as rows `(processor_id, node_id, held_grams)` or
 * as one document; `stockNodesReadBy` says which rows a command needs. Build one from stored rows with
 * `Object.fromEntries`, which is safe for any node id.
 */
export interface ProcessorStock {
  /**
   * Held grams per node id. Read it through {@link heldGramsOf} / {@link hasReceivedNode}: node ids are
   * client-supplied, and a plain lookup of `constructor` would find Object.prototype's members instead.
   */
  readonly heldGrams: Readonly<Record<string, Grams>>;
}

/** One line of a processor's stock. */
export interface HeldNode {
  readonly nodeId: string;
  readonly grams: Grams;
}

/** The stock of a processor that has received nothing yet. */
export function initialProcessorStock(): ProcessorStock {
  return { heldGrams: {} };
}

/** Whether the processor has ever received grams of `nodeId`. */
export function hasReceivedNode(stock: ProcessorStock, nodeId: string): boolean {
  return Object.hasOwn(stock.heldGrams, nodeId);
}

/** Grams of `nodeId` the processor holds now (0 g for a node it never received). */
export function heldGramsOf(stock: ProcessorStock, nodeId: string): Grams {
  return hasReceivedNode(stock, nodeId) ? stock.heldGrams[nodeId]! : ZERO_GRAMS;
}

/**
 * The nodes the processor holds grams of, by node id in code-unit order (as `GET processors/{processorId}/stock`
 * lists them, and as PostgreSQL's `COLLATE "C"` sorts).
 */
export function listHeldNodes(stock: ProcessorStock): readonly HeldNode[] {
  return Object.entries(stock.heldGrams)
    .filter(([, grams]) => grams > 0n)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([nodeId, grams]) => ({ nodeId, grams }));
}

/** The stock with the given nodes' held grams replaced, leaving `stock` untouched. */
export function withHeldGrams(
  stock: ProcessorStock,
  changes: Iterable<readonly [nodeId: string, grams: Grams]>,
): ProcessorStock {
  // Spread and Object.fromEntries define own properties, so even a node id `__proto__` stays an ordinary key.
  return { heldGrams: { ...stock.heldGrams, ...Object.fromEntries(changes) } };
}
