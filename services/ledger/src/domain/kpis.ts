import { sumGrams, toGrams, ZERO_GRAMS, type Grams } from '@vezel/grams';
import { co2eGramsOf, type EmissionFactorTable } from './emission-factors.ts';
import { compareOutcomes, OUTCOMES, type Outcome } from './outcome.ts';
import type { OutcomeGrams } from './trace-forward.ts';

/** Whose grams a KPI query counts: the whole chain, one municipality's, or one sorting centre's batches. */
export type KpiScope =
  | { readonly kind: 'chain' }
  | { readonly kind: 'municipality'; readonly municipality: string }
  | { readonly kind: 'centre'; readonly centreId: string };

/** CO2e of one outcome. */
export interface OutcomeEmission {
  readonly outcome: Outcome;
  readonly grams: Grams;
  readonly kgCo2ePerKg: string;
  /** Negative: avoided. */
  readonly co2eGrams: bigint;
}

/**
 * The figures sustainability officers ask for (docs/domain.md, "Figures sustainability officers ask for"), for
 * the batches collected in a period and scope, wherever their grams are now. Every share is a split of `collectedGrams` in integer grams.
 */
export interface Kpis {
  readonly from: Date;
  readonly to: Date;
  readonly scope: KpiScope;
  readonly collectedGrams: Grams;
  /** Every known outcome (zeros included) and any other reached, in report order; adds up to collectedGrams. */
  readonly outcomes: readonly OutcomeGrams[];
  /** Sold or donated in the chain's stores (in the Netherlands). */
  readonly reuseNetherlandsGrams: Grams;
  /** Exported for reuse. */
  readonly reuseAbroadGrams: Grams;
  readonly emissions: readonly OutcomeEmission[];
  readonly co2eGrams: bigint;
  readonly emissionFactors: { readonly version: string; readonly source: string };
}

/** The KPIs of a scope and period from its outcome totals (summed per-batch figures) and a factor table. */
export function kpisOf(
  query: { readonly from: Date; readonly to: Date; readonly scope: KpiScope },
  totals: ReadonlyMap<Outcome, Grams>,
  factors: EmissionFactorTable,
): Kpis {
  const outcomes = [...new Set<Outcome>([...OUTCOMES, ...totals.keys()])]
    .sort(compareOutcomes)
    .map((outcome) => ({ outcome, grams: totals.get(outcome) ?? ZERO_GRAMS }));
  const gramsOf = (outcome: Outcome): Grams => totals.get(outcome) ?? ZERO_GRAMS;
  const emissions: OutcomeEmission[] = [];
  for (const factor of factors.factors) {
    const grams = gramsOf(factor.outcome);
    emissions.push({
      outcome: factor.outcome,
      grams,
      kgCo2ePerKg: factor.kgCo2ePerKg,
      co2eGrams: co2eGramsOf(grams, factor),
    });
  }
  emissions.sort((a, b) => compareOutcomes(a.outcome, b.outcome));
  return {
    ...query,
    collectedGrams: sumGrams(outcomes.map(({ grams }) => grams)),
    outcomes,
    reuseNetherlandsGrams: toGrams(gramsOf('reuse.sold') + gramsOf('reuse.donated')),
    reuseAbroadGrams: gramsOf('reuse.exported'),
    emissions,
    co2eGrams: emissions.reduce((total, emission) => total + emission.co2eGrams, 0n),
    emissionFactors: { version: factors.version, source: factors.source },
  };
}
