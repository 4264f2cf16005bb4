import type { Grams } from '@vezel/grams';
import { isSameHolder, type Holder, type PartyHolder } from './holder.ts';
import type {
  BatchShipped,
  LotDispatched,
  LotReceivedAtStore,
  LotReceivedByProcessor,
  LotReturned,
  NodeReceivedAtCentre,
} from './ledger-fact.ts';
import { compareFactsByTime } from './occurred-at-of.ts';

/** Grams of one node sent to a party: a shipment, a dispatch or a return to a centre, store or processor. */
export interface Delivery {
  readonly fact: BatchShipped | LotDispatched | LotReturned;
  /** The shipment, dispatch or return id a receipt names. */
  readonly deliveryId: string;
  readonly grams: Grams;
  readonly from: Holder;
  readonly to: PartyHolder;
}

/** Grams of one node a party received. */
export interface Receipt {
  readonly fact: NodeReceivedAtCentre | LotReceivedAtStore | LotReceivedByProcessor;
  readonly grams: Grams;
  readonly at: PartyHolder;
  readonly deliveryId: string | undefined;
}

/** A delivery and the receipt that closed it; none: it is still open (in transit). */
export interface MatchedDelivery {
  readonly delivery: Delivery;
  readonly receipt: Receipt | undefined;
}

/** A receipt the ledger cannot put against any delivery (yet). */
export interface UnmatchedReceipt {
  readonly receipt: Receipt;
  /**
   * `unknown-delivery`: it names a delivery of this node to this party the ledger has not seen;
   * `already-closed`: it names a delivery an earlier receipt closed; `no-open-delivery`: it names none, and no
   * delivery of this node to this party is open.
   */
  readonly reason: 'unknown-delivery' | 'already-closed' | 'no-open-delivery';
}

/** Which receipts closed which deliveries of one node. */
export interface ReceiptMatching {
  /** Every delivery, oldest first. */
  readonly deliveries: readonly MatchedDelivery[];
  readonly unmatched: readonly UnmatchedReceipt[];
}

/**
 * Puts the receipts of one node against its deliveries, as docs/domain.md and ADR 9 say: a delivery is closed by one
 * receipt, the one that names it, or else the receipt closes the oldest open delivery of that node to that party.
 * The receipts are played in business-time order (then event id) over every delivery the ledger knows, so the
 * result depends on the set of facts, never on the order they arrived in. A receipt naming a delivery the ledger
 * has not seen or one already closed, or naming none when none is open, stays unmatched (an anomaly); its grams
 * still arrived where it says.
 */
export function matchReceipts(deliveries: readonly Delivery[], receipts: readonly Receipt[]): ReceiptMatching {
  const ordered = [...deliveries].sort((a, b) => compareFactsByTime(a.fact, b.fact));
  const closedBy = new Map<Delivery, Receipt>();
  const unmatched: UnmatchedReceipt[] = [];
  for (const receipt of [...receipts].sort((a, b) => compareFactsByTime(a.fact, b.fact))) {
    const toHere = ordered.filter((delivery) => isSameHolder(delivery.to, receipt.at));
    if (receipt.deliveryId === undefined) {
      const oldestOpen = toHere.find((delivery) => !closedBy.has(delivery));
      if (oldestOpen === undefined) unmatched.push({ receipt, reason: 'no-open-delivery' });
      else closedBy.set(oldestOpen, receipt);
      continue;
    }
    const named = toHere.filter((delivery) => delivery.deliveryId === receipt.deliveryId);
    const open = named.find((delivery) => !closedBy.has(delivery));
    if (open !== undefined) closedBy.set(open, receipt);
    else unmatched.push({ receipt, reason: named.length === 0 ? 'unknown-delivery' : 'already-closed' });
  }
  return {
    deliveries: ordered.map((delivery) => ({ delivery, receipt: closedBy.get(delivery) })),
    unmatched,
  };
}
