import { assertNever } from '@vezel/errors';
import { BatchCollectedSchema, BatchShippedSchema, ContainerRegisteredSchema, eventCatalogue } from '@vezel/contracts';
import { eventMessagesFrom, type OutboxMessage } from '@vezel/messaging';
import type { MessageContext } from '@vezel/service-kit';
import type { CollectionEvent, ToOutboxMessage } from '../../app/collection-ports.ts';
import {
  toBatchCollectedProto,
  toBatchShippedProto,
  toContainerRegisteredProto,
} from '../protobuf/collection-protobuf.ts';

/**
 * Maps collection events to outbox messages: the protobuf event as the value, keyed (and `ce_subject`) by the
 * node the event is about (the batch, or the container for master data), timed by when the fact happened.
 */
export function createCollectionOutboxMessages(topic: string = eventCatalogue.collection.topic): ToOutboxMessage {
  const message = eventMessagesFrom({ topic, source: eventCatalogue.collection.source });
  return (event: CollectionEvent, context: MessageContext): OutboxMessage => {
    switch (event.type) {
      case 'ContainerRegistered': {
        const { type: _type, ...container } = event;
        // Registration carries no time of its own: the service's clock at execution is when it happened.
        return message(
          event.containerId,
          context.now,
          ContainerRegisteredSchema,
          toContainerRegisteredProto(container),
        );
      }
      case 'BatchCollected':
        return message(event.batchId, event.collectedAt, BatchCollectedSchema, toBatchCollectedProto(event));
      case 'BatchShipped':
        return message(event.batchId, event.shippedAt, BatchShippedSchema, toBatchShippedProto(event));
      default:
        return assertNever(event, 'event');
    }
  };
}
