import type { Grams } from '@vezel/grams';
import type { Destination } from './destination.ts';
import type { DisposalMethod, Outcome } from './outcome.ts';

/*
 * The ledger's input: one fact per event the four chain services publish (docs/domain.md, "The flow and its events").
 * Fields mirror the wire messages in camelCase so the Kafka mapping is one to one; every fact adds `eventId`, the
 * CloudEvents `ce_id` the ledger dedupes on. Facts are plain rows keyed by ids (no references between objects), so a
 * store can keep them as table rows and hand them back unchanged. Masses are validated grams; times are the
 * business times of the facts (collected_at, shipped_at, ...), never the time the ledger saw them.
 */

/** A collection point was registered (master data: no grams move). */
export interface ContainerRegistered {
  readonly type: 'ContainerRegistered';
  readonly eventId: string;
  readonly containerId: string;
  /** CBS code of the owning municipality, e.g. `GM0150`. */
  readonly municipality: string;
  /** `street-container`, `store-drop-off` or `door-to-door`; kept as given. */
  readonly channel: string;
  readonly location?: ContainerLocation;
  /** The event's `ce_time`: the registration command carries no business time of its own. */
  readonly registeredAt: Date;
}

/** Where a container stands. */
export interface ContainerLocation {
  readonly latitude?: number;
  readonly longitude?: number;
  readonly address?: string;
}

/** A batch node was created at its container. */
export interface BatchCollected {
  readonly type: 'BatchCollected';
  readonly eventId: string;
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
  readonly eventId: string;
  readonly shipmentId: string;
  readonly batchId: string;
  readonly containerId: string;
  readonly centreId: string;
  readonly grams: Grams;
  readonly transportKm?: number;
  readonly shippedAt: Date;
}

/** A centre received grams of a batch (or of a returned lot). */
export interface NodeReceivedAtCentre {
  readonly type: 'NodeReceivedAtCentre';
  readonly eventId: string;
  readonly receiptId: string;
  readonly nodeId: string;
  readonly centreId: string;
  readonly grams: Grams;
  readonly receivedAt: Date;
  /** The shipment, dispatch or return it closes; absent: the oldest open delivery of the node to this centre. */
  readonly deliveryId?: string;
}

/** Grams of one node a run consumed. */
export interface RunInput {
  readonly nodeId: string;
  readonly grams: Grams;
}

/** A lot a sorting run made. */
export interface SortingRunOutput {
  readonly lotId: string;
  /** The sorting grade (`reuse.creme`, `recycling.wipers`, ...); an open vocabulary, kept as given. */
  readonly fraction: string;
  readonly grams: Grams;
}

/** A sorting run pooled its inputs into lots held by its centre. */
export interface SortingRunCompleted {
  readonly type: 'SortingRunCompleted';
  readonly eventId: string;
  readonly runId: string;
  readonly centreId: string;
  readonly inputs: readonly RunInput[];
  readonly outputs: readonly SortingRunOutput[];
  readonly lossGrams: Grams;
  readonly completedAt: Date;
}

/** Grams of a lot left its centre: in transit to a party, or terminal (exporter, disposal). */
export interface LotDispatched {
  readonly type: 'LotDispatched';
  readonly eventId: string;
  readonly dispatchId: string;
  readonly lotId: string;
  readonly centreId: string;
  readonly grams: Grams;
  readonly destination: Destination;
  readonly transportKm?: number;
  readonly dispatchedAt: Date;
}

/** A store received grams of a lot. */
export interface LotReceivedAtStore {
  readonly type: 'LotReceivedAtStore';
  readonly eventId: string;
  readonly receiptId: string;
  readonly lotId: string;
  readonly storeId: string;
  readonly grams: Grams;
  readonly receivedAt: Date;
  /** The dispatch it closes; absent: the oldest open delivery of the lot to this store. */
  readonly deliveryId?: string;
}

/** A store sold items from a lot: `reuse.sold`. */
export interface ItemsSold {
  readonly type: 'ItemsSold';
  readonly eventId: string;
  readonly saleId: string;
  readonly storeId: string;
  readonly lotId: string;
  readonly grams: Grams;
  readonly items: number;
  readonly revenueCents?: bigint;
  readonly soldAt: Date;
}

/** A store gave items from a lot to people in need: `reuse.donated`. */
export interface ItemsDonated {
  readonly type: 'ItemsDonated';
  readonly eventId: string;
  readonly donationId: string;
  readonly storeId: string;
  readonly lotId: string;
  readonly grams: Grams;
  readonly programme: string;
  readonly donatedAt: Date;
}

/** A store sent unsold grams of a lot on: in transit to a centre or processor (or terminal, see Destination). */
export interface LotReturned {
  readonly type: 'LotReturned';
  readonly eventId: string;
  readonly returnId: string;
  readonly storeId: string;
  readonly lotId: string;
  readonly grams: Grams;
  readonly destination: Destination;
  readonly returnedAt: Date;
}

/** A processor received grams of a lot. */
export interface LotReceivedByProcessor {
  readonly type: 'LotReceivedByProcessor';
  readonly eventId: string;
  readonly receiptId: string;
  readonly lotId: string;
  readonly processorId: string;
  readonly grams: Grams;
  readonly receivedAt: Date;
  /** The dispatch or return it closes; absent: the oldest open delivery of the lot to this processor. */
  readonly deliveryId?: string;
}

/** A product a processing run made; its grams reach `outcome` at once. */
export interface ProcessingRunOutput {
  readonly productId: string;
  /** Documented values: RecyclingOutcome; an open vocabulary on the wire (ADR 7), kept as given. */
  readonly outcome: Outcome;
  readonly productKind: string;
  readonly grams: Grams;
}

/** A recycling or upcycling run pooled its inputs into terminal products. */
export interface ProcessingRunCompleted {
  readonly type: 'ProcessingRunCompleted';
  readonly eventId: string;
  readonly runId: string;
  readonly processorId: string;
  readonly inputs: readonly RunInput[];
  readonly outputs: readonly ProcessingRunOutput[];
  readonly lossGrams: Grams;
  readonly completedAt: Date;
}

/** A processor disposed of grams of a node: `disposal.<method>`. */
export interface NodeDisposed {
  readonly type: 'NodeDisposed';
  readonly eventId: string;
  readonly disposalId: string;
  readonly processorId: string;
  readonly nodeId: string;
  readonly grams: Grams;
  readonly method: DisposalMethod;
  readonly disposedAt: Date;
}

/** A run of either kind: both pool their inputs the same way. */
export type RunCompleted = SortingRunCompleted | ProcessingRunCompleted;

/** Every fact the ledger is built from. */
export type LedgerFact =
  | ContainerRegistered
  | BatchCollected
  | BatchShipped
  | NodeReceivedAtCentre
  | SortingRunCompleted
  | LotDispatched
  | LotReceivedAtStore
  | ItemsSold
  | ItemsDonated
  | LotReturned
  | LotReceivedByProcessor
  | ProcessingRunCompleted
  | NodeDisposed;

/** The `type` of a {@link LedgerFact}. */
export type LedgerFactType = LedgerFact['type'];
