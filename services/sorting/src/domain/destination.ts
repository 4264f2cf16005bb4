import { InvalidInputError } from '@vezel/errors';
import { isCountryCode } from './country-code.ts';
import { requireId } from '@vezel/chain-rules';

/** Kinds of party a lot can be dispatched to (docs/domain.md). */
export const DESTINATION_KINDS = ['centre', 'store', 'processor', 'exporter', 'disposal'] as const;

/** A kind from {@link DESTINATION_KINDS}. */
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

/** How disposed grams are treated; the outcome is `disposal.<method>`. */
export const DISPOSAL_METHODS = ['energy-recovery', 'incineration', 'landfill'] as const;

/** A method from {@link DISPOSAL_METHODS}. */
export type DisposalMethod = (typeof DISPOSAL_METHODS)[number];

/** A holder that keeps the grams in stock: they are in transit until its receipt closes the dispatch. */
export interface HolderDestination {
  readonly kind: 'centre' | 'store' | 'processor';
  readonly id: string;
  readonly country?: string;
}

/** An exporter: terminal, outcome `reuse.exported`; the country is kept with the outcome, so it is required. */
export interface ExporterDestination {
  readonly kind: 'exporter';
  readonly id: string;
  readonly country: string;
}

/** A disposal facility: terminal, outcome `disposal.<method>`. */
export interface DisposalDestination {
  readonly kind: 'disposal';
  readonly id: string;
  readonly method: DisposalMethod;
  readonly country?: string;
}

/** A validated destination, as events carry it: the union makes a disposal without a method unrepresentable. */
export type Destination = HolderDestination | ExporterDestination | DisposalDestination;

/** A destination as a command brings it in: plain strings, validated by {@link parseDestination}. */
export interface DestinationInput {
  readonly kind: string;
  readonly id: string;
  readonly country?: string | undefined;
  readonly method?: string | undefined;
}

const destinationKinds: ReadonlySet<string> = new Set(DESTINATION_KINDS);
const disposalMethods: ReadonlySet<string> = new Set(DISPOSAL_METHODS);

/** Whether `value` is one of the {@link DESTINATION_KINDS}. */
export function isDestinationKind(value: string): value is DestinationKind {
  return destinationKinds.has(value);
}

/** Whether `value` is one of the {@link DISPOSAL_METHODS}. */
export function isDisposalMethod(value: string): value is DisposalMethod {
  return disposalMethods.has(value);
}

/**
 * Validates a destination, naming the offending field under `field` (`destination.country`, ...). A `method` on any
 * kind but `disposal` is rejected rather than ignored: "to a store, by landfill" is a contradiction a client should
 * hear about, not a detail to drop.
 */
export function parseDestination(input: DestinationInput, field = 'destination'): Destination {
  const { kind, country, method } = input;
  if (!isDestinationKind(kind)) {
    throw new InvalidInputError(`must be one of ${DESTINATION_KINDS.join(', ')}, got "${kind}"`, {
      field: `${field}.kind`,
    });
  }
  const id = requireId(input.id, `${field}.id`);
  if (country !== undefined && !isCountryCode(country)) {
    throw new InvalidInputError(`must be an ISO 3166-1 alpha-2 country code in upper case, got "${country}"`, {
      field: `${field}.country`,
    });
  }
  const withCountry = country === undefined ? {} : { country };
  if (kind === 'disposal') {
    if (method === undefined) {
      throw new InvalidInputError('is required for a disposal', { field: `${field}.method` });
    }
    if (!isDisposalMethod(method)) {
      throw new InvalidInputError(`must be one of ${DISPOSAL_METHODS.join(', ')}, got "${method}"`, {
        field: `${field}.method`,
      });
    }
    return { kind, id, method, ...withCountry };
  }
  if (method !== undefined) {
    throw new InvalidInputError(`only a disposal has a method, not a destination of kind "${kind}"`, {
      field: `${field}.method`,
    });
  }
  if (kind === 'exporter') {
    if (country === undefined) {
      throw new InvalidInputError('is required for an exporter (the country is kept with reuse.exported)', {
        field: `${field}.country`,
      });
    }
    return { kind, id, country };
  }
  return { kind, id, ...withCountry };
}
