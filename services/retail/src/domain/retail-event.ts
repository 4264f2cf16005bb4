import type { ItemsDonated, ItemsSold, LotReceivedAtStore, LotReturned as ChainLotReturned } from '@vezel/chain-events';
import type { ReturnDestination } from './return-destination.ts';

// Events are facts the decider has accepted: masses are branded grams, all checks have passed. Their shapes are the
// chain's (@vezel/chain-events, mirroring proto/vezel/retail/v1/events.proto one to one), narrowed here to the
// destinations a store may return to.

export type { ItemsDonated, ItemsSold, LotReceivedAtStore };
export type LotReturned = ChainLotReturned<ReturnDestination>;

/** Everything that can happen to a store's stock. */
export type RetailEvent = LotReceivedAtStore | ItemsSold | ItemsDonated | LotReturned;
