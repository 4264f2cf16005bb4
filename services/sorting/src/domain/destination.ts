import { InvalidInputError } from '@vezel/errors';
import { isCountryCode } from './country-code.ts';
import { requireId } from '@vezel/chain-rules';
import { DISPOSAL_METHODS, isDisposalMethod, type Destination } from '@vezel/chain-events';

// The chain's destination and disposal vocabulary, as the sorting service's domain names it.
export { DISPOSAL_METHODS, type Destination, type DisposalMethod } from '@vezel/chain-events';

/** Kinds of party a lot can be dispatched to (docs/domain.md). */
export const DESTINATION_KINDS = ['centre', 'store', 'processor', 'exporter', 'disposal'] as const;

/** A kind from {@link DESTINATION_KINDS}. */
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

/** A destination as a command brings it in: plain strings, validated by {@link parseDestination}. */
export interface DestinationInput {
  readonly kind: string;
  readonly id: string;
  readonly country?: string | undefined;
  readonly method?: string | undefined;
}

const destinationKinds: ReadonlySet<string> = new Set(DESTINATION_KINDS);

/** Whether `value` is one of the {@link DESTINATION_KINDS}. */
export function isDestinationKind(value: string): value is DestinationKind {
  return destinationKinds.has(value);
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
