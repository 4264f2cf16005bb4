import type { Grams } from '@vezel/grams';
import type { DecidedRun } from '@vezel/holder-stock';

/** A centre received grams of a node (a batch, or a returned lot): it now holds them, besides earlier receipts. */
export interface NodeReceivedAtCentre {
  readonly type: 'NodeReceivedAtCentre';
  readonly receiptId: string;
  readonly nodeId: string;
  readonly centreId: string;
  readonly grams: Grams;
  readonly receivedAt: Date;
  /** The shipment, dispatch or return it closes; absent: the oldest open delivery of the node to this centre. */
  readonly deliveryId?: string;
}

/**
 * A lot a sorting run made, held by the run's centre. `Fraction` is its sorting grade (`reuse.creme`,
 * `recycling.wipers`, ...): closed in the sorting service, an open vocabulary on the wire that readers keep as given.
 */
export interface SortingRunOutput<Fraction extends string = string> {
  readonly lotId: string;
  readonly fraction: Fraction;
  readonly grams: Grams;
}

/**
 * A sorting run pooled its inputs into lots held by its centre. Balanced: sum(inputs) = sum(outputs) + lossGrams,
 * each input at most what the centre held.
 */
export interface SortingRunCompleted<Fraction extends string = string> extends DecidedRun<SortingRunOutput<Fraction>> {
  readonly type: 'SortingRunCompleted';
  readonly centreId: string;
}

/**
 * Where a dispatch or a return sends grams, as far as every reader agrees: the kind of receiving party (docs/domain.md)
 * and its id. A producer narrows it to the kinds it issues, a reader to the kinds it accepts.
 */
export interface DestinationRef {
  readonly kind: string;
  readonly id: string;
}

/** Grams of a lot left the centre that held them: in transit to a party, or terminal (exporter, disposal). */
export interface LotDispatched<Destination extends DestinationRef = DestinationRef> {
  readonly type: 'LotDispatched';
  readonly dispatchId: string;
  readonly lotId: string;
  readonly centreId: string;
  readonly grams: Grams;
  readonly destination: Destination;
  readonly transportKm?: number;
  readonly dispatchedAt: Date;
}
