import type { CentreStock } from './centre-stock.ts';
import type { ReceiveNodeAtCentre } from './sorting-command.ts';
import { requireId, requireInstant, requirePositiveGrams } from '@vezel/chain-rules';
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
    receiptId: requireId(command.receiptId, 'receiptId'),
    nodeId: requireId(command.nodeId, 'nodeId'),
    centreId: requireId(command.centreId, 'centreId'),
    grams: requirePositiveGrams(command.grams, 'grams'),
    receivedAt: requireInstant(command.receivedAt, 'receivedAt'),
    ...(command.deliveryId === undefined ? {} : { deliveryId: requireId(command.deliveryId, 'deliveryId') }),
  };
  return [event];
}
