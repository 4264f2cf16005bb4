import { InvalidInputError } from '@vezel/errors';
import { toGrams, type Grams } from '@vezel/grams';

// The chain's id rule lives in one place; sorting names it assertId.
export { MAX_ID_LENGTH, requireChainId as assertId } from '@vezel/chain-ids';

/** Brands a command's grams, which must be a positive whole number. */
export function toPositiveGrams(value: bigint, field: string): Grams {
  const grams = toGrams(value, field);
  if (grams === 0n) throw new InvalidInputError('must be positive, got 0 g', { field });
  return grams;
}

/** Rejects an invalid `Date` (what `new Date('garbage')` gives), which would otherwise reach an event. */
export function assertInstant(value: Date, field: string): Date {
  if (Number.isNaN(value.getTime())) throw new InvalidInputError('must be a valid instant', { field });
  return value;
}
