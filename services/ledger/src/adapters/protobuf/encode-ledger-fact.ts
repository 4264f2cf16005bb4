import { create, toBinary, type DescMessage, type Message, type MessageShape } from '@bufbuild/protobuf';
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
  type Destination as ProtoDestination,
  type NodeInput,
} from '@vezel/contracts';
import type { Destination, DisposalMethod, LedgerFact, RunInput } from '../../domain/index.ts';

/*
 * The way back from a ledger fact to the event its producer published: the inverse of ledger-fact-decoders.ts.
 * Facts mirror the wire messages field for field (ledger-fact.ts), so the message is rebuilt rather than stored;
 * `GET nodes/{id}` over gRPC hands it out as a google.protobuf.Any, and tests publish it as the producers would.
 */

/** A fact's protobuf message with its schema. */
export interface LedgerFactMessage {
  readonly schema: DescMessage;
  readonly message: Message;
}

const channels: Readonly<Record<string, ContainerChannel>> = {
  'street-container': ContainerChannel.STREET_CONTAINER,
  'store-drop-off': ContainerChannel.STORE_DROP_OFF,
  'door-to-door': ContainerChannel.DOOR_TO_DOOR,
};

/** Pairs a message with its schema. */
function messageOf<D extends DescMessage>(schema: D, shape: MessageShape<D>): LedgerFactMessage {
  return { schema, message: shape };
}

/** The protobuf message of the event `fact` was decoded from, by the service that published it. */
export function ledgerFactMessageOf(fact: LedgerFact): LedgerFactMessage {
  switch (fact.type) {
    case 'ContainerRegistered':
    case 'BatchCollected':
    case 'BatchShipped':
      return collectionFactMessageOf(fact);
    case 'NodeReceivedAtCentre':
    case 'SortingRunCompleted':
    case 'LotDispatched':
      return sortingFactMessageOf(fact);
    case 'LotReceivedAtStore':
    case 'ItemsSold':
    case 'ItemsDonated':
    case 'LotReturned':
      return retailFactMessageOf(fact);
    case 'LotReceivedByProcessor':
    case 'ProcessingRunCompleted':
    case 'NodeDisposed':
      return recyclingFactMessageOf(fact);
    default:
      return unexpected(fact, 'ledger fact');
  }
}

/** A fact the collection service published. */
function collectionFactMessageOf(
  fact: Extract<LedgerFact, { type: 'ContainerRegistered' | 'BatchCollected' | 'BatchShipped' }>,
): LedgerFactMessage {
  switch (fact.type) {
    case 'ContainerRegistered':
      return messageOf(
        ContainerRegisteredSchema,
        create(ContainerRegisteredSchema, {
          containerId: fact.containerId,
          municipality: fact.municipality,
          channel: channels[fact.channel] ?? ContainerChannel.UNSPECIFIED,
          ...(fact.location === undefined ? {} : { location: create(LocationSchema, fact.location) }),
        }),
      );
    case 'BatchCollected':
      return messageOf(
        BatchCollectedSchema,
        create(BatchCollectedSchema, {
          batchId: fact.batchId,
          containerId: fact.containerId,
          municipality: fact.municipality,
          grams: fact.grams,
          collectedAt: timestampFromDate(fact.collectedAt),
        }),
      );
    case 'BatchShipped':
      return messageOf(
        BatchShippedSchema,
        create(BatchShippedSchema, {
          shipmentId: fact.shipmentId,
          batchId: fact.batchId,
          containerId: fact.containerId,
          centreId: fact.centreId,
          grams: fact.grams,
          ...(fact.transportKm === undefined ? {} : { transportKm: fact.transportKm }),
          shippedAt: timestampFromDate(fact.shippedAt),
        }),
      );
    default:
      return unexpected(fact, 'collection fact');
  }
}

