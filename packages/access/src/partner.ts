/**
 * The kinds of organisation in the chain. The operator runs it (containers, centres and stores it has not handed to
 * a partner are its own); centres, stores and processors own the holders they run; a municipality owns the
 * containers in its territory where it collects itself; exporters and auditors own nothing and read.
 */
export const PARTNER_KINDS = [
  'operator',
  'centre',
  'store',
  'processor',
  'exporter',
  'municipality',
  'auditor',
] as const;

export type PartnerKind = (typeof PARTNER_KINDS)[number];

const partnerKinds: ReadonlySet<string> = new Set(PARTNER_KINDS);

export function isPartnerKind(value: string): value is PartnerKind {
  return partnerKinds.has(value);
}

/** An organisation with credentials. */
export interface Partner {
  /** Chosen by the operator when it registers the partner: `operator`, `reshare-deventer`, `GM0363`. */
  readonly partnerId: string;
  readonly kind: PartnerKind;
  readonly name: string;
}

/**
 * What a partner may own: a sorting centre, a store or a processor by its id, a municipality by its CBS code
 * (collection records for the municipality of the container it names), or an exporter by the id dispatches name it
 * by (it records nothing; it reads what was dispatched to it).
 */
export const HOLDER_KINDS = ['centre', 'store', 'processor', 'municipality', 'exporter'] as const;

export type HolderKind = (typeof HOLDER_KINDS)[number];

/** A holder a partner may own, or a command records for. */
export interface HolderRef {
  readonly kind: HolderKind;
  readonly id: string;
}

/**
 * Whether a partner of `kind` may own a holder of `holderKind`: each kind owns its own kind of holder (a store its
 * stores, a municipality its CBS code), the operator any, an auditor none. Giving a store to a municipality would
 * let the municipality record the store's sales.
 */
export function mayOwn(kind: PartnerKind, holderKind: HolderKind): boolean {
  if (kind === 'operator') return true;
  return kind !== 'auditor' && kind === holderKind;
}
