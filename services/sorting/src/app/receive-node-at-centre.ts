import { onlyEvent, type CommandDefinition, type ReceiptRequest } from '@vezel/service-kit';
import {
  centreStockDecider,
  stockNodesReadBy,
  type CentreStock,
  type CentreStockCommand,
  type NodeReceivedAtCentre,
  type ReceiveNodeAtCentre,
  type SortingEvent,
} from '../domain/index.ts';
import type { SortingStores, ToOutboxMessage } from './sorting-ports.ts';

/**
 * The validated request of `POST /v1/sorting/receipts` and `ReceiveNodeAtCentre`: `receiptId` may be left out
 * (docs/domain.md); the application then derives one (`resolveReceiptId`).
 */
export type ReceiveNodeAtCentreInput = ReceiptRequest<IdentifiedReceipt>;

/** A receipt with its id settled: what is executed, hashed for idempotency and decided. */
export type IdentifiedReceipt = Omit<ReceiveNodeAtCentre, 'type'>;

/**
 * Receiving grams of a node at a centre: keyed by the receipt id, decided by the centre's stock (only the node's
 * line is loaded). The receipt checks only its own rules; what was shipped is another service's fact.
 */
export function receiveNodeAtCentreCommand(
  stores: SortingStores,
  toMessage: ToOutboxMessage,
): CommandDefinition<IdentifiedReceipt, CentreStockCommand, SortingEvent, CentreStock, NodeReceivedAtCentre> {
  return {
    type: 'sorting.ReceiveNodeAtCentre',
    idField: 'receiptId',
    aggregateId: (input) => input.centreId,
    store: stores.centres,
    decider: centreStockDecider,
    toCommand: (input) => ({ type: 'ReceiveNodeAtCentre', ...input }),
    partsReadBy: stockNodesReadBy,
    toMessage,
    toResult: (events) => onlyEvent(events, 'NodeReceivedAtCentre'),
  };
}
