/**
 * Where a store may send unsold grams (kinds from the chain's shared destination vocabulary, docs/domain.md): back to
 * a sorting centre, or on to a recycling/upcycling processor.
 *
 * Why not the other kinds, although the ledger accepts all five for a dispatch or a return (docs/domain.md):
 * - `exporter` and `disposal` are terminal outcomes (`reuse.exported`, `disposal.<method>`). A store reaches only
 *   `reuse.sold` and `reuse.donated` itself; exporting or disposing is the centre's or processor's decision,
 *   and `LotReturned` has no `country` or `method` to carry such an outcome.
 * - `store` would be a store-to-store transfer, which the contract (`LotReturned`: back to a centre or to a
 *   processor) does not describe; it goes through a centre today.
 */
export type ReturnDestinationKind = 'centre' | 'processor';

/** The kinds a return accepts, in the order error messages list them. */
export const RETURN_DESTINATION_KINDS: readonly ReturnDestinationKind[] = ['centre', 'processor'];

const returnDestinationKinds: ReadonlySet<string> = new Set(RETURN_DESTINATION_KINDS);

/** Where a return sends grams: they are in transit to that holder until its receipt closes the return. */
export interface ReturnDestination {
  readonly kind: ReturnDestinationKind;
  /** The receiving centre's or processor's id. */
  readonly id: string;
}

/** Whether `kind` is a destination a store may return grams to. */
export function isReturnDestinationKind(kind: string): kind is ReturnDestinationKind {
  return returnDestinationKinds.has(kind);
}
