import { onlyEvent, type CommandDefinition } from '@vezel/service-kit';
import {
  processorStockDecider,
  stockNodesReadBy,
  type CompleteProcessingRun,
  type ProcessingRunCompleted,
  type ProcessorStock,
  type RecyclingCommand,
  type RecyclingEvent,
} from '../domain/index.ts';
import type { RecyclingStores, ToOutboxMessage } from './recycling-ports.ts';
import { requireNewProductIds } from './require-new-product-ids.ts';

/** The validated request of `POST /v1/recycling/runs` and `CompleteProcessingRun`. */
export type CompleteProcessingRunInput = Omit<CompleteProcessingRun, 'type'>;

/**
 * Completing a processing run: keyed by the run id, decided by the processor's stock (loading only the lines of its
 * inputs and product ids), so two runs or disposals racing for a node's last grams serialise on the processor's
 * version and the loser is decided again against what the winner left. Product ids are also checked chain-wide
 * (as far as recycling knows nodes) before the save.
 */
export function completeProcessingRunCommand(
  stores: RecyclingStores,
  toMessage: ToOutboxMessage,
): CommandDefinition<
  CompleteProcessingRunInput,
  RecyclingCommand,
  RecyclingEvent,
  ProcessorStock,
  ProcessingRunCompleted
> {
  return {
    type: 'recycling.CompleteProcessingRun',
    idField: 'runId',
    aggregateId: (input) => input.processorId,
    store: requireNewProductIds(stores),
    decider: processorStockDecider,
    toCommand: (input) => ({ type: 'CompleteProcessingRun', ...input }),
    partsReadBy: stockNodesReadBy,
    toMessage,
    toResult: (events) => onlyEvent(events, 'ProcessingRunCompleted'),
  };
}
