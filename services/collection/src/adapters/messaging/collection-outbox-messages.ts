import { BatchCollectedSchema, BatchShippedSchema, ContainerRegisteredSchema, eventCatalogue } from '@vezel/contracts';
import { encodeEvent, type OutboxMessage } from '@vezel/messaging';
import type { MessageContext } from '@vezel/service-kit';
import type { CollectionEvent, ToOutboxMessage } from '../../app/collection-ports.ts';
import {
  toBatchCollectedProto,
  toBatchShippedProto,
  toContainerRegisteredProto,
} from '../protobuf/collection-protobuf.ts';

/** The topic the collection service publishes to. */
export const COLLECTION_TOPIC = eventCatalogue.collection.topic;

/** `ce_source` of every collection event. */
export const COLLECTION_SOURCE = '/vezel/collection';

/**
 * Maps collection events to outbox messages: the protobuf event as the value, keyed (and `ce_subject`) by the
 * node the event is about (the batch, or the container for master data), timed by when the fact happened.
 */
export function createCollectionOutboxMessages(topic: string = COLLECTION_TOPIC): ToOutboxMessage {
  return (event: CollectionEvent, context: MessageContext): OutboxMessage => {
    const base = { topic, source: COLLECTION_SOURCE };
    switch (event.type) {
      case 'ContainerRegistered': {
        const { type: _type, ...container } = event;
        // Registration carries no time of its own: the service's clock at execution is when it happened.
        return {
          ...base,
          subject: event.containerId,
          time: context.now,
          ...encodeEvent(ContainerRegisteredSchema, toContainerRegisteredProto(container)),
        };
      }
      case 'BatchCollected':
        return {
          ...base,
          subject: event.batchId,
          time: event.collectedAt,
          ...encodeEvent(BatchCollectedSchema, toBatchCollectedProto(event)),
        };
      case 'BatchShipped':
        return {
          ...base,
          subject: event.batchId,
          time: event.shippedAt,
          ...encodeEvent(BatchShippedSchema, toBatchShippedProto(event)),
        };
      default:
        return unknownEvent(event);
    }
  };
}

function unknownEvent(event: never): never {
  throw new Error(`no outbox mapping for ${String((event as { type?: unknown }).type)}`);
}
