import { createRegistry } from '@bufbuild/protobuf';
import type { DescMessage, MessageShape, Registry } from '@bufbuild/protobuf';
import {
  BatchCollectedSchema,
  BatchShippedSchema,
  ContainerRegisteredSchema,
} from './gen/vezel/collection/v1/events_pb.js';
import {
  LotReceivedByProcessorSchema,
  NodeDisposedSchema,
  ProcessingRunCompletedSchema,
} from './gen/vezel/recycling/v1/events_pb.js';
import {
  ItemsDonatedSchema,
  ItemsSoldSchema,
  LotReceivedAtStoreSchema,
  LotReturnedSchema,
} from './gen/vezel/retail/v1/events_pb.js';
import {
  LotDispatchedSchema,
  NodeReceivedAtCentreSchema,
  SortingRunCompletedSchema,
} from './gen/vezel/sorting/v1/events_pb.js';

/**
 * Every event on the wire, per producing service: the Kafka topic it publishes to and the messages it may put
 * there. A topic is named after the proto package of its events, so an event's full protobuf name (the
 * CloudEvents `ce_type` header) starts with its topic: `vezel.collection.v1.BatchCollected`.
 *
 * Listed by hand rather than read from the descriptors: an `events.proto` also holds parts of events
 * (`SortingRunOutput`) and enums, and adding an event to a topic should be a reviewed change here.
 */
export const eventCatalogue = {
  collection: {
    topic: 'vezel.collection.v1',
    source: '/vezel/collection',
    events: [ContainerRegisteredSchema, BatchCollectedSchema, BatchShippedSchema],
  },
  sorting: {
    topic: 'vezel.sorting.v1',
    source: '/vezel/sorting',
    events: [NodeReceivedAtCentreSchema, SortingRunCompletedSchema, LotDispatchedSchema],
  },
  retail: {
    topic: 'vezel.retail.v1',
    source: '/vezel/retail',
    events: [LotReceivedAtStoreSchema, ItemsSoldSchema, ItemsDonatedSchema, LotReturnedSchema],
  },
  recycling: {
    topic: 'vezel.recycling.v1',
    source: '/vezel/recycling',
    events: [LotReceivedByProcessorSchema, ProcessingRunCompletedSchema, NodeDisposedSchema],
  },
} as const satisfies Record<
  string,
  { readonly topic: string; readonly source: string; readonly events: readonly DescMessage[] }
>;

/** A write-side service that publishes events: `collection`, `sorting`, `retail` or `recycling`. */
export type ProducingService = keyof typeof eventCatalogue;

/** A Kafka topic carrying Vezel events, e.g. `vezel.sorting.v1`. */
export type EventTopic = (typeof eventCatalogue)[ProducingService]['topic'];

/** The message type of any event a service publishes, e.g. `EventOf<'retail'>` is `ItemsSold | ...`. */
export type EventOf<S extends ProducingService> = MessageShape<(typeof eventCatalogue)[S]['events'][number]>;

/** The message type of any Vezel event. */
export type VezelEvent = EventOf<ProducingService>;

/** The four event topics, in chain order (collection, sorting, retail, recycling). */
export const eventTopics: readonly EventTopic[] = Object.values(eventCatalogue).map((entry) => entry.topic);

/** Every event schema of every topic. */
export const eventSchemas: readonly DescMessage[] = Object.values(eventCatalogue).flatMap(
  (entry): readonly DescMessage[] => entry.events,
);

/**
 * Resolves an event's full protobuf name (its `ce_type`) to its schema, for `fromBinary(schema, value)`, and
 * the events packed in `google.protobuf.Any` (the ledger's node history) for `anyUnpack(any, eventRegistry)`.
 * Holds events only: a command or query message name is not an event and does not resolve.
 */
export const eventRegistry: Registry = createRegistry(...eventSchemas);

/** The schema of the event named by a `ce_type` header, or `undefined` for a type this contract does not know. */
export function findEventSchema(ceType: string): DescMessage | undefined {
  return eventRegistry.getMessage(ceType);
}

/** The topic an event type is published on, or `undefined` for a type this contract does not know. */
export function findEventTopic(ceType: string): EventTopic | undefined {
  if (findEventSchema(ceType) === undefined) return undefined;
  return eventTopics.find((topic) => ceType.startsWith(`${topic}.`));
}
