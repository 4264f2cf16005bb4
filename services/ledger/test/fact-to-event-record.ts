import { create, toBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  BatchCollectedSchema,
  BatchShippedSchema,
  ContainerChannel,
  ContainerRegisteredSchema,
  DestinationKind,
  DestinationSchema,
  DisposalMethod as ProtoDisposalMethod,
  ItemsDonatedSchema,
  ItemsSoldSchema,
  LocationSchema,
  LotDispatchedSchema,
  LotReceivedAtStoreSchema,
  LotReceivedByProcessorSchema,
  LotReturnedSchema,
  NodeDisposedSchema,
  NodeInputSchema,
  NodeReceivedAtCentreSchema,
  ProcessingRunCompletedSchema,
  ProcessingRunOutputSchema,
  SortingRunCompletedSchema,
  SortingRunOutputSchema,
  type ProducingService,
} from '@vezel/contracts';
import { toCloudEventHeaders, type EventRecord } from '@vezel/messaging';
import type { Destination, DisposalMethod, LedgerFact, RunInput } from '../src/domain/index.ts';
import { nodeIdsOf } from '../src/domain/index.ts';

/*
 * The producers' side, for tests: a ledger fact as the chain service would publish it (protobuf value,
 * CloudEvents headers, keyed by its node), so a test can feed the consumer real wire events and compare what the
 * ledger stored with the fact it started from.
 */

/** The topic each fact type is published on, per the contract's catalogue. */
export type TopicOf = (service: ProducingService) => string;

const serviceOf: Record<LedgerFact['type'], ProducingService> = {
  ContainerRegistered: 'collection',
  BatchCollected: 'collection',
  BatchShipped: 'collection',
  NodeReceivedAtCentre: 'sorting',
  SortingRunCompleted: 'sorting',
  LotDispatched: 'sorting',
  LotReceivedAtStore: 'retail',
  ItemsSold: 'retail',
  ItemsDonated: 'retail',
  LotReturned: 'retail',
  LotReceivedByProcessor: 'recycling',
  ProcessingRunCompleted: 'recycling',
  NodeDisposed: 'recycling',
};

const channels: Readonly<Record<string, ContainerChannel>> = {
  'street-container': ContainerChannel.STREET_CONTAINER,
  'store-drop-off': ContainerChannel.STORE_DROP_OFF,
  'door-to-door': ContainerChannel.DOOR_TO_DOOR,
};

