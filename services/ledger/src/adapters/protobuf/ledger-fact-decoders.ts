import { fromBinary } from '@bufbuild/protobuf';
import {
  BatchCollectedSchema,
  BatchShippedSchema,
  ContainerRegisteredSchema,
  ItemsDonatedSchema,
  ItemsSoldSchema,
  LotDispatchedSchema,
  LotReceivedAtStoreSchema,
  LotReceivedByProcessorSchema,
  LotReturnedSchema,
  NodeDisposedSchema,
  NodeReceivedAtCentreSchema,
  ProcessingRunCompletedSchema,
  SortingRunCompletedSchema,
  type NodeInput,
} from '@vezel/contracts';
import { InvalidInputError } from '@vezel/errors';
import type { ContainerLocation, LedgerFact, RunInput } from '../../domain/index.ts';
import {
  readChannel,
  readDestination,
  readDisposalMethod,
  readId,
  readLossGrams,
  readOptionalId,
  readOptionalKm,
  readPositiveGrams,
  readTime,
} from './read-wire-fields.ts';

/** What the CloudEvents headers add to a message: the dedupe id, and the time for facts without a business time. */
export interface EventEnvelope {
  readonly eventId: string;
  readonly time: Date;
}

/** Turns the protobuf bytes of one event type into its ledger fact, or throws (malformed bytes, invalid fields). */
export type LedgerFactDecoder = (value: Uint8Array, envelope: EventEnvelope) => LedgerFact;

// Protobuf is the wire contract, not the ledger's model: optional wire fields become absent properties (never
// `undefined` values), so a decoded fact is the same plain row a test builds by hand and the canonical JSON the
// core compares redeliveries by does not depend on the path a fact took.
const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

const runInputsOf = (inputs: readonly NodeInput[]): RunInput[] => {
  if (inputs.length === 0) throw new InvalidInputError('a run consumes at least one node', { field: 'inputs' });
  return inputs.map((input, index) => ({
    nodeId: readId(input.nodeId, `inputs[${index}].nodeId`),
    grams: readPositiveGrams(input.grams, `inputs[${index}].grams`),
  }));
};

/**
 * One decoder per event of the contract's catalogue, by full protobuf name (the `ce_type` header). A unit test
 * checks that every schema in `eventSchemas` has one, so a new event in the contract cannot be silently rejected.
 */
