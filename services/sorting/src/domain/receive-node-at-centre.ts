import type { CentreStock } from './centre-stock.ts';
import type { ReceiveNodeAtCentre } from './centre-stock-command.ts';
import { assertId, assertInstant, toPositiveGrams } from './input-rules.ts';
import type { NodeReceivedAtCentre } from './sorting-event.ts';

/**
 * Decides a receipt. Only the receipt's own rules are checked: what was shipped (or returned) is owned by another
 * service, so a receipt larger than the delivery, or of a node the chain has not seen, is accepted and left to the
 * ledger's anomalies (docs/domain.md). Receiving a node again adds to what the centre holds: a batch may arrive in
 * several shipments, and a lot may come back from a store after the centre dispatched it.
 */
export function decideReceiveNodeAtCentre(command: ReceiveNodeAtCentre, _stock: CentreStock): [NodeReceivedAtCentre] {
  const event: NodeReceivedAtCentre = {
    type: 'NodeReceivedAtCentre',
    receiptId: assertId(command.receiptId, 'receiptId'),
    nodeId: assertId(command.nodeId, 'nodeId'),
    centreId: assertId(command.centreId, 'centreId'),
    grams: toPositiveGrams(command.grams, 'grams'),
    receivedAt: assertInstant(command.receivedAt, 'receivedAt'),
    ...(command.deliveryId === undefined ? {} : { deliveryId: assertId(command.deliveryId, 'deliveryId') }),
  };
  return [event];
}
