import { ZERO_GRAMS, type Grams } from '@vezel/grams';

/**
 * What one sorting centre holds: grams per node (received batches and returned lots, and the lots its runs created).
 *
 * One aggregate per centre, because every sorting invariant is about one centre's stock: a run consumes and creates
 * at one centre, a dispatch takes from one centre. So each command is a single-aggregate decision, and two commands
 * racing for the same grams (two dispatches of a lot's last kilo) conflict on the centre's version; the retried loser
 * is decided against the winner's event and rejected.
 *
 * A node stays listed at 0 g once it is consumed or dispatched: the centre remembers every node it has known, so a run
 * cannot reuse a spent lot id, and "never received here" stays distinguishable from "all used up".
 *
 * Plain data with bigint grams, so a repository can keep it as rows `(centre_id, node_id, held_grams)`; see
 * `stockNodesReadBy` for loading only the rows a command needs.
 */
export interface CentreStock {
  /**
   * Held grams per node id. Read it through {@link heldGramsOf} / {@link knowsNode}: node ids are client-supplied,
   * and a plain-object lookup of `__proto__` or `constructor` would find Object.prototype's members instead.
   */
  readonly heldGrams: Readonly<Record<string, Grams>>;
}

/** A centre that has never received anything. */
export function initialCentreStock(): CentreStock {
  return { heldGrams: {} };
}

/** Whether the centre has ever held the node (received it, or created it as a lot). */
export function knowsNode(stock: CentreStock, nodeId: string): boolean {
  return Object.hasOwn(stock.heldGrams, nodeId);
}

/** Grams of the node the centre holds now; 0 for a node it never knew. */
export function heldGramsOf(stock: CentreStock, nodeId: string): Grams {
  return knowsNode(stock, nodeId) ? stock.heldGrams[nodeId]! : ZERO_GRAMS;
}

/** The stock with the given nodes' held grams replaced, leaving the given stock untouched. */
export function withHeldGrams(
  stock: CentreStock,
  changes: Iterable<readonly [nodeId: string, grams: Grams]>,
): CentreStock {
  // Object.fromEntries and spread define own properties, so even a node id `__proto__` stays an ordinary key.
  return { heldGrams: { ...stock.heldGrams, ...Object.fromEntries(changes) } };
}
