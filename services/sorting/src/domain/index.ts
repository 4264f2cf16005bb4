// The sorting domain: one aggregate per sorting centre (its stock), decided purely from commands.

export type {
  ReceiveNodeAtCentre,
  CompleteSortingRun,
  DispatchLot,
  RunOutputLine,
  CentreStockCommand,
} from './sorting-command.ts';
export type {
  NodeReceivedAtCentre,
  SortingRunCompleted,
  LotDispatched,
  RunInput,
  RunOutput,
  SortingEvent,
} from './sorting-event.ts';
export { type CentreStock, initialCentreStock } from './centre-stock.ts';
export { hasHeld, heldGramsOf } from '@vezel/holder-stock';
export { centreStockDecider } from './centre-stock-decider.ts';
export { decideCentreStock } from './decide-centre-stock.ts';
export { evolveCentreStock } from './evolve-centre-stock.ts';
export { decideReceiveNodeAtCentre } from './receive-node-at-centre.ts';
export { decideCompleteSortingRun, lotIdsCreatedBy, lotIdTakenError } from './complete-sorting-run.ts';
export { decideDispatchLot } from './dispatch-lot.ts';
export { stockNodesReadBy, stockNodesChangedBy } from './stock-nodes-read-by.ts';
export { listCentreStock, type StockLine } from './list-centre-stock.ts';
export { type LotView, lotViewsCreatedBy, evolveLotView } from './lot-view.ts';
export { FRACTIONS, type Fraction, isFraction } from './fraction.ts';
export {
  DESTINATION_KINDS,
  DISPOSAL_METHODS,
  type DestinationKind,
  type DisposalMethod,
  type Destination,
  type DestinationInput,
  isDestinationKind,
  parseDestination,
} from './destination.ts';
export { isCountryCode } from './country-code.ts';
export { MAX_ID_LENGTH } from '@vezel/chain-rules';
