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
 * What a command records for, and what a partner may own: a sorting centre, a store or a processor by its id, or a
 * municipality by its CBS code (collection records for the municipality of the container it names).
 */
export interface HolderRef {
  readonly kind: 'centre' | 'store' | 'processor' | 'municipality';
  readonly id: string;
}
