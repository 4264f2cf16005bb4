import type { DisposalMethod } from './outcome.ts';
import type { PartyHolder } from './holder.ts';

/**
 * Where a dispatch or a return sends grams. The ledger accepts every kind docs/domain.md lists for both (retail only
 * issues `centre` and `processor` returns today), because a read side that rejected a fact would lose grams.
 */
export type Destination = PartyDestination | ExporterDestination | DisposalDestination;

/** A holder that keeps the grams: they are in transit until its receipt closes the delivery. */
export interface PartyDestination extends PartyHolder {
  readonly country?: string;
}

/** An exporter: terminal, outcome `reuse.exported`. */
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
