import { onlyEvent, type CommandDefinition } from '@vezel/service-kit';
import {
  processorStockDecider,
  stockNodesReadBy,
  type LotReceivedByProcessor,
  type ProcessorStock,
  type ReceiveLotAtProcessor,
  type RecyclingCommand,
  type RecyclingEvent,
} from '../domain/index.ts';
import type { RecyclingStores, ToOutboxMessage } from './recycling-ports.ts';

/** A receipt with its id settled (given by the client or derived, see `resolveReceiptId`): what is executed. */
export type ReceiveLotInput = Omit<ReceiveLotAtProcessor, 'type'>;

/**
 * Receiving a lot: decided by the receiving processor's stock (so receipts, runs and disposals at one processor
 * serialise on its version), reading only the lot's stock line. `idField` is the request field a reused id is
 * blamed on: `receiptId` when the client chose it, `deliveryId` when the id was derived from the delivery.
 */
export function receiveLotAtProcessorCommand(
  stores: RecyclingStores,
  toMessage: ToOutboxMessage,
  idField: 'receiptId' | 'deliveryId',
): CommandDefinition<ReceiveLotInput, RecyclingCommand, RecyclingEvent, ProcessorStock, LotReceivedByProcessor> {
  return {
    // The idempotency key's kind: never rename it once in use.
    type: 'recycling.ReceiveLotAtProcessor',
    idField,
    commandId: (input) => input.receiptId,
    aggregateId: (input) => input.processorId,
    store: stores.stock,
    decider: processorStockDecider,
    toCommand: (input) => ({ type: 'ReceiveLotAtProcessor', ...input }),
    partsReadBy: stockNodesReadBy,
    toMessages: (events, context) => events.map((event) => toMessage(event, context)),
    toResult: (events) => onlyEvent(events, 'LotReceivedByProcessor'),
  };
}
