import { ZERO_GRAMS } from '@vezel/grams';
import {
  unshippedGrams,
  type BatchCollected,
  type BatchShipped,
  type CollectedBatch,
} from '../../domain/batch-decider.ts';
import type { RegisteredContainer } from '../../domain/container-decider.ts';

// The JSON resources of the collection API. Grams stay bigints here; the app's JSON replacer writes them as numbers.

/** A container as `GET /v1/collection/containers/{containerId}` (and its registration) answers. */
export function containerJson(container: RegisteredContainer): Record<string, unknown> {
  return {
    containerId: container.containerId,
    municipality: container.municipality,
    channel: container.channel,
    ...(container.location === undefined ? {} : { location: container.location }),
  };
}

/** A batch as `GET /v1/collection/batches/{batchId}` answers: collected, shipped and unshipped grams, shipments. */
export function batchJson(batch: CollectedBatch): Record<string, unknown> {
  return {
    batchId: batch.batchId,
    containerId: batch.containerId,
    municipality: batch.municipality,
    grams: batch.grams,
    collectedAt: batch.collectedAt.toISOString(),
    shippedGrams: batch.shippedGrams,
    unshippedGrams: unshippedGrams(batch),
    shipments: batch.shipments.map((shipment) =>
      shipmentJson({ ...shipment, batchId: batch.batchId, containerId: batch.containerId }),
    ),
  };
}

/** The batch a collection created, as it was at that moment (nothing shipped yet). */
export function collectedBatchJson(event: BatchCollected): Record<string, unknown> {
  return batchJson({ ...event, shipments: [], shippedGrams: ZERO_GRAMS });
}

/** A shipment of a batch. */
export function shipmentJson(shipment: Omit<BatchShipped, 'type'>): Record<string, unknown> {
  return {
    shipmentId: shipment.shipmentId,
    batchId: shipment.batchId,
    containerId: shipment.containerId,
    centreId: shipment.centreId,
    grams: shipment.grams,
    ...(shipment.transportKm === undefined ? {} : { transportKm: shipment.transportKm }),
    shippedAt: shipment.shippedAt.toISOString(),
  };
}
