// Where a dispatch or a return sends grams, as the chain declares it. The ledger accepts every kind for both (retail
// only issues `centre` and `processor` returns today), because a read side that rejected a fact would lose grams.
export type {
  Destination,
  DisposalDestination,
  ExporterDestination,
  HolderDestination as PartyDestination,
} from '@vezel/chain-events';
