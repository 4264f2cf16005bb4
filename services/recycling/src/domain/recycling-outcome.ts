/**
 * Where a processing run's products end (docs/domain.md, "Fractions and outcomes"): the ledger's dotted outcome keys,
 * kept as the same strings so reports aggregate on them without a mapping.
 */
export const RECYCLING_OUTCOMES = ['recycling.fibre-to-fibre', 'recycling.open-loop', 'upcycling'] as const;

/** An outcome from {@link RECYCLING_OUTCOMES}. */
export type RecyclingOutcome = (typeof RECYCLING_OUTCOMES)[number];

const recyclingOutcomes: ReadonlySet<string> = new Set(RECYCLING_OUTCOMES);

/** Whether `value` is one of the {@link RECYCLING_OUTCOMES}. */
export function isRecyclingOutcome(value: string): value is RecyclingOutcome {
  return recyclingOutcomes.has(value);
}
