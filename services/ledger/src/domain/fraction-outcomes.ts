import { splitByLargestRemainder, type Grams } from '@vezel/grams';
import { splitFractionBucketKey, type ForwardShares } from './forward-shares.ts';
import type { Outcome } from './outcome.ts';
import type { ForwardTrace } from './trace-forward.ts';

/**
 * Grams of a node that went through one sorting grade ('' for unsorted) to one outcome, in one store ('' for
 * outcomes not reached in a store: all but reuse sold or donated).
 */
export interface FractionOutcomeGrams {
  readonly fraction: string;
  readonly outcome: Outcome;
  readonly storeId: string;
  readonly grams: Grams;
}

/**
 * A node's forward trace split by the sorting grade its grams went through first (the flow diagram's fraction
 * column) and, for reuse in stores, by store (local-for-local). Each outcome's figure in `trace`, already rounded,
 * is split over the grade and store pairs in proportion to their exact shares (largest remainder, ties to the pair
 * first in code-point order), so per outcome the rows add up to exactly the trace's figure: the diagram and
 * local-for-local agree with the traces and KPIs to the gram. Rounding the whole grid on its own could move a gram
 * between outcomes.
 *
 * `trace` must be the node's trace computed with the same `shares`. Rows with no grams are left out; the order is
 * the trace's outcome order, then grade, then store.
 */
export function fractionOutcomesOf(nodeId: string, trace: ForwardTrace, shares: ForwardShares): FractionOutcomeGrams[] {
  const byOutcome = new Map<Outcome, Map<string, bigint>>();
  for (const [key, part] of shares.ofBySortingFraction(nodeId).parts) {
    const { fraction, bucketKey } = splitFractionBucketKey(key);
    const bucket = shares.bucketOf(bucketKey);
    const outcome = bucket.kind === 'stock' ? 'stock' : bucket.outcome;
    const storeId = bucket.kind === 'outcome' ? (bucket.storeId ?? '') : '';
    const parts = byOutcome.get(outcome) ?? new Map<string, bigint>();
    const pair = `${fraction}\u0000${storeId}`;
    parts.set(pair, (parts.get(pair) ?? 0n) + part);
    byOutcome.set(outcome, parts);
  }
  const rows: FractionOutcomeGrams[] = [];
  for (const { outcome, grams } of trace.outcomes) {
    if (grams === 0n) continue;
    const parts = byOutcome.get(outcome);
    if (parts === undefined) throw new RangeError(`node ${nodeId} has ${grams} g in ${outcome} but no share of it`);
    const pairs = [...parts.keys()].sort();
    const split = splitByLargestRemainder(
      grams,
      pairs.map((pair) => parts.get(pair)!),
    );
    pairs.forEach((pair, index) => {
      const [fraction, storeId] = pair.split('\u0000') as [string, string];
      if (split[index]! > 0n) rows.push({ fraction, outcome, storeId, grams: split[index]! });
    });
  }
  return rows;
}
