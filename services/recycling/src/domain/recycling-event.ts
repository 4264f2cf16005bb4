import type { RunInputGrams } from '@vezel/chain-rules';
import type { DecidedRun } from '@vezel/holder-stock';
import type { Grams } from '@vezel/grams';
import type { DisposalMethod } from './disposal-method.ts';
import type { RecyclingOutcome } from './recycling-outcome.ts';

// Events are facts the decider has accepted: masses are branded grams, vocabularies narrowed. Field names follow
// the wire contract (proto/vezel/recycling/v1/events.proto) in camelCase, so the adapters map them one to one.

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

/** Grams of one node a run consumed. */
export type ProcessingRunInput = RunInputGrams;

/** A product a run made. Products are terminal: their grams reach `outcome` and nobody holds them afterwards. */
export interface ProcessingRunOutput {
  readonly productId: string;
  readonly outcome: RecyclingOutcome;
  readonly productKind: string;
  readonly grams: Grams;
}

/** A balanced run: sum(inputs) = sum(outputs) + lossGrams, each input at most what the processor held. */
export interface ProcessingRunCompleted extends DecidedRun<ProcessingRunOutput> {
  readonly type: 'ProcessingRunCompleted';
  readonly processorId: string;
}

/** A processor disposed of grams of a node it held: they reach `disposal.<method>`. */
export interface NodeDisposed {
  readonly type: 'NodeDisposed';
  readonly disposalId: string;
  readonly processorId: string;
  readonly nodeId: string;
  readonly grams: Grams;
  readonly method: DisposalMethod;
  readonly disposedAt: Date;
}

/** Everything that can happen to a processor's stock. */
export type RecyclingEvent = LotReceivedByProcessor | ProcessingRunCompleted | NodeDisposed;
