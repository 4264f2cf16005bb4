import type { RunCommand } from '@vezel/holder-stock';

// Commands are what a caller asks for, after the transport checked JSON types, but not yet trusted: masses are
// plain bigints and vocabularies (outcome, disposal method) plain strings; the decider checks them and the events
// carry branded grams and narrowed types. Ids and clocks come in from outside, so the decider stays deterministic.
// Every command names its processor: the processor's stock is the aggregate it acts on.

/**
 * Record grams of a lot arriving at a processor (dispatched by a centre or returned by a store). What was sent is
 * another service's fact and is not checked here; the ledger reports a mismatch as loss or an anomaly.
 */
export interface ReceiveLotAtProcessor {
  readonly type: 'ReceiveLotAtProcessor';
  /** The receipt's id. Optional over HTTP; the app layer assigns one before deciding, as ids never come from here. */
  readonly receiptId: string;
  readonly lotId: string;
  readonly processorId: string;
  /** Weighed grams received. */
  readonly grams: bigint;
  readonly receivedAt: Date;
  /** The `dispatchId` or `returnId` this receipt closes; absent: the oldest open delivery of the lot here. */
  readonly deliveryId?: string | undefined;
}

/** One product a processing run makes. */
export interface RunOutputLine {
  /** The new product node's id, unique across the chain. */
  readonly productId: string;
  /** Where the product's grams end; see `RECYCLING_OUTCOMES`. */
  readonly outcome: string;
  /** What was made, free text: "recycled fibre", "wipers", "insulation", "bag". */
  readonly productKind: string;
  readonly grams: bigint;
}

/**
 * A recycling or upcycling run consumed nodes the processor holds and made products; `lossGrams` is what the run
 * lost (dust, moisture, trimmings) and may be 0.
 */
export interface CompleteProcessingRun extends RunCommand<RunOutputLine> {
  readonly type: 'CompleteProcessingRun';
  readonly processorId: string;
}

/** Record grams of a held node sent to disposal. */
export interface DisposeNode {
  readonly type: 'DisposeNode';
  readonly disposalId: string;
  readonly processorId: string;
  readonly nodeId: string;
  readonly grams: bigint;
  /** See `DISPOSAL_METHODS`. */
  readonly method: string;
  readonly disposedAt: Date;
}

/** Everything a processor's stock can be asked to do. */
export type RecyclingCommand = ReceiveLotAtProcessor | CompleteProcessingRun | DisposeNode;
