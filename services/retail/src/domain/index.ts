// The retail domain: one pure decider over a store's stock (grams per lot). No I/O; ids and times come in
// through the commands.
export type { ReceiveLotAtStore, SellItems, DonateItems, ReturnLot, RetailCommand } from './retail-command.ts';
export type { LotReceivedAtStore, ItemsSold, ItemsDonated, LotReturned, RetailEvent } from './retail-event.ts';
export { storeStockDecider } from './store-stock-decider.ts';
export { decideStoreStock } from './decide-store-stock.ts';
export { evolveStoreStock } from './evolve-store-stock.ts';
export { initialStoreStock, listHeldLots, type StoreStock, type HeldLot } from './store-stock.ts';
export { hasHeld, heldGramsOf } from '@vezel/holder-stock';
export { stockLotsReadBy, stockLotsChangedBy } from './stock-lots-read-by.ts';
export {
  RETURN_DESTINATION_KINDS,
  isReturnDestinationKind,
  type ReturnDestinationKind,
  type ReturnDestination,
} from './return-destination.ts';
export { MAX_ID_LENGTH, requireId } from '@vezel/chain-rules';