/** The protobuf message of a fact: its schema and bytes. */
export function encodeFact(fact: LedgerFact): { readonly schema: DescMessage; readonly value: Uint8Array } {
  const encode = <D extends DescMessage>(schema: D, message: MessageShape<D>) => ({ schema, value: toBinary(schema, message) });
  switch (fact.type) {
    case 'ContainerRegistered':
      return encode(
        ContainerRegisteredSchema,
        create(ContainerRegisteredSchema, {
          containerId: fact.containerId,
          municipality: fact.municipality,
          channel: channels[fact.channel] ?? ContainerChannel.UNSPECIFIED,
          ...(fact.location === undefined ? {} : { location: create(LocationSchema, fact.location) }),
        }),
      );
    case 'BatchCollected':
      return encode(
        BatchCollectedSchema,
        create(BatchCollectedSchema, { ...fact, collectedAt: timestampFromDate(fact.collectedAt) }),
      );
    case 'BatchShipped':
      return encode(BatchShippedSchema, create(BatchShippedSchema, { ...fact, shippedAt: timestampFromDate(fact.shippedAt) }));
    case 'NodeReceivedAtCentre':
      return encode(
        NodeReceivedAtCentreSchema,
        create(NodeReceivedAtCentreSchema, { ...fact, receivedAt: timestampFromDate(fact.receivedAt) }),
      );
    case 'SortingRunCompleted':
      return encode(
        SortingRunCompletedSchema,
        create(SortingRunCompletedSchema, {
          runId: fact.runId,
          centreId: fact.centreId,
          inputs: inputsOf(fact.inputs),
          outputs: fact.outputs.map((output) => create(SortingRunOutputSchema, output)),
          lossGrams: fact.lossGrams,
          completedAt: timestampFromDate(fact.completedAt),
        }),
      );
    case 'LotDispatched':
      return encode(
        LotDispatchedSchema,
        create(LotDispatchedSchema, {
          ...fact,
          destination: destinationOf(fact.destination),
          dispatchedAt: timestampFromDate(fact.dispatchedAt),
        }),
      );
    case 'LotReceivedAtStore':
      return encode(
        LotReceivedAtStoreSchema,
        create(LotReceivedAtStoreSchema, { ...fact, receivedAt: timestampFromDate(fact.receivedAt) }),
      );
    case 'ItemsSold':
      return encode(ItemsSoldSchema, create(ItemsSoldSchema, { ...fact, soldAt: timestampFromDate(fact.soldAt) }));
    case 'ItemsDonated':
      return encode(ItemsDonatedSchema, create(ItemsDonatedSchema, { ...fact, donatedAt: timestampFromDate(fact.donatedAt) }));
    case 'LotReturned':
      return encode(
        LotReturnedSchema,
        create(LotReturnedSchema, {
          ...fact,
          destination: destinationOf(fact.destination),
          returnedAt: timestampFromDate(fact.returnedAt),
        }),
      );
    case 'LotReceivedByProcessor':
      return encode(
        LotReceivedByProcessorSchema,
        create(LotReceivedByProcessorSchema, { ...fact, receivedAt: timestampFromDate(fact.receivedAt) }),
      );
    case 'ProcessingRunCompleted':
      return encode(
        ProcessingRunCompletedSchema,
        create(ProcessingRunCompletedSchema, {
          runId: fact.runId,
          processorId: fact.processorId,
          inputs: inputsOf(fact.inputs),
          outputs: fact.outputs.map((output) => create(ProcessingRunOutputSchema, output)),
          lossGrams: fact.lossGrams,
          completedAt: timestampFromDate(fact.completedAt),
        }),
      );
    case 'NodeDisposed':
      return encode(
        NodeDisposedSchema,
        create(NodeDisposedSchema, {
          ...fact,
          method: methodOf(fact.method),
          disposedAt: timestampFromDate(fact.disposedAt),
        }),
      );
    default: {
      const unknown: never = fact;
      throw new Error(`no encoding for ${JSON.stringify(unknown)}`);
    }
  }
}

/** A fact as the event its producer publishes: on its service's topic, keyed by its first node. */
export function factToEventRecord(fact: LedgerFact, topicOf: TopicOf): EventRecord {
  const { schema, value } = encodeFact(fact);
  const subject = nodeIdsOf(fact)[0] ?? (fact.type === 'ContainerRegistered' ? fact.containerId : fact.eventId);
  return {
    topic: topicOf(serviceOf[fact.type]),
    key: subject,
    value,
    headers: toCloudEventHeaders({
      id: fact.eventId,
      type: schema.typeName,
      source: `/vezel/${serviceOf[fact.type]}`,
      subject,
      time: fact.type === 'ContainerRegistered' ? fact.registeredAt : new Date('2026-06-01T00:00:00Z'),
    }),
  };
}

function inputsOf(inputs: readonly RunInput[]) {
  return inputs.map((input) => create(NodeInputSchema, input));
}

function methodOf(method: DisposalMethod): ProtoDisposalMethod {
  return {
    'energy-recovery': ProtoDisposalMethod.ENERGY_RECOVERY,
    incineration: ProtoDisposalMethod.INCINERATION,
    landfill: ProtoDisposalMethod.LANDFILL,
  }[method];
}

function destinationOf(destination: Destination) {
  const kind = {
    centre: DestinationKind.CENTRE,
    store: DestinationKind.STORE,
    processor: DestinationKind.PROCESSOR,
    exporter: DestinationKind.EXPORTER,
    disposal: DestinationKind.DISPOSAL,
  }[destination.kind];
  return create(DestinationSchema, {
    kind,
    id: destination.id,
    ...(destination.country === undefined ? {} : { country: destination.country }),
    ...(destination.kind === 'disposal' ? { method: methodOf(destination.method) } : {}),
  });
}
