import type { Grams } from '@vezel/grams';
import type { DestinationRef } from './sorting-events.ts';

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

/**
 * A store sent unsold grams of a lot it held on, to a centre or a processor today: they are in transit until
 * received. Readers accept every destination kind a dispatch may have, so nothing they read is lost.
 */
export interface LotReturned<Destination extends DestinationRef = DestinationRef> {
  readonly type: 'LotReturned';
  readonly returnId: string;
  readonly storeId: string;
  readonly lotId: string;
  readonly grams: Grams;
  readonly destination: Destination;
  readonly returnedAt: Date;
}
