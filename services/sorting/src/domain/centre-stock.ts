import { emptyHolderStock, type HolderStock } from '@vezel/holder-stock';

/**
 * What one sorting centre holds: grams per node (received batches and returned lots, and the lots its runs created),
 * the chain's shared holder-stock model under the centre's name.
 *
 * One aggregate per centre, because every sorting invariant is about one centre's stock: a run consumes and creates
 * at one centre, a dispatch takes from one centre. So each command is a single-aggregate decision, and two commands
 * racing for the same grams (two dispatches of a lot's last kilo) conflict on the centre's version; the retried loser
 * is decided against the winner's event and rejected. A node stays listed at 0 g once it is consumed or dispatched,
 * so a run cannot reuse a spent lot id.
 */
export type CentreStock = HolderStock;

/** A centre that has never received anything. */
export const initialCentreStock: () => CentreStock = emptyHolderStock;
