import { toGrams } from '@vezel/grams';
import type {
  BatchCollected,
  BatchShipped,
  ContainerRegistered,
  Destination,
  DisposalMethod,
  ItemsDonated,
  ItemsSold,
  LotDispatched,
  LotReceivedAtStore,
  LotReceivedByProcessor,
  LotReturned,
  NodeDisposed,
  NodeReceivedAtCentre,
  ProcessingRunCompleted,
  Outcome,
  SortingRunCompleted,
} from '../../src/domain/index.ts';

/*
 * Fact builders for readable scenarios: grams as plain numbers, times as ISO strings, and an event id derived from
 * the fact's own command id unless a test needs another.
 */

const time = (iso: string): Date => new Date(iso);

/** A ContainerRegistered. */
export function containerRegistered(
  containerId: string,
  municipality: string,
  at = '2026-01-01T00:00:00Z',
): ContainerRegistered {
  return {
    type: 'ContainerRegistered',
    eventId: `ContainerRegistered:${containerId}`,
    containerId,
    municipality,
    channel: 'street-container',
    registeredAt: time(at),
  };
}

/** A BatchCollected. */
export function batchCollected(fields: {
  batchId: string;
  containerId: string;
  municipality: string;
  grams: number;
  at: string;
  eventId?: string;
}): BatchCollected {
  return {
    type: 'BatchCollected',
    eventId: fields.eventId ?? `BatchCollected:${fields.batchId}`,
    batchId: fields.batchId,
    containerId: fields.containerId,
    municipality: fields.municipality,
    grams: toGrams(fields.grams),
    collectedAt: time(fields.at),
  };
}

/** A BatchShipped to a centre. */
export function batchShipped(fields: {
  shipmentId: string;
  batchId: string;
  containerId: string;
  centreId: string;
  grams: number;
  at: string;
}): BatchShipped {
  return {
    type: 'BatchShipped',
    eventId: `BatchShipped:${fields.shipmentId}`,
    shipmentId: fields.shipmentId,
    batchId: fields.batchId,
    containerId: fields.containerId,
    centreId: fields.centreId,
    grams: toGrams(fields.grams),
    shippedAt: time(fields.at),
  };
}

/** A NodeReceivedAtCentre. */
export function receivedAtCentre(fields: {
  receiptId: string;
  nodeId: string;
  centreId: string;
  grams: number;
  at: string;
  deliveryId?: string;
}): NodeReceivedAtCentre {
  return {
    type: 'NodeReceivedAtCentre',
    eventId: `NodeReceivedAtCentre:${fields.receiptId}`,
    receiptId: fields.receiptId,
    nodeId: fields.nodeId,
    centreId: fields.centreId,
    grams: toGrams(fields.grams),
    receivedAt: time(fields.at),
    ...(fields.deliveryId === undefined ? {} : { deliveryId: fields.deliveryId }),
  };
}

/** A SortingRunCompleted; outputs as [lotId, fraction, grams]. */
export function sortingRun(fields: {
  runId: string;
  centreId: string;
  inputs: readonly (readonly [string, number])[];
  outputs: readonly (readonly [string, string, number])[];
  lossGrams: number;
  at: string;
}): SortingRunCompleted {
  return {
    type: 'SortingRunCompleted',
    eventId: `SortingRunCompleted:${fields.runId}`,
    runId: fields.runId,
    centreId: fields.centreId,
    inputs: fields.inputs.map(([nodeId, grams]) => ({ nodeId, grams: toGrams(grams) })),
    outputs: fields.outputs.map(([lotId, fraction, grams]) => ({ lotId, fraction, grams: toGrams(grams) })),
    lossGrams: toGrams(fields.lossGrams),
    completedAt: time(fields.at),
  };
}

/** A LotDispatched. */
export function lotDispatched(fields: {
  dispatchId: string;
  lotId: string;
  centreId: string;
  grams: number;
  destination: Destination;
  at: string;
}): LotDispatched {
  return {
    type: 'LotDispatched',
    eventId: `LotDispatched:${fields.dispatchId}`,
    dispatchId: fields.dispatchId,
    lotId: fields.lotId,
    centreId: fields.centreId,
    grams: toGrams(fields.grams),
    destination: fields.destination,
    dispatchedAt: time(fields.at),
  };
}

