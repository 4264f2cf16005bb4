import type { AggregateStore, EventToMessage, ApplicationDependencies } from '@vezel/service-kit';
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

/** What the application needs from the outside: these ports, a database and the runner's options. */
export type CollectionApplicationDependencies = ApplicationDependencies<CollectionStores, CollectionEvent>;
