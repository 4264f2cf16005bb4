import { InvalidInputError } from '@vezel/errors';
import { toGrams, type Grams } from '@vezel/grams';

/** The longest id DOMAIN.md allows (ids are client-supplied strings). */
export const MAX_ID_LENGTH = 128;

/**
 * Checks an id against DOMAIN.md (non-empty, at most {@link MAX_ID_LENGTH} characters). Adapters check types; the
 * domain re-checks the rules so every transport rejects the same inputs with the same field.
 */
export function assertId(value: string, field: string): string {
  if (value.length === 0) throw new InvalidInputError('must not be empty', { field });
  if (value.length > MAX_ID_LENGTH) {
    throw new InvalidInputError(`must be at most ${MAX_ID_LENGTH} characters, got ${value.length}`, { field });
  }
  return value;
}

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
