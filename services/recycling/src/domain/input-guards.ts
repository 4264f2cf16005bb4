import { InvalidInputError } from '@vezel/errors';
import type { Grams } from '@vezel/grams';

// The HTTP and gRPC edges already refuse these inputs with a friendlier message. The domain checks them again
// because a command can reach it by other roads (a replayed outbox, a script, a future transport), and a zero or
// negative mass written once would corrupt every balance computed from it afterwards.

/** Longest id the chain accepts (DOMAIN.md): ids become Kafka keys and primary keys everywhere. */
export const MAX_ID_LENGTH = 128;

/** Returns `value` if it is a non-empty id of at most {@link MAX_ID_LENGTH} characters; otherwise names `field`. */
export function requireId(value: string, field: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidInputError('must be a non-empty id', { field });
  }
  // Counted in code points, as the edge counts them, so both agree on an id with emoji or CJK characters.
  if ([...value].length > MAX_ID_LENGTH) {
    throw new InvalidInputError(`must be at most ${MAX_ID_LENGTH} characters`, { field });
  }
  // The chain's id rule (ADR 9), as collection and sorting apply it: an id differing only in invisible characters
  // would look like the same node in every report, and PostgreSQL cannot store U+0000 at all.
  if (value.trim() !== value || /\p{Cc}/u.test(value)) {
    throw new InvalidInputError('must not contain control characters or leading or trailing spaces', { field });
  }
  return value;
}

/** Returns `value` if it is free text with something other than white space in it; otherwise names `field`. */
export function requireText(value: string, field: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new InvalidInputError('must not be blank', { field });
  }
  return value;
}

/** Brands `value` as grams if it is a positive whole number of grams; otherwise names `field`. */
export function requirePositiveGrams(value: bigint, field: string): Grams {
  if (typeof value !== 'bigint' || value <= 0n) {
    throw new InvalidInputError(`must be a positive whole number of grams, got ${String(value)}`, { field });
  }
  return value as Grams;
}

/** Brands `value` as grams if it is zero or more whole grams (a run's loss may be nothing); otherwise names `field`. */
export function requireNonNegativeGrams(value: bigint, field: string): Grams {
  if (typeof value !== 'bigint' || value < 0n) {
    throw new InvalidInputError(`must be a non-negative whole number of grams, got ${String(value)}`, { field });
  }
  return value as Grams;
}

/** Returns `value` if it is a real instant (an invalid `Date` holds NaN); otherwise names `field`. */
export function requireInstant(value: Date, field: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new InvalidInputError('must be a valid point in time', { field });
  }
  return value;
}
