import { addGrams, ZERO_GRAMS, type Grams } from '@vezel/grams';
import { CUSTODY_MODEL } from './custody-model.ts';
import { mixShares, splitGramsByShares, wholeShareOf, type ExactShares, type ShareComponent } from './exact-shares.ts';
import type { LedgerState } from './ledger-state.ts';
import { accountNode, creationOfNode } from './node-account.ts';
import type { TracedGrams } from './traced-grams.ts';

/**
 * A traced node's grams that came from one batch. While the ledger cannot follow a part back to a batch (a run
 * input it has not seen created), that part is an origin of its own: `batchId` is the unresolved node's id and
 * `containerId` and `municipality` are null, until the missing fact arrives (it is listed under anomalies).
 */
export interface Origin {
  readonly batchId: string;
  readonly containerId: string | null;
  readonly municipality: string | null;
  readonly grams: Grams;
}

/**
 * A traced node's grams that came from one municipality (null: not resolved yet, see {@link Origin}): its origins
 * there, added up.
 */
export type MunicipalityGrams = Pick<Origin, 'municipality' | 'grams'>;

/**
 * Where a node's grams came from. `origins` (positive, by batch id) and `byMunicipality` (by CBS code, unresolved
 * last) each add up to exactly `grams`.
 */
export interface BackwardTrace extends TracedGrams {
  readonly node: string;
  readonly origins: readonly Origin[];
  readonly byMunicipality: readonly MunicipalityGrams[];
}

/**
 * Where did the grams of node `nodeId` come from? (docs/domain.md, `GET /v1/ledger/trace/backward`)
 *
 * Every node is made by one fact, so all its grams have one composition: a batch is itself; a lot or product has
 * the pool composition of the run that made it, input i weighing consumed_i / sum(consumed), each input with its
 * own composition, recursively (exact shares, exact-shares.ts). Deliveries, sales and the like move grams without
 * changing composition, so they play no part. The node's grams are rounded once over its origin batches (largest
 * remainder, ties to the smaller batch id), and `byMunicipality` adds up those rounded origins, so the two lists
 * agree gram for gram.
 *
 * Cost: O(ancestor runs x origin batches) bigint operations, each ancestor expanded once.
 * Throws NotFoundError for a node the ledger has not seen created.
 */
export function traceBackward(state: LedgerState, nodeId: string): BackwardTrace {
  const { grams } = creationOfNode(state, nodeId);
  const composition = compositionOf(state, nodeId, new Map(), new Set());
  const origins = originsOf(state, splitGramsByShares(grams, composition, [...composition.parts.keys()].sort()));
  return { node: nodeId, grams, custodyModel: CUSTODY_MODEL, origins, byMunicipality: byMunicipalityOf(origins) };
}

/** The positive parts of a node's grams split over origin keys, each with its batch's place when the batch is known. */
function originsOf(state: LedgerState, split: ReadonlyMap<string, Grams>): Origin[] {
  const origins: Origin[] = [];
  for (const [batchId, grams] of split) {
    if (grams === 0n) continue;
    const origin = accountNode(state, batchId).creation;
    const [containerId, municipality] =
      origin?.kind === 'batch' ? [origin.containerId, origin.municipality] : [null, null];
    origins.push({ batchId, containerId, municipality, grams });
  }
  return origins;
}

/** Origins added up by municipality: by CBS code, unresolved last. */
function byMunicipalityOf(origins: readonly Origin[]): MunicipalityGrams[] {
  const byMunicipality = new Map<string | null, Grams>();
  for (const { municipality, grams } of origins) {
    byMunicipality.set(municipality, addGrams(byMunicipality.get(municipality) ?? ZERO_GRAMS, grams));
  }
  return [...byMunicipality.entries()]
    .sort(([a], [b]) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1))
    .map(([municipality, grams]) => ({ municipality, grams }));
}

/**
 * The composition of a node's grams over origin keys (batch ids, or ids of nodes not traceable further). A cycle
 * (impossible in the chain, reported as an anomaly) is cut by leaving out the input that closes it.
 */
function compositionOf(
  state: LedgerState,
  nodeId: string,
  memo: Map<string, ExactShares>,
  inProgress: Set<string>,
): ExactShares {
  const known = memo.get(nodeId);
  if (known !== undefined) return known;
  const { creation } = accountNode(state, nodeId);
  if (creation === undefined || creation.kind === 'batch') return wholeShareOf(nodeId);

  const consumed = new Map<string, bigint>();
  for (const input of creation.fact.inputs)
    consumed.set(input.nodeId, (consumed.get(input.nodeId) ?? 0n) + input.grams);
  inProgress.add(nodeId);
  const components: ShareComponent[] = [];
  for (const inputId of [...consumed.keys()].sort()) {
    const grams = consumed.get(inputId)!;
    if (grams > 0n && !inProgress.has(inputId)) {
      components.push({ weight: grams, shares: compositionOf(state, inputId, memo, inProgress) });
    }
  }
  inProgress.delete(nodeId);
  // A run with no traceable input leaves its outputs as their own origin: unresolved, never silently dropped.
  const composition = components.length === 0 ? wholeShareOf(nodeId) : mixShares(components);
  memo.set(nodeId, composition);
  return composition;
}
