import { addGrams, subtractGrams, ZERO_GRAMS, type Grams } from '@vezel/grams';

/**
 * What one holder (a sorting centre, a store, a processor) holds: grams per node, for every node it has ever held.
 * The three stock-keeping services each keep one of these per holder as their aggregate, under their own name
 * (`CentreStock`, `StoreStock`, `ProcessorStock`), because every rule they check is about one holder's stock.
 *
 * A node keeps its entry at 0 g once used up, so "never held here" (the command names the wrong node) and "none
 * left" stay distinct errors, and a spent node id cannot be reused for a new lot.
 *
 * Plain data (a record of bigint grams, no classes, no Maps) so that a repository can keep it as rows
 * `(holder_id, node_id, held_grams)` and load only the rows a command needs. Node ids are client-supplied: read the
 * record through {@link hasHeld} and {@link heldGramsOf}, never by plain lookup, so that `__proto__` or
 * `constructor` are nodes like any other.
 */
export interface HolderStock {
  readonly heldGrams: Readonly<Record<string, Grams>>;
}

/** One line of a holder's stock. */
export interface HeldNode {
  readonly nodeId: string;
  readonly grams: Grams;
}

/** The stock of a holder that has held nothing yet. */
export function emptyHolderStock(): HolderStock {
  return { heldGrams: {} };
}

/** Whether the holder has ever held grams of `nodeId` (received it, or made it). */
export function hasHeld(stock: HolderStock, nodeId: string): boolean {
  return Object.hasOwn(stock.heldGrams, nodeId);
}

/** Grams of `nodeId` the holder holds now: 0 g for a node it never held. */
export function heldGramsOf(stock: HolderStock, nodeId: string): Grams {
  return hasHeld(stock, nodeId) ? stock.heldGrams[nodeId]! : ZERO_GRAMS;
}

/** The nodes the holder holds grams of, by node id in code-unit order (as PostgreSQL's `COLLATE "C"` sorts). */
export function listHeldNodes(stock: HolderStock): readonly HeldNode[] {
  return Object.entries(stock.heldGrams)
    .filter(([, grams]) => grams > 0n)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([nodeId, grams]) => ({ nodeId, grams }));
}

/** The stock with the given nodes' held grams replaced, leaving `stock` untouched. */
export function withHeldGrams(
  stock: HolderStock,
  changes: Iterable<readonly [nodeId: string, grams: Grams]>,
): HolderStock {
  // Spread and Object.fromEntries define own properties, so even a node id `__proto__` stays an ordinary key.
  return { heldGrams: { ...stock.heldGrams, ...Object.fromEntries(changes) } };
}

/** The stock after grams of `nodeId` arrived: a receipt, or the lot a run made. */
export function receiveGrams(stock: HolderStock, nodeId: string, grams: Grams): HolderStock {
  return withHeldGrams(stock, [[nodeId, addGrams(heldGramsOf(stock, nodeId), grams)]]);
}

/**
 * The stock after grams of `nodeId` left it: consumed by a run, dispatched, sold, donated, returned, disposed of.
 * Events were decided against the stock, so they fit; a `RangeError` here means a stored history is corrupt, and it
 * is refused loudly rather than letting a negative stock exist.
 */
export function takeGrams(stock: HolderStock, nodeId: string, grams: Grams): HolderStock {
  return withHeldGrams(stock, [[nodeId, subtractGrams(heldGramsOf(stock, nodeId), grams)]]);
}
