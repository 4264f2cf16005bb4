import { assertNever } from '@vezel/errors';
import { sumGrams, type Grams } from '@vezel/grams';
import { findRunCycles } from './find-run-cycles.ts';
import { describeHolder, holderKeyOf, isSameHolder, type Holder } from './holder.ts';
import { nodeIdsOf } from './index-keys-of.ts';
import type { LedgerFact, RunCompleted } from './ledger-fact.ts';
import { hasNode, nodeIdsIn, type LedgerState } from './ledger-state.ts';
import type { UnmatchedReceipt } from './match-receipts.ts';
import { accountNode, type NodeAccount } from './node-account.ts';
import { runOutputsOf } from './run-outputs-of.ts';

/**
 * What kind of inconsistency the ledger sees. The first four are the contract's (`AnomalyKind` in
 * proto/vezel/ledger/v1/service.proto); `conflicting-facts` covers what it lacks a kind for: a node id created by
 * two facts, a run making its own ancestor, one event id delivered with two different bodies.
 */
export const ANOMALY_KINDS = [
  'imbalance',
  'consumed-before-received',
  'unknown-node',
  'receipt-exceeds-delivery',
  'conflicting-facts',
] as const;

/** A kind from {@link ANOMALY_KINDS}. */
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** One open anomaly: derived from the facts, so it disappears by itself when the missing or correcting fact arrives. */
export interface Anomaly {
  readonly kind: AnomalyKind;
  /** The node it concerns (for a conflicting container registration: the container id). */
  readonly nodeId: string;
  /** The holder it concerns, when there is one. */
  readonly holder?: Holder;
  /** Grams that do not reconcile: the excess, the shortfall, or the grams the facts refer to. */
  readonly grams: Grams;
  /** What is wrong, in words. */
  readonly message: string;
  /** The events involved, sorted. */
  readonly eventIds: readonly string[];
}

/**
 * Every open anomaly (docs/domain.md, `GET /v1/ledger/anomalies`), sorted by node, kind, holder and events, so that the
 * same facts always give the same list. Cost: one pass over every node's facts, and one over the runs.
 *
 * - `unknown-node`: facts refer to a node no fact creates (a run consuming a batch whose BatchCollected has not
 *   arrived). The node's other figures are not checked until it is known: they would only repeat this.
 * - `consumed-before-received`: a party took grams of a node it has no receipt for yet (a sale before the store's
 *   receipt), or while a delivery to it is still open.
 * - `imbalance`: more grams of a node left a holder than came in, and no pending receipt explains it; or a run
 *   whose inputs differ from its outputs plus loss.
 * - `receipt-exceeds-delivery`: a receipt larger than the delivery it closes, or a receipt with no delivery to
 *   close (one not seen yet, or already closed by an earlier receipt: ADR 9).
 */
export function listAnomalies(state: LedgerState): Anomaly[] {
  return [...factAnomaliesIn(state), ...cycleAnomaliesIn(state)].sort(compareAnomalies);
}

/**
 * The anomalies a node's own facts tell (all but run cycles, which take the graph below it), filed under the nodes of
 * `state`, or only those filed under `only`'s nodes: complete for every node whose facts `state` holds, whatever else
 * it holds. A figure refresh keeps these in the node's book, so the node's anomalies need its facts read only when
 * they change. Books want a few nodes of a state whose run facts name many more (every input of a sorting run):
 * `only` spares accounting for those, which the whole list would.
 */
export function factAnomaliesIn(state: LedgerState, only?: ReadonlySet<string>): Anomaly[] {
  const wanted = (nodeId: string): boolean => only === undefined || only.has(nodeId);
  const anomalies: Anomaly[] = [];
  // The wanted nodes in the order nodeIdsIn gives them, without listing (and sorting) every node of a large state.
  const nodeIds = only === undefined ? nodeIdsIn(state) : [...only].filter((nodeId) => hasNode(state, nodeId)).sort();
  for (const nodeId of nodeIds) anomalies.push(...nodeAnomalies(accountNode(state, nodeId)));
  for (const fact of state.facts.values()) {
    if (fact.type === 'SortingRunCompleted' || fact.type === 'ProcessingRunCompleted') {
      const anomaly = runImbalance(fact);
      if (anomaly !== undefined && wanted(anomaly.nodeId)) anomalies.push(anomaly);
    }
  }
  for (const eventId of [...state.conflictingEventIds].sort()) {
    const fact = state.facts.get(eventId)!;
    const nodeId = nodeIdsOf(fact)[0] ?? (fact.type === 'ContainerRegistered' ? fact.containerId : '');
    if (!wanted(nodeId)) continue;
    anomalies.push({
      kind: 'conflicting-facts',
      nodeId,
      grams: 0n as Grams,
      message:
        `event ${eventId} was delivered with two different bodies; ` +
        'the ledger keeps the one whose canonical JSON sorts first',
      eventIds: [eventId],
    });
  }
  return anomalies;
}

/** The runs that close a cycle among the nodes of `state` (complete for nodes whose whole forward graph it holds). */
export function cycleAnomaliesIn(state: LedgerState): Anomaly[] {
  const anomalies: Anomaly[] = [];
  for (const { nodeId, run } of findRunCycles(state)) {
    anomalies.push({
      kind: 'conflicting-facts',
      nodeId,
      grams: sumGrams(
        runOutputsOf(run)
          .filter((output) => output.nodeId === nodeId)
          .map((output) => output.grams),
      ),
      message:
        `run ${run.runId} makes ${nodeId} out of grams that already descend from ${nodeId}: ` +
        'a cycle, left out of the traces',
      eventIds: [run.eventId],
    });
  }
  return anomalies;
}

