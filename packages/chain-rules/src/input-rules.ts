import { InvalidInputError } from '@vezel/errors';
import type { Grams } from '@vezel/grams';

// The rules every chain service applies to a command's own values, one wording per rule. The HTTP and gRPC edges
// refuse most of these inputs already; the domain checks them again because a command can arrive by other roads
// (a replayed outbox, a script, a future transport), and a zero or negative mass written once would corrupt every
// balance computed from it afterwards.

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

/** Returns `value` if it is free text with something other than white space in it; otherwise names `field`. */
export function requireText(value: string, field: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new InvalidInputError('must not be blank', { field });
  }
  return value;
}

/** Returns `value` if it is a whole number greater than zero (a count of items); otherwise names `field`. */
export function requirePositiveCount(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new InvalidInputError(`must be a positive whole number, got ${String(value)}`, { field });
  }
  return value;
}

/** Returns `value` if it is zero or more whole cents; otherwise names `field`. */
export function requireNonNegativeCents(value: bigint, field: string): bigint {
  if (typeof value !== 'bigint' || value < 0n) {
    throw new InvalidInputError(`must be a non-negative whole number of cents, got ${String(value)}`, { field });
  }
  return value;
}
