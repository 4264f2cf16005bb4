import { assertNever } from '@vezel/errors';
import { mixShares, wholeShareOf, type ExactShares } from './exact-shares.ts';
import { holderKeyOf, type Holder } from './holder.ts';
import type { RunCompleted, SortingRunCompleted } from './ledger-fact.ts';
import type { LedgerState } from './ledger-state.ts';
import { accountNode } from './node-account.ts';
import { outcomeOrderKey, type Outcome } from './outcome.ts';
import { runOutputsOf } from './run-outputs-of.ts';

/** Where a share of grams ends up in a forward trace: a terminal outcome, or still held (a stock line). */
export type ForwardBucket =
  | {
      readonly kind: 'outcome';
      readonly outcome: Outcome;
      /** The store where the grams were sold or donated; traces round per outcome ({@link withoutStores}). */
      readonly storeId?: string;
    }
  | { readonly kind: 'stock'; readonly nodeId: string; readonly holder: Holder };

// Separates an outcome bucket's key from its store; no id or outcome contains it (chain ids have no control
// characters).
const STORE_SEPARATOR = '\u0001';

/**
 * `shares` with each outcome's parts in different stores added up under the outcome's own key: what traces round
 * over, so a trace's figures do not depend on how many stores its grams were sold in.
 */
export function withoutStores(shares: ExactShares): ExactShares {
  let hasStores = false;
  for (const key of shares.parts.keys()) if (key.includes(STORE_SEPARATOR)) hasStores = true;
  if (!hasStores) return shares;
  const parts = new Map<string, bigint>();
  for (const [key, part] of shares.parts) {
    const at = key.indexOf(STORE_SEPARATOR);
    const outcomeKey = at < 0 ? key : key.slice(0, at);
    parts.set(outcomeKey, (parts.get(outcomeKey) ?? 0n) + part);
  }
  return { parts, whole: shares.whole };
}

/**
 * Exact forward shares: for a node, which fraction of its grams ended in each {@link ForwardBucket}. One instance
 * serves one query (a node, or all batches of a municipality), memoising the shares of every node and run it
 * visits, so a lot shared by many batches is expanded once.
 *
 * The recursion follows docs/domain.md's mass balance:
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
  /**
   * The shares of a created node's grams over buckets keyed by {@link ForwardShares.bucketOf}'s keys; grams sold or
   * donated in stores are split by store (add them up with {@link withoutStores}).
   */
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
  return {
    parts: new Map([...shares.parts].map(([key, part]) => [fractionBucketKey(fraction, key), part])),
    whole: shares.whole,
  };
}

/** Forward shares over the facts of `state`, for one query. */
export function forwardSharesIn(state: LedgerState): ForwardShares {
  const buckets = new Map<string, ForwardBucket>();
  const nodeShares = new Map<string, ExactShares>();
  const runShares = new Map<string, ExactShares | undefined>();
  const inProgress = new Set<string>();
  // What each node's and run's shares were mixed from, as the cycle cuts left them: the by-fraction shares are
  // mixed from the same parts, so summed over fractions they are exactly the cached shares, whatever was cut.
  const nodeParts = new Map<
    string,
    readonly { readonly weight: bigint; readonly shares: ExactShares; readonly run?: RunCompleted }[]
  >();
  const runParts = new Map<
    string,
    readonly { readonly weight: bigint; readonly shares: ExactShares; readonly lotId?: string }[]
  >();
  const runFractionShares = new Map<string, ExactShares>();

  const bucketKey = (bucket: ForwardBucket): string => {
    if (bucket.kind === 'outcome' && bucket.storeId !== undefined) {
      // The outcome's own bucket too: it is what a trace rounds under (withoutStores).
      const outcomeKey = bucketKey({ kind: 'outcome', outcome: bucket.outcome });
      const key = `${outcomeKey}${STORE_SEPARATOR}${bucket.storeId}`;
      if (!buckets.has(key)) buckets.set(key, bucket);
      return key;
    }
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
    const parts: { weight: bigint; shares: ExactShares; lotId?: string }[] = [];
    for (const nodeId of [...made.keys()].sort()) {
      const grams = made.get(nodeId)!;
      if (grams > 0n && !inProgress.has(nodeId))
        parts.push({ weight: grams, shares: sharesOfNode(nodeId), lotId: nodeId });
    }
    if (run.lossGrams > 0n) {
      parts.push({ weight: run.lossGrams, shares: wholeShareOf(bucketKey({ kind: 'outcome', outcome: 'loss' })) });
    }
    const shares = parts.length === 0 ? undefined : mixShares(parts);
    runShares.set(run.eventId, shares);
    runParts.set(run.eventId, parts);
    return shares;
  };

  const sharesOfNode = (nodeId: string): ExactShares => {
    const known = nodeShares.get(nodeId);
    if (known !== undefined) return known;
    const account = accountNode(state, nodeId);
    if (account.creation === undefined) throw new RangeError(`node ${nodeId} has not been created`);
    inProgress.add(nodeId);
    const parts: { weight: bigint; shares: ExactShares; run?: RunCompleted }[] = [];
    for (const sink of account.sinks) {
      switch (sink.kind) {
        case 'outcome': {
          const key = bucketKey({
            kind: 'outcome',
            outcome: sink.outcome,
            ...(sink.storeId === undefined ? {} : { storeId: sink.storeId }),
          });
          parts.push({ weight: sink.grams, shares: wholeShareOf(key) });
          break;
        }
        case 'stock': {
          const key = bucketKey({ kind: 'stock', nodeId, holder: sink.holder });
          parts.push({ weight: sink.grams, shares: wholeShareOf(key) });
          break;
        }
        case 'run': {
          const shares = sharesOfRun(sink.run);
          if (shares !== undefined) parts.push({ weight: sink.grams, shares, run: sink.run });
          break;
        }
        default:
          assertNever(sink, 'node sink');
      }
    }
    inProgress.delete(nodeId);
    // Only a cycle can leave a node with nowhere to go; its grams then stay where it was made.
    if (parts.length === 0)
      parts.push({
        weight: 1n,
        shares: wholeShareOf(bucketKey({ kind: 'stock', nodeId, holder: account.creation.holder })),
      });
    const shares = mixShares(parts);
    nodeShares.set(nodeId, shares);
    nodeParts.set(nodeId, parts);
    return shares;
  };

  // A sorting run's shares with each output lot's part under the lot's grade (the run's loss unsorted).
  const fractionSharesOfRun = (run: SortingRunCompleted): ExactShares => {
    const known = runFractionShares.get(run.eventId);
    if (known !== undefined) return known;
    const fractionOf = new Map<string, string>();
    for (const output of run.outputs) if (!fractionOf.has(output.lotId)) fractionOf.set(output.lotId, output.fraction);
    const shares = mixShares(
      runParts.get(run.eventId)!.map(({ weight, shares: partShares, lotId }) => ({
        weight,
        shares: underFraction(partShares, lotId === undefined ? UNSORTED : fractionOf.get(lotId)!),
      })),
    );
    runFractionShares.set(run.eventId, shares);
    return shares;
  };

  const sharesBySortingFraction = (nodeId: string): ExactShares => {
    sharesOfNode(nodeId);
    return mixShares(
      nodeParts.get(nodeId)!.map(({ weight, shares, run }) => ({
        weight,
        shares: run?.type === 'SortingRunCompleted' ? fractionSharesOfRun(run) : underFraction(shares, UNSORTED),
      })),
    );
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
