import { assertNever } from '@vezel/errors';

/**
 * Who physically has grams of a node. Kinds and ids follow the ledger contract's `Holder`
 * (proto/vezel/ledger/v1/service.proto): `collection` is a batch still at the container it was collected from.
 */
export type Holder = CollectionHolder | PartyHolder | InTransitHolder;

/** Collected grams not shipped yet; `id` is the container id. */
export interface CollectionHolder {
  readonly kind: 'collection';
  readonly id: string;
}

/** A party that receives and keeps grams: a sorting centre, a store or a processor, by its id. */
export interface PartyHolder {
  readonly kind: 'centre' | 'store' | 'processor';
  readonly id: string;
}

/** Grams on the road: `id` is the open delivery (shipment, dispatch or return id), `to` the party it goes to. */
export interface InTransitHolder {
  readonly kind: 'in-transit';
  readonly id: string;
  readonly to: PartyHolder;
}

/**
 * A string that identifies a holder, for maps and for sorting. Ids are free client strings, so the parts are
 * JSON-encoded rather than joined with a separator that an id could contain.
 */
export function holderKeyOf(holder: Holder): string {
  return holder.kind === 'in-transit'
    ? JSON.stringify([holder.kind, holder.id, holder.to.kind, holder.to.id])
    : JSON.stringify([holder.kind, holder.id]);
}

/** Whether two holders are the same party (or the same delivery). */
export function isSameHolder(a: Holder, b: Holder): boolean {
  return holderKeyOf(a) === holderKeyOf(b);
}

/** A holder in words, for anomaly messages: `store ST-1`, `in transit on D-7 to store ST-1`. */
export function describeHolder(holder: Holder): string {
  switch (holder.kind) {
    case 'collection':
      return `container ${holder.id} (collected, not shipped)`;
    case 'centre':
    case 'store':
    case 'processor':
      return `${holder.kind} ${holder.id}`;
    case 'in-transit':
      return `in transit on ${holder.id} to ${describeHolder(holder.to)}`;
    default:
      return assertNever(holder, 'holder');
  }
}
