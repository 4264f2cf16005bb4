import type { RunInputGrams } from '@vezel/chain-rules';
import type { DecidedRun } from '@vezel/holder-stock';
import type { Grams } from '@vezel/grams';
import type { Destination } from './destination.ts';
import type { Fraction } from './fraction.ts';

/*
 * Events are facts the sorting service publishes (as `vezel.sorting.v1` protobuf messages, mapped at the edge) and
 * the only thing the centre stock is rebuilt from. Fields mirror the wire messages, so the mapping is one-to-one.
 */

/** A centre received grams of a node: it now holds them (in addition to any earlier receipts of that node). */
export interface NodeReceivedAtCentre {
  readonly type: 'NodeReceivedAtCentre';
  readonly receiptId: string;
  readonly nodeId: string;
  readonly centreId: string;
  readonly grams: Grams;
  readonly receivedAt: Date;
  readonly deliveryId?: string;
}

/** Grams of one node consumed by a run. */
export type RunInput = RunInputGrams;

/** A lot created by a run, held by the run's centre. */
export interface RunOutput {
  readonly lotId: string;
  readonly fraction: Fraction;
  readonly grams: Grams;
}

/** A balanced run: sum(inputs) = sum(outputs) + lossGrams, each input at most what the centre held. */
export interface SortingRunCompleted extends DecidedRun<RunOutput> {
  readonly type: 'SortingRunCompleted';
  readonly centreId: string;
}

/** Grams of a lot left the centre that held them. */
export interface LotDispatched {
  readonly type: 'LotDispatched';
  readonly dispatchId: string;
  readonly lotId: string;
  readonly centreId: string;
  readonly grams: Grams;
  readonly destination: Destination;
  readonly transportKm?: number;
  readonly dispatchedAt: Date;
}

/** Every event the sorting service publishes. */
export type SortingEvent = NodeReceivedAtCentre | SortingRunCompleted | LotDispatched;
