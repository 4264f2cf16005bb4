import type { Grams } from '@vezel/grams';

/** Where a container stands: a WGS 84 point, an address, or both. */
export interface ContainerLocation {
  readonly latitude?: number;
  readonly longitude?: number;
  readonly address?: string;
}

/**
 * A collection point was registered (master data: no grams move). `Channel` is how textile reaches it
 * (`street-container`, `store-drop-off` or `door-to-door`): closed in the collection service, kept as given by readers.
 */
export interface ContainerRegistered<Channel extends string = string> {
  readonly type: 'ContainerRegistered';
  readonly containerId: string;
  /** CBS code of the owning municipality, e.g. `GM0150`; never changes once registered. */
  readonly municipality: string;
  readonly channel: Channel;
  readonly location?: ContainerLocation;
}

/** A batch was collected: a new node whose origin is its container and municipality. */
export interface BatchCollected {
  readonly type: 'BatchCollected';
  readonly batchId: string;
  readonly containerId: string;
  /** Copied from the container's registration, so the batch's origin is known even before ContainerRegistered. */
  readonly municipality: string;
  readonly grams: Grams;
  readonly collectedAt: Date;
}

/** Grams of a batch left its container for a sorting centre: in transit until a receipt closes the shipment. */
export interface BatchShipped {
  readonly type: 'BatchShipped';
  readonly shipmentId: string;
  readonly batchId: string;
  readonly containerId: string;
  readonly centreId: string;
  readonly grams: Grams;
  readonly transportKm?: number;
  readonly shippedAt: Date;
}
