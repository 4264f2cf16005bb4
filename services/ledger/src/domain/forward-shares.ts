import { assertNever } from './assert-never.ts';
import { mixShares, wholeShareOf, type ExactShares, type ShareComponent } from './exact-shares.ts';
import { holderKeyOf, type Holder } from './holder.ts';
import type { RunCompleted, SortingRunCompleted } from './ledger-fact.ts';
import type { LedgerState } from './ledger-state.ts';
import { accountNode } from './node-account.ts';
import { outcomeOrderKey, type Outcome } from './outcome.ts';
import { runOutputsOf } from './run-outputs-of.ts';

/** Where a share of grams ends up in a forward trace: a terminal outcome, or still held (a stock line). */
export type ForwardBucket =
  | { readonly kind: 'outcome'; readonly outcome: Outcome }
  | { readonly kind: 'stock'; readonly nodeId: string; readonly holder: Holder };

/**
 * Exact forward shares: for a node, which fraction of its grams ended in each {@link ForwardBucket}. One instance
 * serves one query (a node, or all batches of a municipality), memoising the shares of every node and run it
 * visits, so a lot shared by many batches is expanded once.
 *
 * The recursion follows DOMAIN.md's mass balance:
 * - a node spreads its grams over its sinks (node-account.ts) in proportion to their grams: outcomes and stock
 *   lines are buckets; a run passes its part on. When facts are missing the sinks can add up to more than the
 *   node's grams (grams consumed before their receipt was seen, a receipt larger than its delivery); spreading in
 *   proportion still adds up to exactly the node's grams, and the anomaly is reported separately;
 * - a run spreads what it consumed over its outputs and its loss in proportion to their grams, the same for every
 *   input: input i's part of every output gram is consumed_i / sum(consumed).
 * Cost: O(sum over visited nodes and runs of their sinks x buckets reached) bigint operations; numerators stay as
 * long as the product of node and run totals along the deepest path.
 *
 * A cycle (a run consuming a descendant of its own output: impossible in the chain, reported as an anomaly) is cut
 * where the recursion meets it, by leaving out the edge that closes it.
 */
export interface ForwardShares {
  /** The shares of a created node's grams over buckets keyed by {@link ForwardShares.bucketOf}'s keys. */
  of(nodeId: string): ExactShares;
  /** What a bucket key stands for. */
  bucketOf(key: string): ForwardBucket;
  /** Bucket keys in canonical order (outcomes in report order, then stock lines): the rounding tie-break. */
  orderOf(keys: Iterable<string>): string[];
  /**
   * The shares of {@link ForwardShares.of}, each split by the sorting grade its grams went through first: keys are
   * {@link fractionBucketKey}s. The grade is the fraction of the lot the node's first sorting run made; grams
   * that reached their bucket without being sorted (stock or loss before sorting, a sorting run's own loss, a
   * processing run's products) have the grade ''. Summed over grades, the parts are the node's shares.
   */
  ofBySortingFraction(nodeId: string): ExactShares;
}

/** The key of a bucket reached through one sorting grade ('' for unsorted): `<fraction>\u0000<bucket key>`. */
export function fractionBucketKey(fraction: string, bucketKey: string): string {
  return `${fraction}\u0000${bucketKey}`;
}

/** The grade and the bucket key of a {@link fractionBucketKey}. */
export function splitFractionBucketKey(key: string): { readonly fraction: string; readonly bucketKey: string } {
  const at = key.indexOf('\u0000');
  return { fraction: key.slice(0, at), bucketKey: key.slice(at + 1) };
}

const UNSORTED = '';

function underFraction(shares: ExactShares, fraction: string): ExactShares {
  return { parts: new Map([...shares.parts].map(([key, part]) => [fractionBucketKey(fraction, key), part])), whole: shares.whole };
}

