import { assertNever } from '@vezel/errors';
import { sumGrams, type Grams } from '@vezel/grams';
import type { Destination } from './destination.ts';
import type { Holder } from './holder.ts';
import type { LedgerFact, LedgerFactType, RunCompleted } from './ledger-fact.ts';
import { occurredAtOf } from './occurred-at-of.ts';
import { runOutputsOf } from './run-outputs-of.ts';

/** One fact in a node's history: what, when, where/who, and how many grams of this node. */
export interface HistoryEntry {
  readonly eventId: string;
  readonly type: LedgerFactType;
  readonly occurredAt: Date;
  /** The party that had or received the grams, or the delivery carrying them for a fact that puts them in transit. */
  readonly holder: Holder;
  /** Grams of this node the fact created, moved, received or consumed. */
  readonly grams: Grams;
  readonly fact: LedgerFact;
}

/** What `fact` did to node `nodeId`, as a line of the node's history. */
export function historyEntryOf(fact: LedgerFact, nodeId: string): HistoryEntry {
  const [holder, grams] = whereAndHowMuch(fact, nodeId);
  return { eventId: fact.eventId, type: fact.type, occurredAt: occurredAtOf(fact), holder, grams, fact };
}

function whereAndHowMuch(fact: LedgerFact, nodeId: string): readonly [Holder, Grams] {
  switch (fact.type) {
    case 'ContainerRegistered':
      return [{ kind: 'collection', id: fact.containerId }, 0n as Grams];
    case 'BatchCollected':
      return [{ kind: 'collection', id: fact.containerId }, fact.grams];
    case 'BatchShipped':
      return [{ kind: 'in-transit', id: fact.shipmentId, to: { kind: 'centre', id: fact.centreId } }, fact.grams];
    case 'NodeReceivedAtCentre':
      return [{ kind: 'centre', id: fact.centreId }, fact.grams];
    case 'SortingRunCompleted':
      return [{ kind: 'centre', id: fact.centreId }, runGramsOf(fact, nodeId)];
    case 'LotDispatched':
      return [sentTo(fact.dispatchId, { kind: 'centre', id: fact.centreId }, fact.destination), fact.grams];
    case 'LotReceivedAtStore':
      return [{ kind: 'store', id: fact.storeId }, fact.grams];
    case 'ItemsSold':
    case 'ItemsDonated':
      return [{ kind: 'store', id: fact.storeId }, fact.grams];
    case 'LotReturned':
      return [sentTo(fact.returnId, { kind: 'store', id: fact.storeId }, fact.destination), fact.grams];
    case 'LotReceivedByProcessor':
      return [{ kind: 'processor', id: fact.processorId }, fact.grams];
    case 'ProcessingRunCompleted':
      return [{ kind: 'processor', id: fact.processorId }, runGramsOf(fact, nodeId)];
    case 'NodeDisposed':
      return [{ kind: 'processor', id: fact.processorId }, fact.grams];
    default:
      return assertNever(fact, 'ledger fact');
  }
}

/** In transit for a party destination; a terminal destination (exporter, disposal) ends at the sender. */
function sentTo(deliveryId: string, sender: Holder, destination: Destination): Holder {
  return destination.kind === 'exporter' || destination.kind === 'disposal'
    ? sender
    : { kind: 'in-transit', id: deliveryId, to: { kind: destination.kind, id: destination.id } };
}

/** Grams a run made of the node, or else consumed of it. */
function runGramsOf(run: RunCompleted, nodeId: string): Grams {
  const made = runOutputsOf(run).filter((output) => output.nodeId === nodeId);
  if (made.length > 0) return sumGrams(made.map((output) => output.grams));
  return sumGrams(run.inputs.filter((input) => input.nodeId === nodeId).map((input) => input.grams));
}
