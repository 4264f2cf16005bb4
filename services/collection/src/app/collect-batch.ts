import { onlyEvent, type CommandDefinition } from '@vezel/service-kit';
import {
  batchDecider,
  type BatchCollected,
  type BatchCommand,
  type BatchEvent,
  type BatchState,
  type CollectBatch,
} from '../domain/batch-decider.ts';
import type { CollectionStores, ToOutboxMessage } from './collection-ports.ts';

/** The validated request of `POST /v1/collection/batches` and `CollectBatch`. */
export type CollectBatchInput = Omit<CollectBatch, 'type' | 'container'>;

/**
 * Collecting a batch: decided by the new batch, with its container looked up in the same transaction (a batch
 * comes from a registered container, and takes over its municipality as its origin).
 */
export function collectBatchCommand(
  stores: CollectionStores,
  toMessage: ToOutboxMessage,
): CommandDefinition<CollectBatchInput, BatchCommand, BatchEvent, BatchState, BatchCollected> {
  return {
    type: 'collection.CollectBatch',
    idField: 'batchId',
    aggregateId: (input) => input.batchId,
    store: stores.batches,
    decider: batchDecider,
    toCommand: async (input, tx) => {
      const container = await stores.containers.load(tx, input.containerId);
      return {
        type: 'CollectBatch',
        ...input,
        container: container?.state.status === 'registered' ? container.state.container : undefined,
      };
    },
    toMessage,
    toResult: (events) => onlyEvent(events, 'BatchCollected'),
  };
}
