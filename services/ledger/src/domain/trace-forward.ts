import { assertNever } from '@vezel/errors';
import { addGrams, sumGrams, ZERO_GRAMS, type Grams } from '@vezel/grams';
import { CUSTODY_MODEL } from './custody-model.ts';
import { splitGramsByShares } from './exact-shares.ts';
import { forwardSharesIn, withoutStores, type ForwardShares } from './forward-shares.ts';
import { holderKeyOf, type Holder } from './holder.ts';
import { containerKeyOf, municipalityKeyOf } from './index-keys-of.ts';
import { factsUnder, type LedgerState } from './ledger-state.ts';
import { accountNode, creationOfNode, type BatchCreation } from './node-account.ts';
import { compareOutcomes, OUTCOMES, type Outcome } from './outcome.ts';
import type { TracedGrams } from './traced-grams.ts';

/** What a forward trace starts from. */
export type TraceSource = NodeSource | ContainerSource | MunicipalitySource;

/** One node's own grams: a batch, or a lot or product as a source of the grams it was made with. */
export interface NodeSource {
  readonly kind: 'node';
  readonly nodeId: string;
}

/** Every batch collected from a container (in the period, when given). */
export interface ContainerSource {
  readonly kind: 'container';
  readonly containerId: string;
  readonly period?: CollectionPeriod;
}

/** Every batch collected in a municipality, by CBS code (in the period, when given). */
export interface MunicipalitySource {
  readonly kind: 'municipality';
  readonly municipality: string;
  readonly period?: CollectionPeriod;
}

/** A span of collection time: batches collected at or after `from` and before `to`; an open end is unbounded. */
export interface CollectionPeriod {
  readonly from?: Date;
  readonly to?: Date;
}

/** Grams that reached one outcome. */
export interface OutcomeGrams {
  readonly outcome: Outcome;
  readonly grams: Grams;
}

/** The traced source's share of the grams one holder has of one node. */
export interface StockLine {
  readonly nodeId: string;
  readonly holder: Holder;
  readonly grams: Grams;
}

/**
 * Where a source's grams went. `outcomes` lists every outcome of OUTCOMES, zeros included, and any other outcome
 * the source's grams reached (an open vocabulary, ADR 7), in report order (compareOutcomes); it adds up to exactly
 * `grams`, and `stock` (positive lines, by node then holder) adds up to exactly the `stock` outcome.
 */
export interface ForwardTrace extends TracedGrams {
  readonly source: TraceSource;
  readonly outcomes: readonly OutcomeGrams[];
  readonly stock: readonly StockLine[];
}

/**
 * Where did the grams of `source` go? (docs/domain.md, `GET /v1/ledger/trace/forward`)
 *
 * A node's trace propagates exact shares through the graph (forward-shares.ts) and rounds once, with the largest
 * remainder over the node's buckets (every outcome, and every stock line), ties to the earlier bucket in
 * canonical order (outcomes in report order, then stock lines).
 *
 * A container's or municipality's trace is the sum of the traces of its batches, each rounded on its own. That is
 * a choice: rounding once over the exact sum would be at most (buckets - 1) g per batch closer to the ideal
 * figure, but per-batch integer figures compose: each adds up exactly to its batch, so any sum of them (a
 * municipality, a period, a region) adds up exactly to its collected grams, and a store can keep one row per batch
 * and outcome and answer municipality queries with a SUM instead of a walk of the graph. See
 * {@link combineForwardTraces}.
 *
 * Throws NotFoundError for a node the ledger has not seen created; an unknown container or municipality simply
 * has no grams.
 */
export function traceForward(state: LedgerState, source: TraceSource): ForwardTrace {
  const shares = forwardSharesIn(state);
  switch (source.kind) {
    case 'node':
      return traceOneNode(source, source.nodeId, creationOfNode(state, source.nodeId).grams, shares);
    case 'container':
      return traceBatches(
        source,
        batchesUnder(state, containerKeyOf(source.containerId), source.period).filter(
          (batch) => batch.containerId === source.containerId,
        ),
        shares,
      );
    case 'municipality':
      return traceBatches(
        source,
        batchesUnder(state, municipalityKeyOf(source.municipality), source.period).filter(
          (batch) => batch.municipality === source.municipality,
        ),
        shares,
      );
    default:
      return assertNever(source, 'trace source');
  }
}

/**
 * The forward trace of each of `nodeIds` (created nodes only; others are left out), as {@link traceForward} gives
 * it for one node, computed over one memo of shares: a store that keeps per-batch figures refreshes many batches
 * of the same runs at once, and they share most of the graph below them. Pass `shares` to reuse the memo for more
 * figures of the same nodes (fraction-outcomes.ts).
 */