/** A fact the sorting service published. */
function sortingFactMessageOf(
  fact: Extract<LedgerFact, { type: 'NodeReceivedAtCentre' | 'SortingRunCompleted' | 'LotDispatched' }>,
): LedgerFactMessage {
  switch (fact.type) {
    case 'NodeReceivedAtCentre':
      return messageOf(
        NodeReceivedAtCentreSchema,
        create(NodeReceivedAtCentreSchema, {
          receiptId: fact.receiptId,
          nodeId: fact.nodeId,
          centreId: fact.centreId,
          grams: fact.grams,
          receivedAt: timestampFromDate(fact.receivedAt),
          ...(fact.deliveryId === undefined ? {} : { deliveryId: fact.deliveryId }),
        }),
      );
    case 'SortingRunCompleted':
      return messageOf(
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
      return messageOf(
        LotDispatchedSchema,
        create(LotDispatchedSchema, {
          dispatchId: fact.dispatchId,
          lotId: fact.lotId,
          centreId: fact.centreId,
          grams: fact.grams,
          destination: destinationOf(fact.destination),
          ...(fact.transportKm === undefined ? {} : { transportKm: fact.transportKm }),
          dispatchedAt: timestampFromDate(fact.dispatchedAt),
        }),
      );
    default:
      return unexpected(fact, 'sorting fact');
  }
}

/** A fact the retail service published. */
function retailFactMessageOf(
  fact: Extract<LedgerFact, { type: 'LotReceivedAtStore' | 'ItemsSold' | 'ItemsDonated' | 'LotReturned' }>,
): LedgerFactMessage {
  switch (fact.type) {
    case 'LotReceivedAtStore':
      return messageOf(
        LotReceivedAtStoreSchema,
        create(LotReceivedAtStoreSchema, {
          receiptId: fact.receiptId,
          lotId: fact.lotId,
          storeId: fact.storeId,
          grams: fact.grams,
          receivedAt: timestampFromDate(fact.receivedAt),
          ...(fact.deliveryId === undefined ? {} : { deliveryId: fact.deliveryId }),
        }),
      );
    case 'ItemsSold':
      return messageOf(
        ItemsSoldSchema,
        create(ItemsSoldSchema, {
          saleId: fact.saleId,
          storeId: fact.storeId,
          lotId: fact.lotId,
          grams: fact.grams,
          items: fact.items,
          ...(fact.revenueCents === undefined ? {} : { revenueCents: fact.revenueCents }),
          soldAt: timestampFromDate(fact.soldAt),
        }),
      );
    case 'ItemsDonated':
      return messageOf(
        ItemsDonatedSchema,
        create(ItemsDonatedSchema, {
          donationId: fact.donationId,
          storeId: fact.storeId,
          lotId: fact.lotId,
          grams: fact.grams,
          programme: fact.programme,
          donatedAt: timestampFromDate(fact.donatedAt),
        }),
      );
    case 'LotReturned':
      return messageOf(
        LotReturnedSchema,
        create(LotReturnedSchema, {
          returnId: fact.returnId,
          storeId: fact.storeId,
          lotId: fact.lotId,
          grams: fact.grams,
          destination: destinationOf(fact.destination),
          returnedAt: timestampFromDate(fact.returnedAt),
        }),
      );
    default:
      return unexpected(fact, 'retail fact');
  }
}

/** A fact the recycling service published. */
function recyclingFactMessageOf(
  fact: Extract<LedgerFact, { type: 'LotReceivedByProcessor' | 'ProcessingRunCompleted' | 'NodeDisposed' }>,
): LedgerFactMessage {
  switch (fact.type) {
    case 'LotReceivedByProcessor':
      return messageOf(
        LotReceivedByProcessorSchema,
        create(LotReceivedByProcessorSchema, {
          receiptId: fact.receiptId,
          lotId: fact.lotId,
          processorId: fact.processorId,
          grams: fact.grams,
          receivedAt: timestampFromDate(fact.receivedAt),
          ...(fact.deliveryId === undefined ? {} : { deliveryId: fact.deliveryId }),
        }),
      );
    case 'ProcessingRunCompleted':
      return messageOf(
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
      return messageOf(
        NodeDisposedSchema,
        create(NodeDisposedSchema, {
          disposalId: fact.disposalId,
          processorId: fact.processorId,
          nodeId: fact.nodeId,
          grams: fact.grams,
          method: methodOf(fact.method),
          disposedAt: timestampFromDate(fact.disposedAt),
        }),
      );
    default:
      return unexpected(fact, 'recycling fact');
  }
}

/** The event `fact` was decoded from, as bytes: what its producer published. */
export function encodeLedgerFact(fact: LedgerFact): { readonly schema: DescMessage; readonly value: Uint8Array } {
  const { schema, message } = ledgerFactMessageOf(fact);
  return { schema, value: toBinary(schema, message) };
}

function inputsOf(inputs: readonly RunInput[]): NodeInput[] {
  return inputs.map((input) => create(NodeInputSchema, input));
}

function methodOf(method: DisposalMethod): ProtoDisposalMethod {
  switch (method) {
    case 'energy-recovery':
      return ProtoDisposalMethod.ENERGY_RECOVERY;
    case 'incineration':
      return ProtoDisposalMethod.INCINERATION;
    case 'landfill':
      return ProtoDisposalMethod.LANDFILL;
    default:
      return unexpected(method, 'disposal method');
  }
}

function destinationOf(destination: Destination): ProtoDestination {
  switch (destination.kind) {
    case 'centre':
    case 'store':
    case 'processor':
      return create(DestinationSchema, {
        kind: { centre: DestinationKind.CENTRE, store: DestinationKind.STORE, processor: DestinationKind.PROCESSOR }[
          destination.kind
        ],
        id: destination.id,
        ...(destination.country === undefined ? {} : { country: destination.country }),
      });
    case 'exporter':
      return create(DestinationSchema, {
        kind: DestinationKind.EXPORTER,
        id: destination.id,
        country: destination.country,
      });
    case 'disposal':
      return create(DestinationSchema, {
        kind: DestinationKind.DISPOSAL,
        id: destination.id,
        ...(destination.country === undefined ? {} : { country: destination.country }),
        method: methodOf(destination.method),
      });
    default:
      return unexpected(destination, 'destination');
  }
}

function unexpected(value: never, what: string): never {
  throw new Error(
    `no protobuf encoding for ${what} ${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}` : v))}`,
  );
}
