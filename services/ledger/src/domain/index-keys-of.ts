import { assertNever } from '@vezel/errors';
import type { LedgerFact } from './ledger-fact.ts';

/*
 * Every fact is filed under the keys a query starts from: each node it touches, and for collection facts the
 * container and the municipality. A query reads the facts under one key and never scans the rest, and a database
 * store can keep the same keys as an indexed (key, event_id) table.
 */

/** The key of the facts touching a node (creating, moving, receiving, consuming or ending its grams). */
export function nodeKeyOf(nodeId: string): string {
  return `node:${nodeId}`;
}

/** The key of a container's registration and the batches collected from it. */
export function containerKeyOf(containerId: string): string {
  return `container:${containerId}`;
}

/** The key of the batches collected in a municipality (and its containers' registrations). */
export function municipalityKeyOf(municipality: string): string {
  return `municipality:${municipality}`;
}

/** The nodes a fact touches, each once, in the order the fact names them. */
export function nodeIdsOf(fact: LedgerFact): readonly string[] {
  switch (fact.type) {
    case 'ContainerRegistered':
      return [];
    case 'BatchCollected':
    case 'BatchShipped':
      return [fact.batchId];
    case 'NodeReceivedAtCentre':
    case 'NodeDisposed':
      return [fact.nodeId];
    case 'LotDispatched':
    case 'LotReceivedAtStore':
    case 'ItemsSold':
    case 'ItemsDonated':
    case 'LotReturned':
    case 'LotReceivedByProcessor':
      return [fact.lotId];
    case 'SortingRunCompleted':
      return [...new Set([...fact.inputs.map((input) => input.nodeId), ...fact.outputs.map((output) => output.lotId)])];
    case 'ProcessingRunCompleted':
      return [
        ...new Set([...fact.inputs.map((input) => input.nodeId), ...fact.outputs.map((output) => output.productId)]),
      ];
    default:
      return assertNever(fact, 'ledger fact');
  }
}

/** Every key a fact is filed under. */
export function indexKeysOf(fact: LedgerFact): readonly string[] {
  const keys = nodeIdsOf(fact).map(nodeKeyOf);
  if (fact.type === 'ContainerRegistered' || fact.type === 'BatchCollected') {
    keys.push(containerKeyOf(fact.containerId), municipalityKeyOf(fact.municipality));
  }
  return keys;
}