export function traceNodesForward(
  state: LedgerState,
  nodeIds: Iterable<string>,
  shares: ForwardShares = forwardSharesIn(state),
): Map<string, ForwardTrace> {
  const traces = new Map<string, ForwardTrace>();
  for (const nodeId of nodeIds) {
    const { creation } = accountNode(state, nodeId);
    if (creation === undefined) continue;
    traces.set(nodeId, traceOneNode({ kind: 'node', nodeId }, nodeId, creation.grams, shares));
  }
  return traces;
}

/**
 * The trace of a source made of disjoint parts (batches, or the batches of several municipalities): grams,
 * outcomes and stock lines added up. Exact because every part already is.
 */
export function combineForwardTraces(source: TraceSource, parts: readonly ForwardTrace[]): ForwardTrace {
  const byOutcome = new Map<Outcome, Grams>();
  const stockByKey = new Map<string, StockLine>();
  for (const part of parts) {
    for (const { outcome, grams } of part.outcomes) {
      byOutcome.set(outcome, addGrams(byOutcome.get(outcome) ?? ZERO_GRAMS, grams));
    }
    for (const line of part.stock) {
      const key = stockKeyOf(line);
      const known = stockByKey.get(key);
      stockByKey.set(key, known === undefined ? line : { ...known, grams: addGrams(known.grams, line.grams) });
    }
  }
  return {
    source,
    grams: sumGrams(parts.map((part) => part.grams)),
    custodyModel: CUSTODY_MODEL,
    outcomes: listOutcomes(byOutcome),
    stock: sortStock([...stockByKey.values()]),
  };
}

/** The winning BatchCollected of every batch filed under `key`, collected in `period`, by batch id. */
function batchesUnder(state: LedgerState, key: string, period: CollectionPeriod | undefined): BatchCreation[] {
  const batchIds = new Set<string>();
  for (const fact of factsUnder(state, key)) {
    if (fact.type === 'BatchCollected') batchIds.add(fact.batchId);
  }
  const batches: BatchCreation[] = [];
  for (const batchId of [...batchIds].sort()) {
    const { creation } = accountNode(state, batchId);
    if (creation?.kind === 'batch' && isInPeriod(creation.fact.collectedAt, period)) batches.push(creation);
  }
  return batches;
}

function isInPeriod(time: Date, period: CollectionPeriod | undefined): boolean {
  if (period?.from !== undefined && time.getTime() < period.from.getTime()) return false;
  if (period?.to !== undefined && time.getTime() >= period.to.getTime()) return false;
  return true;
}

function traceBatches(source: TraceSource, batches: readonly BatchCreation[], shares: ForwardShares): ForwardTrace {
  return combineForwardTraces(
    source,
    batches.map((batch) => traceOneNode(source, batch.fact.batchId, batch.grams, shares)),
  );
}

function traceOneNode(source: TraceSource, nodeId: string, grams: Grams, shares: ForwardShares): ForwardTrace {
  const exact = withoutStores(shares.of(nodeId));
  const split = splitGramsByShares(grams, exact, shares.orderOf(exact.parts.keys()));
  const byOutcome = new Map<Outcome, Grams>();
  const stock: StockLine[] = [];
  for (const [key, part] of split) {
    if (part === 0n) continue;
    const bucket = shares.bucketOf(key);
    if (bucket.kind === 'stock') stock.push({ nodeId: bucket.nodeId, holder: bucket.holder, grams: part });
    const outcome = bucket.kind === 'stock' ? 'stock' : bucket.outcome;
    byOutcome.set(outcome, addGrams(byOutcome.get(outcome) ?? ZERO_GRAMS, part));
  }
  return {
    source,
    grams,
    custodyModel: CUSTODY_MODEL,
    outcomes: listOutcomes(byOutcome),
    stock: sortStock(stock),
  };
}

/** Every known outcome (zeros included) and every other outcome reached, in report order. */
function listOutcomes(byOutcome: ReadonlyMap<Outcome, Grams>): OutcomeGrams[] {
  return [...new Set<Outcome>([...OUTCOMES, ...byOutcome.keys()])]
    .sort(compareOutcomes)
    .map((outcome) => ({ outcome, grams: byOutcome.get(outcome) ?? ZERO_GRAMS }));
}

function stockKeyOf(line: StockLine): string {
  return JSON.stringify([line.nodeId, holderKeyOf(line.holder)]);
}

function sortStock(lines: StockLine[]): StockLine[] {
  return lines
    .filter((line) => line.grams > 0n)
    .sort((a, b) => {
      const byNode = a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0;
      if (byNode !== 0) return byNode;
      const aKey = holderKeyOf(a.holder);
      const bKey = holderKeyOf(b.holder);
      return aKey < bKey ? -1 : aKey > bKey ? 1 : 0;
    });
}
