import type {
  LotReceivedByProcessor,
  NodeDisposed as ChainNodeDisposed,
  ProcessingRunCompleted as ChainProcessingRunCompleted,
  ProcessingRunOutput as ChainProcessingRunOutput,
  RunInput,
} from '@vezel/chain-events';
import type { DisposalMethod } from './disposal-method.ts';
import type { RecyclingOutcome } from './recycling-outcome.ts';

// Events are facts the decider has accepted: masses are branded grams, vocabularies narrowed. Their shapes are the
// chain's (@vezel/chain-events, mirroring proto/vezel/recycling/v1/events.proto one to one), narrowed here to the
// outcomes and disposal methods this service checks.

export type { LotReceivedByProcessor };
export type ProcessingRunInput = RunInput;
export type ProcessingRunOutput = ChainProcessingRunOutput<RecyclingOutcome>;
export type ProcessingRunCompleted = ChainProcessingRunCompleted<RecyclingOutcome>;
export type NodeDisposed = ChainNodeDisposed<DisposalMethod>;

/** Everything that can happen to a processor's stock. */
export type RecyclingEvent = LotReceivedByProcessor | ProcessingRunCompleted | NodeDisposed;
