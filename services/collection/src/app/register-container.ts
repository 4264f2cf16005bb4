import { onlyEvent, type CommandDefinition } from '@vezel/service-kit';
import {
  containerDecider,
  type ContainerCommand,
  type ContainerEvent,
  type ContainerRegistered,
  type ContainerState,
  type RegisterContainer,
} from '../domain/container-decider.ts';
import type { CollectionStores, ToOutboxMessage } from './collection-ports.ts';

/** The validated request of `POST /v1/collection/containers` and `RegisterContainer`. */
export type RegisterContainerInput = Omit<RegisterContainer, 'type'>;

/** Registering a container: decided by the container itself, keyed by its id. */
export function registerContainerCommand(
  stores: CollectionStores,
  toMessage: ToOutboxMessage,
): CommandDefinition<RegisterContainerInput, ContainerCommand, ContainerEvent, ContainerState, ContainerRegistered> {
  return {
    type: 'collection.RegisterContainer',
    idField: 'containerId',
    aggregateId: (input) => input.containerId,
    store: stores.containers,
    decider: containerDecider,
    toCommand: (input) => ({ type: 'RegisterContainer', ...input }),
    toMessage,
    toResult: (events) => onlyEvent(events, 'ContainerRegistered'),
  };
}
