/**
 * The sorting grades a run may assign to an output lot (docs/domain.md, "Fractions"). The wire contract keeps fractions
 * as open strings so a grade can be added without a contract change; this list is where it is added, because a
 * misspelt grade (`reuse.crème`) silently drops out of every report that groups by prefix.
 */
export const FRACTIONS = [
  'reuse.creme',
  'reuse.export',
  'reuse.vintage',
  'reuse.shoes',
  'recycling.wipers',
  'recycling.open-loop',
  'recycling.fibre-to-fibre',
  'upcycling',
  'residual.textile',
  'residual.non-textile',
] as const;

/** A sorting grade from {@link FRACTIONS}. */
export type Fraction = (typeof FRACTIONS)[number];

const fractions: ReadonlySet<string> = new Set(FRACTIONS);

/** Whether `value` is one of the known {@link FRACTIONS}. */
export function isFraction(value: string): value is Fraction {
  return fractions.has(value);
}
