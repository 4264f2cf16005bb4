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
 * serialise on its version), reading only the lot's stock line.
 */
export function receiveLotAtProcessorCommand(
  stores: RecyclingStores,
  toMessage: ToOutboxMessage,
): CommandDefinition<ReceiveLotInput, RecyclingCommand, RecyclingEvent, ProcessorStock, LotReceivedByProcessor> {
  return {
    // The idempotency key's kind: never rename it once in use.
    type: 'recycling.ReceiveLotAtProcessor',
    idField: 'receiptId',
    aggregateId: (input) => input.processorId,
    store: stores.stock,
    decider: processorStockDecider,
    toCommand: (input) => ({ type: 'ReceiveLotAtProcessor', ...input }),
    partsReadBy: stockNodesReadBy,
    toMessage,
    toResult: (events) => onlyEvent(events, 'LotReceivedByProcessor'),
  };
}
