import { onlyEvent, type CommandDefinition } from '@vezel/service-kit';
import {
  processorStockDecider,
  stockNodesReadBy,
  type DisposeNode,
  type NodeDisposed,
  type ProcessorStock,
  type RecyclingCommand,
  type RecyclingEvent,
} from '../domain/index.ts';
import type { RecyclingStores, ToOutboxMessage } from './recycling-ports.ts';

/** The validated request of `POST /v1/recycling/disposals` and `DisposeNode`. */
export type DisposeNodeInput = Omit<DisposeNode, 'type'>;

/**
 * Disposing of grams of a held node: keyed by the disposal id, decided by the processor's stock (only the node's
 * line is loaded), so a disposal racing a run or another disposal for the last grams loses cleanly.
 */
export function disposeNodeCommand(
  stores: RecyclingStores,
  toMessage: ToOutboxMessage,
): CommandDefinition<DisposeNodeInput, RecyclingCommand, RecyclingEvent, ProcessorStock, NodeDisposed> {
  return {
    type: 'recycling.DisposeNode',
    idField: 'disposalId',
    aggregateId: (input) => input.processorId,
    store: stores.stock,
    decider: processorStockDecider,
    toCommand: (input) => ({ type: 'DisposeNode', ...input }),
    partsReadBy: stockNodesReadBy,
    toMessage,
    toResult: (events) => onlyEvent(events, 'NodeDisposed'),
  };
}