/** A LotReceivedAtStore. */
export function receivedAtStore(fields: {
  receiptId: string;
  lotId: string;
  storeId: string;
  grams: number;
  at: string;
  deliveryId?: string;
}): LotReceivedAtStore {
  return {
    type: 'LotReceivedAtStore',
    eventId: `LotReceivedAtStore:${fields.receiptId}`,
    receiptId: fields.receiptId,
    lotId: fields.lotId,
    storeId: fields.storeId,
    grams: toGrams(fields.grams),
    receivedAt: time(fields.at),
    ...(fields.deliveryId === undefined ? {} : { deliveryId: fields.deliveryId }),
  };
}

/** An ItemsSold. */
export function itemsSold(fields: {
  saleId: string;
  storeId: string;
  lotId: string;
  grams: number;
  at: string;
}): ItemsSold {
  return {
    type: 'ItemsSold',
    eventId: `ItemsSold:${fields.saleId}`,
    saleId: fields.saleId,
    storeId: fields.storeId,
    lotId: fields.lotId,
    grams: toGrams(fields.grams),
    items: 1,
    soldAt: time(fields.at),
  };
}

/** An ItemsDonated. */
export function itemsDonated(fields: {
  donationId: string;
  storeId: string;
  lotId: string;
  grams: number;
  at: string;
}): ItemsDonated {
  return {
    type: 'ItemsDonated',
    eventId: `ItemsDonated:${fields.donationId}`,
    donationId: fields.donationId,
    storeId: fields.storeId,
    lotId: fields.lotId,
    grams: toGrams(fields.grams),
    programme: 'warme-jassen',
    donatedAt: time(fields.at),
  };
}

/** A LotReturned. */
export function lotReturned(fields: {
  returnId: string;
  storeId: string;
  lotId: string;
  grams: number;
  destination: Destination;
  at: string;
}): LotReturned {
  return {
    type: 'LotReturned',
    eventId: `LotReturned:${fields.returnId}`,
    returnId: fields.returnId,
    storeId: fields.storeId,
    lotId: fields.lotId,
    grams: toGrams(fields.grams),
    destination: fields.destination,
    returnedAt: time(fields.at),
  };
}

/** A LotReceivedByProcessor. */
export function receivedByProcessor(fields: {
  receiptId: string;
  lotId: string;
  processorId: string;
  grams: number;
  at: string;
  deliveryId?: string;
}): LotReceivedByProcessor {
  return {
    type: 'LotReceivedByProcessor',
    eventId: `LotReceivedByProcessor:${fields.receiptId}`,
    receiptId: fields.receiptId,
    lotId: fields.lotId,
    processorId: fields.processorId,
    grams: toGrams(fields.grams),
    receivedAt: time(fields.at),
    ...(fields.deliveryId === undefined ? {} : { deliveryId: fields.deliveryId }),
  };
}

/** A ProcessingRunCompleted; outputs as [productId, outcome, grams]. */
export function processingRun(fields: {
  runId: string;
  processorId: string;
  inputs: readonly (readonly [string, number])[];
  outputs: readonly (readonly [string, Outcome, number])[];
  lossGrams: number;
  at: string;
}): ProcessingRunCompleted {
  return {
    type: 'ProcessingRunCompleted',
    eventId: `ProcessingRunCompleted:${fields.runId}`,
    runId: fields.runId,
    processorId: fields.processorId,
    inputs: fields.inputs.map(([nodeId, grams]) => ({ nodeId, grams: toGrams(grams) })),
    outputs: fields.outputs.map(([productId, outcome, grams]) => ({
      productId,
      outcome,
      productKind: outcome === 'recycling.fibre-to-fibre' ? 'yarn' : 'insulation',
      grams: toGrams(grams),
    })),
    lossGrams: toGrams(fields.lossGrams),
    completedAt: time(fields.at),
  };
}

/** A NodeDisposed. */
export function nodeDisposed(fields: {
  disposalId: string;
  processorId: string;
  nodeId: string;
  grams: number;
  method: DisposalMethod;
  at: string;
}): NodeDisposed {
  return {
    type: 'NodeDisposed',
    eventId: `NodeDisposed:${fields.disposalId}`,
    disposalId: fields.disposalId,
    processorId: fields.processorId,
    nodeId: fields.nodeId,
    grams: toGrams(fields.grams),
    method: fields.method,
    disposedAt: time(fields.at),
  };
}

/** Grams in an expectation. */
export const g = (grams: number) => toGrams(grams);
