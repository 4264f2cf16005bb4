// Commands are what a caller asks for, after the transport checked JSON types, but not yet trusted: masses are
// plain bigints and vocabularies (destination kinds) plain strings; the decider checks them and the events carry
// branded grams and narrowed types. Ids and clocks come in from outside, so the decider stays deterministic.
// Every command names its store: the store's stock is the aggregate it acts on.

/**
 * Record grams of a lot arriving at a store. What was dispatched is the sorting service's fact and is not
 * checked here; the ledger reports a receipt larger than its dispatch as an anomaly.
 */
export interface ReceiveLotAtStore {
  readonly type: 'ReceiveLotAtStore';
  /** The receipt's id. Optional over HTTP; the app layer assigns one before deciding, as ids never come from here. */
  readonly receiptId: string;
  readonly lotId: string;
  readonly storeId: string;
  /** Weighed grams received. */
  readonly grams: bigint;
  readonly receivedAt: Date;
  /** The `dispatchId` this receipt closes; absent: the oldest open dispatch of the lot to this store. */
  readonly deliveryId?: string | undefined;
}

/** Record a sale of items from a lot the store holds: the grams reach `reuse.sold`. */
export interface SellItems {
  readonly type: 'SellItems';
  readonly saleId: string;
  readonly storeId: string;
  readonly lotId: string;
  readonly grams: bigint;
  /** Garments (or pairs of shoes) sold; at least one. */
  readonly items: number;
  /** Revenue in euro cents, when the store shares it. */
  readonly revenueCents?: bigint | undefined;
  readonly soldAt: Date;
}

/** Record items given away from a lot the store holds: the grams reach `reuse.donated`. */
export interface DonateItems {
  readonly type: 'DonateItems';
  readonly donationId: string;
  readonly storeId: string;
  readonly lotId: string;
  readonly grams: bigint;
  /** The programme the donation went through (free text or a programme id), e.g. a local clothing bank. */
  readonly programme: string;
  readonly donatedAt: Date;
}

/** Send unsold grams of a lot the store holds back to a centre or on to a processor. */
export interface ReturnLot {
  readonly type: 'ReturnLot';
  readonly returnId: string;
  readonly storeId: string;
  readonly lotId: string;
  readonly grams: bigint;
  /** Any kind may be asked for; the decider accepts only `centre` and `processor` (see `ReturnDestinationKind`). */
  readonly destination: { readonly kind: string; readonly id: string };
  readonly returnedAt: Date;
}

/** Everything a store's stock can be asked to do. */
export type RetailCommand = ReceiveLotAtStore | SellItems | DonateItems | ReturnLot;
