import { onlyEvent, type CommandDefinition } from '@vezel/service-kit';
import {
  batchDecider,
  type BatchCommand,
  type BatchEvent,
  type BatchShipped,
  type BatchState,
  type ShipBatch,
} from '../domain/batch-decider.ts';
import type { CollectionStores, ToOutboxMessage } from './collection-ports.ts';

/** The validated request of `POST /v1/collection/batches/{batchId}/shipments` and `ShipBatch`. */
export type ShipBatchInput = Omit<ShipBatch, 'type'>;

/**
 * Shipping grams of a batch: keyed by the shipment id, decided by the batch, so two shipments racing for its last
 * grams serialise on the batch's version and the loser is decided again against what the winner left.
 */
export function shipBatchCommand(
  stores: CollectionStores,
  toMessage: ToOutboxMessage,
): CommandDefinition<ShipBatchInput, BatchCommand, BatchEvent, BatchState, BatchShipped> {
  return {
    type: 'collection.ShipBatch',
    idField: 'shipmentId',
    aggregateId: (input) => input.batchId,
    store: stores.batches,
    decider: batchDecider,
    toCommand: (input) => ({ type: 'ShipBatch', ...input }),
    toMessage,
    toResult: (events) => onlyEvent(events, 'BatchShipped'),
  };
}