export const ledgerFactDecoders: ReadonlyMap<string, LedgerFactDecoder> = new Map<string, LedgerFactDecoder>([
  [
    ContainerRegisteredSchema.typeName,
    (value, { eventId, time }) => {
      const message = fromBinary(ContainerRegisteredSchema, value);
      const location: ContainerLocation | undefined =
        message.location === undefined
          ? undefined
          : {
              ...optional('latitude', message.location.latitude),
              ...optional('longitude', message.location.longitude),
              ...optional('address', message.location.address),
            };
      return {
        type: 'ContainerRegistered',
        eventId,
        containerId: readId(message.containerId, 'containerId'),
        municipality: readId(message.municipality, 'municipality'),
        channel: readChannel(message.channel, 'channel'),
        ...optional('location', location),
        registeredAt: time,
      };
    },
  ],
  [
    BatchCollectedSchema.typeName,
    (value, { eventId }) => {
      const message = fromBinary(BatchCollectedSchema, value);
      return {
        type: 'BatchCollected',
        eventId,
        batchId: readId(message.batchId, 'batchId'),
        containerId: readId(message.containerId, 'containerId'),
        municipality: readId(message.municipality, 'municipality'),
        grams: readPositiveGrams(message.grams, 'grams'),
        collectedAt: readTime(message.collectedAt, 'collectedAt'),
      };
    },
  ],
  [
    BatchShippedSchema.typeName,
    (value, { eventId }) => {
      const message = fromBinary(BatchShippedSchema, value);
      return {
        type: 'BatchShipped',
        eventId,
        shipmentId: readId(message.shipmentId, 'shipmentId'),
        batchId: readId(message.batchId, 'batchId'),
        containerId: readId(message.containerId, 'containerId'),
        centreId: readId(message.centreId, 'centreId'),
        grams: readPositiveGrams(message.grams, 'grams'),
        ...optional('transportKm', readOptionalKm(message.transportKm, 'transportKm')),
        shippedAt: readTime(message.shippedAt, 'shippedAt'),
      };
    },
  ],
  [
    NodeReceivedAtCentreSchema.typeName,
    (value, { eventId }) => {
      const message = fromBinary(NodeReceivedAtCentreSchema, value);
      return {
        type: 'NodeReceivedAtCentre',
        eventId,
        receiptId: readId(message.receiptId, 'receiptId'),
        nodeId: readId(message.nodeId, 'nodeId'),
        centreId: readId(message.centreId, 'centreId'),
        grams: readPositiveGrams(message.grams, 'grams'),
        receivedAt: readTime(message.receivedAt, 'receivedAt'),
        ...optional('deliveryId', readOptionalId(message.deliveryId, 'deliveryId')),
      };
    },
  ],
  [
    SortingRunCompletedSchema.typeName,
    (value, { eventId }) => {
      const message = fromBinary(SortingRunCompletedSchema, value);
      return {
        type: 'SortingRunCompleted',
        eventId,
        runId: readId(message.runId, 'runId'),
        centreId: readId(message.centreId, 'centreId'),
        inputs: runInputsOf(message.inputs),
        outputs: message.outputs.map((output, index) => ({
          lotId: readId(output.lotId, `outputs[${index}].lotId`),
          fraction: readId(output.fraction, `outputs[${index}].fraction`),
          grams: readPositiveGrams(output.grams, `outputs[${index}].grams`),
        })),
        lossGrams: readLossGrams(message.lossGrams, 'lossGrams'),
        completedAt: readTime(message.completedAt, 'completedAt'),
      };
    },
  ],
  [
    LotDispatchedSchema.typeName,
    (value, { eventId }) => {
      const message = fromBinary(LotDispatchedSchema, value);
      return {
        type: 'LotDispatched',
        eventId,
        dispatchId: readId(message.dispatchId, 'dispatchId'),
        lotId: readId(message.lotId, 'lotId'),
        centreId: readId(message.centreId, 'centreId'),
        grams: readPositiveGrams(message.grams, 'grams'),
        destination: readDestination(message.destination, 'destination'),
        ...optional('transportKm', readOptionalKm(message.transportKm, 'transportKm')),
        dispatchedAt: readTime(message.dispatchedAt, 'dispatchedAt'),
      };
    },
  ],
  [
    LotReceivedAtStoreSchema.typeName,
    (value, { eventId }) => {
      const message = fromBinary(LotReceivedAtStoreSchema, value);
      return {
        type: 'LotReceivedAtStore',
        eventId,
        receiptId: readId(message.receiptId, 'receiptId'),
        lotId: readId(message.lotId, 'lotId'),
        storeId: readId(message.storeId, 'storeId'),
        grams: readPositiveGrams(message.grams, 'grams'),
        receivedAt: readTime(message.receivedAt, 'receivedAt'),
        ...optional('deliveryId', readOptionalId(message.deliveryId, 'deliveryId')),
      };
    },
  ],
  [
    ItemsSoldSchema.typeName,
    (value, { eventId }) => {
      const message = fromBinary(ItemsSoldSchema, value);
      if (message.revenueCents !== undefined && message.revenueCents < 0n) {
        throw new InvalidInputError('must not be negative', { field: 'revenueCents' });
      }
      return {
        type: 'ItemsSold',
        eventId,
        saleId: readId(message.saleId, 'saleId'),
        storeId: readId(message.storeId, 'storeId'),
        lotId: readId(message.lotId, 'lotId'),
        grams: readPositiveGrams(message.grams, 'grams'),
        items: message.items,
        ...optional('revenueCents', message.revenueCents),
        soldAt: readTime(message.soldAt, 'soldAt'),
      };
    },
  ],
  [
    ItemsDonatedSchema.typeName,
    (value, { eventId }) => {
      const message = fromBinary(ItemsDonatedSchema, value);
      return {
        type: 'ItemsDonated',
        eventId,
        donationId: readId(message.donationId, 'donationId'),
        storeId: readId(message.storeId, 'storeId'),
        lotId: readId(message.lotId, 'lotId'),
        grams: readPositiveGrams(message.grams, 'grams'),
        programme: message.programme,
        donatedAt: readTime(message.donatedAt, 'donatedAt'),
      };
    },
  ],
  [
    LotReturnedSchema.typeName,
    (value, { eventId }) => {
      const message = fromBinary(LotReturnedSchema, value);
      return {
        type: 'LotReturned',
        eventId,
        returnId: readId(message.returnId, 'returnId'),
        storeId: readId(message.storeId, 'storeId'),
        lotId: readId(message.lotId, 'lotId'),
        grams: readPositiveGrams(message.grams, 'grams'),
        destination: readDestination(message.destination, 'destination'),
        returnedAt: readTime(message.returnedAt, 'returnedAt'),
      };
    },
  ],
  [
    LotReceivedByProcessorSchema.typeName,
    (value, { eventId }) => {
      const message = fromBinary(LotReceivedByProcessorSchema, value);
      return {
        type: 'LotReceivedByProcessor',
        eventId,
        receiptId: readId(message.receiptId, 'receiptId'),
        lotId: readId(message.lotId, 'lotId'),
        processorId: readId(message.processorId, 'processorId'),
        grams: readPositiveGrams(message.grams, 'grams'),
        receivedAt: readTime(message.receivedAt, 'receivedAt'),
        ...optional('deliveryId', readOptionalId(message.deliveryId, 'deliveryId')),
      };
    },
  ],
  [
    ProcessingRunCompletedSchema.typeName,
    (value, { eventId }) => {
      const message = fromBinary(ProcessingRunCompletedSchema, value);
      return {
        type: 'ProcessingRunCompleted',
        eventId,
        runId: readId(message.runId, 'runId'),
        processorId: readId(message.processorId, 'processorId'),
        inputs: runInputsOf(message.inputs),
        outputs: message.outputs.map((output, index) => ({
          productId: readId(output.productId, `outputs[${index}].productId`),
          outcome: readId(output.outcome, `outputs[${index}].outcome`),
          productKind: output.productKind,
          grams: readPositiveGrams(output.grams, `outputs[${index}].grams`),
        })),
        lossGrams: readLossGrams(message.lossGrams, 'lossGrams'),
        completedAt: readTime(message.completedAt, 'completedAt'),
      };
    },
  ],
  [
    NodeDisposedSchema.typeName,
    (value, { eventId }) => {
      const message = fromBinary(NodeDisposedSchema, value);
      return {
        type: 'NodeDisposed',
        eventId,
        disposalId: readId(message.disposalId, 'disposalId'),
        processorId: readId(message.processorId, 'processorId'),
        nodeId: readId(message.nodeId, 'nodeId'),
        grams: readPositiveGrams(message.grams, 'grams'),
        method: readDisposalMethod(message.method, 'method'),
        disposedAt: readTime(message.disposedAt, 'disposedAt'),
      };
    },
  ],
]);