/** Forward shares over the facts of `state`, for one query. */
export function forwardSharesIn(state: LedgerState): ForwardShares {
  const buckets = new Map<string, ForwardBucket>();
  const nodeShares = new Map<string, ExactShares>();
  const runShares = new Map<string, ExactShares | undefined>();
  const inProgress = new Set<string>();

  const bucketKey = (bucket: ForwardBucket): string => {
    const key =
      bucket.kind === 'outcome'
        ? `0${outcomeOrderKey(bucket.outcome)}${bucket.outcome}`
        : `1${JSON.stringify([bucket.nodeId, holderKeyOf(bucket.holder)])}`;
    if (!buckets.has(key)) buckets.set(key, bucket);
    return key;
  };

  const sharesOfRun = (run: RunCompleted): ExactShares | undefined => {
    if (runShares.has(run.eventId)) return runShares.get(run.eventId);
    const made = new Map<string, bigint>();
    for (const { nodeId, grams } of runOutputsOf(run)) made.set(nodeId, (made.get(nodeId) ?? 0n) + grams);
    const components: ShareComponent[] = [];
    for (const nodeId of [...made.keys()].sort()) {
      const grams = made.get(nodeId)!;
      if (grams > 0n && !inProgress.has(nodeId)) components.push({ weight: grams, shares: sharesOfNode(nodeId) });
    }
    if (run.lossGrams > 0n) {
      components.push({ weight: run.lossGrams, shares: wholeShareOf(bucketKey({ kind: 'outcome', outcome: 'loss' })) });
    }
    const shares = components.length === 0 ? undefined : mixShares(components);
    runShares.set(run.eventId, shares);
    return shares;
  };

  const sharesOfNode = (nodeId: string): ExactShares => {
    const known = nodeShares.get(nodeId);
    if (known !== undefined) return known;
    const account = accountNode(state, nodeId);
    if (account.creation === undefined) throw new RangeError(`node ${nodeId} has not been created`);
    inProgress.add(nodeId);
    const components: ShareComponent[] = [];
    for (const sink of account.sinks) {
      switch (sink.kind) {
        case 'outcome': {
          const key = bucketKey({ kind: 'outcome', outcome: sink.outcome });
          components.push({ weight: sink.grams, shares: wholeShareOf(key) });
          break;
        }
        case 'stock': {
          const key = bucketKey({ kind: 'stock', nodeId, holder: sink.holder });
          components.push({ weight: sink.grams, shares: wholeShareOf(key) });
          break;
        }
        case 'run': {
          const shares = sharesOfRun(sink.run);
          if (shares !== undefined) components.push({ weight: sink.grams, shares });
          break;
        }
        default:
          assertNever(sink, 'node sink');
      }
    }
    inProgress.delete(nodeId);
    // Only a cycle can leave a node with nowhere to go; its grams then stay where it was made.
    const shares =
      components.length === 0
        ? wholeShareOf(bucketKey({ kind: 'stock', nodeId, holder: account.creation.holder }))
        : mixShares(components);
    nodeShares.set(nodeId, shares);
    return shares;
  };

  // Mirrors sharesOfNode, but a sorting run's outputs keep their lot's grade instead of being merged, so the
  // mixing (and so the proportions) are the same as the node's own shares.
  const sharesBySortingFraction = (nodeId: string): ExactShares => {
    const account = accountNode(state, nodeId);
    if (account.creation === undefined) throw new RangeError(`node ${nodeId} has not been created`);
    inProgress.add(nodeId);
    const components: ShareComponent[] = [];
    for (const sink of account.sinks) {
      switch (sink.kind) {
        case 'outcome':
          components.push({ weight: sink.grams, shares: wholeShareOf(fractionBucketKey(UNSORTED, bucketKey({ kind: 'outcome', outcome: sink.outcome }))) });
          break;
        case 'stock':
          components.push({ weight: sink.grams, shares: wholeShareOf(fractionBucketKey(UNSORTED, bucketKey({ kind: 'stock', nodeId, holder: sink.holder }))) });
          break;
        case 'run': {
          const shares = sink.run.type === 'SortingRunCompleted' ? sortingRunSharesByFraction(sink.run) : sharesOfRun(sink.run);
          if (shares !== undefined) {
            components.push({ weight: sink.grams, shares: sink.run.type === 'SortingRunCompleted' ? shares : underFraction(shares, UNSORTED) });
          }
          break;
        }
        default:
          assertNever(sink, 'node sink');
      }
    }
    inProgress.delete(nodeId);
    return components.length === 0
      ? wholeShareOf(fractionBucketKey(UNSORTED, bucketKey({ kind: 'stock', nodeId, holder: account.creation.holder })))
      : mixShares(components);
  };

  const sortingRunSharesByFraction = (run: SortingRunCompleted): ExactShares | undefined => {
    const made = new Map<string, { grams: bigint; fraction: string }>();
    for (const output of run.outputs) {
      const known = made.get(output.lotId);
      made.set(output.lotId, { grams: (known?.grams ?? 0n) + output.grams, fraction: known?.fraction ?? output.fraction });
    }
    const components: ShareComponent[] = [];
    for (const lotId of [...made.keys()].sort()) {
      const { grams, fraction } = made.get(lotId)!;
      if (grams > 0n && !inProgress.has(lotId)) components.push({ weight: grams, shares: underFraction(sharesOfNode(lotId), fraction) });
    }
    if (run.lossGrams > 0n) {
      components.push({ weight: run.lossGrams, shares: wholeShareOf(fractionBucketKey(UNSORTED, bucketKey({ kind: 'outcome', outcome: 'loss' }))) });
    }
    return components.length === 0 ? undefined : mixShares(components);
  };

  return {
    of: sharesOfNode,
    ofBySortingFraction: sharesBySortingFraction,
    bucketOf: (key) => {
      const bucket = buckets.get(key);
      if (bucket === undefined) throw new RangeError(`unknown bucket ${key}`);
      return bucket;
    },
    orderOf: (keys) => [...keys].sort(),
  };
}
