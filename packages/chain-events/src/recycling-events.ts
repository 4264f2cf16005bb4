import type { Grams } from '@vezel/grams';
import type { DecidedRun } from '@vezel/holder-stock';

/** A processor received grams of a lot and now holds them (in addition to earlier receipts of it). */
export interface LotReceivedByProcessor {
  readonly type: 'LotReceivedByProcessor';
  readonly receiptId: string;
  readonly lotId: string;
  readonly processorId: string;
  readonly grams: Grams;
  readonly receivedAt: Date;
  /** The dispatch or return this receipt closes; absent: the oldest open delivery of the lot to this processor. */
  readonly deliveryId?: string;
}

/**
 * A product a processing run made. Products are terminal: their grams reach `outcome` at once and nobody holds them
 * afterwards. The documented outcomes (`recycling.fibre-to-fibre`, `recycling.open-loop`, `upcycling`) are closed in
 * the recycling service; on the wire the vocabulary is open (ADR 7), and readers keep a value as given.
 */
export interface ProcessingRunOutput<Outcome extends string = string> {
  readonly productId: string;
  readonly outcome: Outcome;
  readonly productKind: string;
  readonly grams: Grams;
}

/**
 * A recycling or upcycling run pooled its inputs into terminal products. Balanced: sum(inputs) = sum(outputs) +
 * lossGrams, each input at most what the processor held.
 */
export interface ProcessingRunCompleted<Outcome extends string = string> extends DecidedRun<
  ProcessingRunOutput<Outcome>
> {
  readonly type: 'ProcessingRunCompleted';
  readonly processorId: string;
}

/** A processor disposed of grams of a node it held: they reach `disposal.<method>`. */
export interface NodeDisposed<Method extends string = string> {
  readonly type: 'NodeDisposed';
  readonly disposalId: string;
  readonly processorId: string;
  readonly nodeId: string;
  readonly grams: Grams;
  readonly method: Method;
  readonly disposedAt: Date;
}
