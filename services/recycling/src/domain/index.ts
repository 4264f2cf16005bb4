// The recycling domain: one pure decider over a processor's stock (grams per node). No I/O; ids and times come in
// through the commands.
export type {
  ReceiveLotAtProcessor,
  CompleteProcessingRun,
  DisposeNode,
  RunOutputLine,
  RecyclingCommand,
} from './recycling-command.ts';
export type {
  LotReceivedByProcessor,
  ProcessingRunCompleted,
  ProcessingRunInput,
  ProcessingRunOutput,
  NodeDisposed,
  RecyclingEvent,
} from './recycling-event.ts';
export { processorStockDecider } from './processor-stock-decider.ts';
export { decideProcessorStock } from './decide-processor-stock.ts';
export { evolveProcessorStock } from './evolve-processor-stock.ts';
export { decideCompleteProcessingRun, productIdsCreatedBy, productIdTakenError } from './complete-processing-run.ts';
export { initialProcessorStock, type ProcessorStock } from './processor-stock.ts';
export { hasHeld, heldGramsOf, listHeldNodes, type HeldNode } from '@vezel/holder-stock';
export { stockNodesReadBy, stockNodesChangedBy } from './stock-nodes-read-by.ts';
export { RECYCLING_OUTCOMES, isRecyclingOutcome, type RecyclingOutcome } from './recycling-outcome.ts';
export { DISPOSAL_METHODS, isDisposalMethod, type DisposalMethod } from './disposal-method.ts';
export { MAX_ID_LENGTH, requireId } from '@vezel/chain-rules';
