import { InvalidInputError } from '@vezel/errors';

declare const gramsUnit: unique symbol;

/**
 * A mass in integer grams. Branded so a count of items or cents can never be added to a mass by accident, and a
 * bigint so sums of a year's collection (tens of millions of kilograms) stay exact.
 */
export type Grams = bigint & { readonly [gramsUnit]: 'grams' };

/** Zero grams. */
export const ZERO_GRAMS = 0n as Grams;

/**
 * Brands a value as grams, rejecting negatives and non-integers. `field` names the input to blame in the error.
 */
export function toGrams(value: bigint | number, field = 'grams'): Grams {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new InvalidInputError(`must be a whole number of grams, got ${value}`, { field });
  }
  const asBigint = BigInt(value);
  if (asBigint < 0n) {
    throw new InvalidInputError(`must not be negative, got ${asBigint} g`, { field });
  }
  return asBigint as Grams;
}

/** The sum of some masses. */
export function sumGrams(values: Iterable<Grams>): Grams {
  let total = 0n;
  for (const value of values) total += value;
  return total as Grams;
}

/** `a - b`; the caller has checked that `b <= a` (a mass cannot go negative). */
export function subtractGrams(a: Grams, b: Grams): Grams {
  if (b > a) throw new RangeError(`cannot take ${b} g from ${a} g`);
  return (a - b) as Grams;
}

/** The largest mass an int8 column (and a protobuf int64) can hold. */
export const MAX_GRAMS = (2n ** 63n - 1n) as Grams;

/** `a + b`, refusing a total no int8 column could store (it would otherwise fail deep in the database). */
export function addGrams(a: Grams, b: Grams, field = 'grams'): Grams {
  const sum = a + b;
  if (sum > MAX_GRAMS) {
    throw new InvalidInputError(`would bring the total above ${MAX_GRAMS} g, the largest mass that can be recorded`, {
      field,
    });
  }
  return sum as Grams;
}

/** Formats grams as kilograms with three decimals and thousands separators, exactly (no floating point). */
export function formatKilograms(value: Grams): string {
  const raw: bigint = value;
  const negative = raw < 0n;
  const magnitude = negative ? -raw : raw;
  const kilograms = (magnitude / 1000n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const remainder = (magnitude % 1000n).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${kilograms}.${remainder} kg`;
}
