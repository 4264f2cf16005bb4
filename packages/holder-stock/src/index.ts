// The stock one holder (a sorting centre, a store, a processor) keeps of the chain's nodes, and the rule that
// nobody takes more than it holds: one pure model for the three stock-keeping services.
export {
  emptyHolderStock,
  hasHeld,
  heldGramsOf,
  listHeldNodes,
  receiveGrams,
  takeGrams,
  withHeldGrams,
  type HeldNode,
  type HolderStock,
} from './holder-stock.ts';
export {
  requireHeldGrams,
  requireRunInputsHeld,
  stockHolder,
  takenNode,
  type StockHolder,
  type StockTake,
  type TakenNode,
} from './require-held-grams.ts';
export {
  decideHolderRun,
  outputIdTakenError,
  type DecidedRun,
  type RunCommand,
  type RunInputLine,
  type RunOutputs,
} from './decide-holder-run.ts';
