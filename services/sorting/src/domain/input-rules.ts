import { InvalidInputError } from '@vezel/errors';
import { toGrams, type Grams } from '@vezel/grams';

/** The longest id DOMAIN.md allows (ids are client-supplied strings). */
export const MAX_ID_LENGTH = 128;

/**
 * Checks an id against DOMAIN.md (non-empty, at most {@link MAX_ID_LENGTH} characters, counted in code points as the
 * HTTP reader and the other services count them). Adapters check types; the domain re-checks the rules so every
 * transport rejects the same inputs with the same field.
 *
 * Control characters and surrounding spaces are refused as the collection service refuses them: an id that differs
 * from another only in invisible characters would look like the same node in every report, and PostgreSQL cannot
 * store a NUL at all.
 */
export function assertId(value: string, field: string): string {
  const length = [...value].length;
  if (length === 0) throw new InvalidInputError('must not be empty', { field });
  if (length > MAX_ID_LENGTH) {
    throw new InvalidInputError(`must be at most ${MAX_ID_LENGTH} characters, got ${length}`, { field });
  }
  if (value.trim() !== value || /\p{Cc}/u.test(value)) {
    throw new InvalidInputError('must not contain control characters or leading or trailing spaces', { field });
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
