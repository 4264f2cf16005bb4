// The events the four chain services publish (docs/domain.md, "The flow and its events"), declared once for their
// producers and for the ledger that reads them all. Fields mirror the wire messages (proto/vezel/*/v1/events.proto)
// in camelCase, so adapters map them one to one; masses are validated grams, times the business times of the facts.
// Where a producer checks a closed vocabulary (a fraction, an outcome, a destination, ...) the event takes it as a
// type parameter whose default is the open type a reader keeps as given: the wire may carry values newer than it.
export type { RunInputGrams as RunInput } from '@vezel/chain-rules';
export {
  DISPOSAL_METHODS,
  isDisposalMethod,
  type Destination,
  type DisposalDestination,
  type DisposalMethod,
  type ExporterDestination,
  type HolderDestination,
} from './destination.ts';
export type { BatchCollected, BatchShipped, ContainerLocation, ContainerRegistered } from './collection-events.ts';
export type {
  DestinationRef,
  LotDispatched,
  NodeReceivedAtCentre,
  SortingRunCompleted,
  SortingRunOutput,
} from './sorting-events.ts';
export type { ItemsDonated, ItemsSold, LotReceivedAtStore, LotReturned } from './retail-events.ts';
export type {
  LotReceivedByProcessor,
  NodeDisposed,
  ProcessingRunCompleted,
  ProcessingRunOutput,
} from './recycling-events.ts';
