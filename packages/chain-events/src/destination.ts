/** How disposed grams are treated; the outcome they reach is `disposal.<method>`. */
export const DISPOSAL_METHODS = ['energy-recovery', 'incineration', 'landfill'] as const;

/** A method from {@link DISPOSAL_METHODS}. */
export type DisposalMethod = (typeof DISPOSAL_METHODS)[number];

const disposalMethods: ReadonlySet<string> = new Set(DISPOSAL_METHODS);

/** Whether `value` is one of the {@link DISPOSAL_METHODS}. */
export function isDisposalMethod(value: string): value is DisposalMethod {
  return disposalMethods.has(value);
}

/** A holder that keeps the grams in stock: they are in transit until its receipt closes the delivery. */
export interface HolderDestination {
  readonly kind: 'centre' | 'store' | 'processor';
  readonly id: string;
  readonly country?: string;
}

/** An exporter: terminal, outcome `reuse.exported`; the country is kept with the outcome, so it is required. */
export interface ExporterDestination {
  readonly kind: 'exporter';
  readonly id: string;
  /** ISO 3166-1 alpha-2 country the grams are exported to. */
  readonly country: string;
}

/** A disposal facility: terminal, outcome `disposal.<method>`. */
export interface DisposalDestination {
  readonly kind: 'disposal';
  readonly id: string;
  readonly method: DisposalMethod;
  readonly country?: string;
}

/**
 * Where a dispatch or a return sends grams. The union makes a disposal without a method unrepresentable. Retail
 * returns only to a centre or a processor today; readers accept every kind, because a read side that rejected a fact
 * would lose grams.
 */
export type Destination = HolderDestination | ExporterDestination | DisposalDestination;
