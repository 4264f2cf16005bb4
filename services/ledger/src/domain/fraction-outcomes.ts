import { splitByLargestRemainder, type Grams } from '@vezel/grams';
import { splitFractionBucketKey, type ForwardShares } from './forward-shares.ts';
import type { Outcome } from './outcome.ts';
import type { ForwardTrace } from './trace-forward.ts';

/** Grams of a node that went through one sorting grade ('' for unsorted) to one outcome. */
export interface FractionOutcomeGrams {
  readonly fraction: string;
  readonly outcome: Outcome;
  readonly grams: Grams;
}

/**
 * A node's forward trace split by the sorting grade its grams went through first (the flow diagram's fraction
 * column). Each outcome's figure in `trace`, already rounded, is split over the grades in proportion to their
 * exact shares (largest remainder, ties to the grade first in code-point order), so per outcome the rows add up to
 * exactly the trace's figure: the diagram agrees with the traces and KPIs to the gram. Rounding the grade x outcome
 * grid on its own could move a gram between outcomes.
 *
 * `trace` must be the node's trace computed with the same `shares`. Rows with no grams are left out; the order is
 * the trace's outcome order, then grade.
 */
export function fractionOutcomesOf(nodeId: string, trace: ForwardTrace, shares: ForwardShares): FractionOutcomeGrams[] {
  const byOutcome = new Map<Outcome, Map<string, bigint>>();
  for (const [key, part] of shares.ofBySortingFraction(nodeId).parts) {
    const { fraction, bucketKey } = splitFractionBucketKey(key);
    const bucket = shares.bucketOf(bucketKey);
    const outcome = bucket.kind === 'stock' ? 'stock' : bucket.outcome;
    const parts = byOutcome.get(outcome) ?? new Map<string, bigint>();
    parts.set(fraction, (parts.get(fraction) ?? 0n) + part);
    byOutcome.set(outcome, parts);
  }
  const rows: FractionOutcomeGrams[] = [];
  for (const { outcome, grams } of trace.outcomes) {
    if (grams === 0n) continue;
    const parts = byOutcome.get(outcome);
    if (parts === undefined) throw new RangeError(`node ${nodeId} has ${grams} g in ${outcome} but no share of it`);
    const fractions = [...parts.keys()].sort();
    const split = splitByLargestRemainder(grams, fractions.map((fraction) => parts.get(fraction)!));
    fractions.forEach((fraction, index) => {
      if (split[index]! > 0n) rows.push({ fraction, outcome, grams: split[index]! });
    });
  }
  return rows;
}
