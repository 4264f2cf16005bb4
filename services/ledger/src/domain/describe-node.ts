import { NotFoundError, assertNever } from '@vezel/errors';
import type { Grams } from '@vezel/grams';
import { historyEntryOf, type HistoryEntry } from './history-entry-of.ts';
import type { Holder } from './holder.ts';
import type { LedgerState } from './ledger-state.ts';
import { accountNode, type NodeCreation } from './node-account.ts';
import type { Outcome } from './outcome.ts';

/** What the ledger knows a node is. `unknown`: only referenced so far (see anomalies). */
export type NodeSummary = BatchSummary | LotSummary | ProductSummary | UnknownNodeSummary;

/** A collection batch. */
export interface BatchSummary {
  readonly kind: 'batch';
  readonly nodeId: string;
  readonly grams: Grams;
  readonly createdAt: Date;
  readonly containerId: string;
  readonly municipality: string;
}

/** A sorted lot. */
export interface LotSummary {
  readonly kind: 'lot';
  readonly nodeId: string;
  readonly grams: Grams;
  readonly createdAt: Date;
  readonly runId: string;
  readonly centreId: string;
  readonly fraction: string;
}

/** A recycled or upcycled product; terminal. */
export interface ProductSummary {
  readonly kind: 'product';
  readonly nodeId: string;
  readonly grams: Grams;
  readonly createdAt: Date;
  readonly runId: string;
  readonly processorId: string;
  readonly productKind: string;
  readonly outcome: Outcome;
}

/** A node that facts refer to but that the ledger has not seen created. */
export interface UnknownNodeSummary {
  readonly kind: 'unknown';
  readonly nodeId: string;
}

/** Grams of the node one holder has now. */
export interface HolderGrams {
  readonly holder: Holder;
  readonly grams: Grams;
}

/** A node, who holds its grams now, and its history (docs/domain.md, `GET /v1/ledger/nodes/{id}`). */
export interface NodeDescription {
  readonly node: NodeSummary;
  /** Holders with grams of the node now (positive only, in-transit deliveries included), by holder. */
  readonly holders: readonly HolderGrams[];
  /** Every fact touching the node, oldest first (business time, then event id). */
  readonly history: readonly HistoryEntry[];
}

/** Describes node `nodeId`; throws NotFoundError when no fact mentions it. */
export function describeNode(state: LedgerState, nodeId: string): NodeDescription {
  const account = accountNode(state, nodeId);
  if (account.facts.length === 0) {
    throw new NotFoundError(`the ledger has no fact about node ${nodeId}`, { field: 'nodeId', details: { nodeId } });
  }
  return {
    node: summaryOf(nodeId, account.creation),
    holders: account.balances
      .filter((balance) => balance.grams > 0n)
      .map((balance) => ({ holder: balance.holder, grams: balance.grams as Grams })),
    history: account.facts.map((fact) => historyEntryOf(fact, nodeId)),
  };
}

function summaryOf(nodeId: string, creation: NodeCreation | undefined): NodeSummary {
  if (creation === undefined) return { kind: 'unknown', nodeId };
  switch (creation.kind) {
    case 'batch':
      return {
        kind: 'batch',
        nodeId,
        grams: creation.grams,
        createdAt: creation.fact.collectedAt,
        containerId: creation.containerId,
        municipality: creation.municipality,
      };
    case 'lot':
      return {
        kind: 'lot',
        nodeId,
        grams: creation.grams,
        createdAt: creation.fact.completedAt,
        runId: creation.fact.runId,
        centreId: creation.fact.centreId,
        fraction: creation.fraction,
      };
    case 'product':
      return {
        kind: 'product',
        nodeId,
        grams: creation.grams,
        createdAt: creation.fact.completedAt,
        runId: creation.fact.runId,
        processorId: creation.fact.processorId,
        productKind: creation.productKind,
        outcome: creation.outcome,
      };
    default:
      return assertNever(creation, 'node creation');
  }
}
