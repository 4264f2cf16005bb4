import type { Grams } from '@vezel/grams';
import type { ReturnDestination } from './return-destination.ts';

// Events are facts the decider has accepted: masses are branded grams, all checks have passed. Field names follow
// the wire contract (proto/vezel/retail/v1/events.proto) in camelCase, so the adapters map them one to one.

/** A store received grams of a lot and now holds them. */
export interface LotReceivedAtStore {
  readonly type: 'LotReceivedAtStore';
  readonly receiptId: string;
  readonly lotId: string;
  readonly storeId: string;
  readonly grams: Grams;
  readonly receivedAt: Date;
  /** The dispatch this receipt closes; absent: the oldest open dispatch of the lot to this store. */
  readonly deliveryId?: string;
}

/** A store sold items from a lot it held: the grams reach `reuse.sold`. */
export interface ItemsSold {
  readonly type: 'ItemsSold';
  readonly saleId: string;
  readonly storeId: string;
  readonly lotId: string;
  readonly grams: Grams;
  readonly items: number;
  readonly revenueCents?: bigint;
  readonly soldAt: Date;
}

/** A store gave items from a lot it held to people in need: the grams reach `reuse.donated`. */
export interface ItemsDonated {
  readonly type: 'ItemsDonated';
  readonly donationId: string;
  readonly storeId: string;
  readonly lotId: string;
  readonly grams: Grams;
  readonly programme: string;
  readonly donatedAt: Date;
}

/** A store sent grams of a lot it held to a centre or a processor; they are in transit until received. */
export interface LotReturned {
  readonly type: 'LotReturned';
  readonly returnId: string;
  readonly storeId: string;
  readonly lotId: string;
  readonly grams: Grams;
  readonly destination: ReturnDestination;
  readonly returnedAt: Date;
}

/** Everything that can happen to a store's stock. */
export type RetailEvent = LotReceivedAtStore | ItemsSold | ItemsDonated | LotReturned;