function nodeAnomalies(account: NodeAccount): Anomaly[] {
  const { nodeId, creation } = account;
  if (creation === undefined) {
    // The grams the facts take from holders with no known source; for facts that only bring grams in, those.
    const owed = sumGrams(account.balances.filter((b) => b.grams < 0n).map((b) => -b.grams as Grams));
    const grams =
      owed > 0n ? owed : sumGrams(account.balances.filter((b) => b.grams > 0n).map((b) => b.grams as Grams));
    return [
      {
        kind: 'unknown-node',
        nodeId,
        grams,
        message:
          `${account.facts.length} event(s) refer to ${nodeId} (${grams} g unaccounted for), ` +
          'but the ledger has not seen it created',
        eventIds: eventIdsOf(account.facts),
      },
    ];
  }

  const anomalies: Anomaly[] = [];
  if (account.rivalCreations.length > 0) {
    anomalies.push({
      kind: 'conflicting-facts',
      nodeId,
      grams: sumGrams(account.rivalCreations.map((rival) => rival.grams)),
      message:
        `${nodeId} is created by ${account.rivalCreations.length + 1} facts; ` +
        `the ledger counts the earliest (${creation.fact.eventId}) and ignores the others`,
      eventIds: eventIdsOf([creation.fact, ...account.rivalCreations.map((rival) => rival.fact)]),
    });
  }

  for (const balance of account.balances) {
    if (balance.grams >= 0n) continue;
    const { holder } = balance;
    const missing = -balance.grams as Grams;
    const awaited = account.matching.deliveries.some(
      ({ delivery, receipt }) => receipt === undefined && isSameHolder(delivery.to, holder),
    );
    const notReceivedYet = holder.kind !== 'collection' && holder.kind !== 'in-transit' && (!balance.cameIn || awaited);
    anomalies.push(
      notReceivedYet
        ? {
            kind: 'consumed-before-received',
            nodeId,
            holder,
            grams: missing,
            message:
              `${describeHolder(holder)} used ${missing} g more of ${nodeId} than the ledger has seen it receive; ` +
              'the receipt may not have arrived yet',
            eventIds: [...new Set(balance.outflowEventIds)].sort(),
          }
        : {
            kind: 'imbalance',
            nodeId,
            holder,
            grams: missing,
            message: `${missing} g more of ${nodeId} left ${describeHolder(holder)} than came in`,
            eventIds: [...new Set(balance.outflowEventIds)].sort(),
          },
    );
  }

  for (const { delivery, receipt } of account.matching.deliveries) {
    if (receipt === undefined || receipt.grams <= delivery.grams) continue;
    const excess = (receipt.grams - delivery.grams) as Grams;
    anomalies.push({
      kind: 'receipt-exceeds-delivery',
      nodeId,
      holder: delivery.to,
      grams: excess,
      message:
        `${describeHolder(delivery.to)} received ${receipt.grams} g of ${nodeId} against delivery ` +
        `${delivery.deliveryId} of ${delivery.grams} g: ${excess} g more than was sent`,
      eventIds: eventIdsOf([delivery.fact, receipt.fact]),
    });
  }
  for (const { receipt, reason } of account.matching.unmatched) {
    anomalies.push({
      kind: 'receipt-exceeds-delivery',
      nodeId,
      holder: receipt.at,
      grams: receipt.grams,
      message:
        `receipt ${receipt.fact.receiptId} of ${receipt.grams} g of ${nodeId} ` +
        `at ${describeHolder(receipt.at)} ${unmatchedBecause(reason, receipt.deliveryId)}`,
      eventIds: [receipt.fact.eventId],
    });
  }
  return anomalies;
}

function unmatchedBecause(reason: UnmatchedReceipt['reason'], deliveryId: string | undefined): string {
  switch (reason) {
    case 'unknown-delivery':
      return `names delivery ${deliveryId}, which the ledger has not seen going there`;
    case 'already-closed':
      return `names delivery ${deliveryId}, which an earlier receipt already closed`;
    case 'no-open-delivery':
      return 'closes no delivery: the ledger has seen no open delivery of it going there';
    default:
      return assertNever(reason, 'unmatched receipt reason');
  }
}

function runImbalance(run: RunCompleted): Anomaly | undefined {
  const consumed = sumGrams(run.inputs.map((input) => input.grams));
  const outputs = runOutputsOf(run);
  const accounted = sumGrams([...outputs.map((output) => output.grams), run.lossGrams]);
  if (consumed === accounted) return undefined;
  const holder: Holder =
    run.type === 'SortingRunCompleted'
      ? { kind: 'centre', id: run.centreId }
      : { kind: 'processor', id: run.processorId };
  const nodeIds = outputs.map((output) => output.nodeId).sort();
  return {
    kind: 'imbalance',
    nodeId: nodeIds[0] ?? run.inputs[0]?.nodeId ?? run.runId,
    holder,
    grams: (consumed > accounted ? consumed - accounted : accounted - consumed) as Grams,
    message: `run ${run.runId} consumed ${consumed} g but its outputs and loss add up to ${accounted} g`,
    eventIds: [run.eventId],
  };
}

function eventIdsOf(facts: readonly LedgerFact[]): string[] {
  return [...new Set(facts.map((fact) => fact.eventId))].sort();
}

function compareAnomalies(a: Anomaly, b: Anomaly): number {
  const keyOf = (anomaly: Anomaly): readonly string[] => [
    anomaly.nodeId,
    anomaly.kind,
    anomaly.holder === undefined ? '' : holderKeyOf(anomaly.holder),
    anomaly.eventIds.join('\n'),
    anomaly.message,
  ];
  const [left, right] = [keyOf(a), keyOf(b)];
  for (let index = 0; index < left.length; index += 1) {
    if (left[index]! < right[index]!) return -1;
    if (left[index]! > right[index]!) return 1;
  }
  return 0;
}
