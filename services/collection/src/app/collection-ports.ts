import type { AggregateStore, EventToMessage } from '@vezel/service-kit';
import type { BatchEvent, BatchState } from '../domain/batch-decider.ts';
import type { ContainerEvent, ContainerState } from '../domain/container-decider.ts';

/** Every event the collection service publishes. */
export type CollectionEvent = ContainerEvent | BatchEvent;

/** Where the collection aggregates are kept (the postgres adapter implements these). */
export interface CollectionStores {
  readonly containers: AggregateStore<ContainerState, ContainerEvent>;
  readonly batches: AggregateStore<BatchState, BatchEvent>;
}

/** How a domain event goes on the wire (the protobuf adapter implements it). */
export type ToOutboxMessage = EventToMessage<CollectionEvent>;
