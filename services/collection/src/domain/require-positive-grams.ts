import { InvalidInputError } from '@vezel/errors';
import type { Grams } from '@vezel/grams';

/** Grams that a command moves: a positive whole number (zero grams move nothing and only add noise to the ledger). */
export function requirePositiveGrams(value: Grams, field: string): Grams {
  if (value <= 0n) throw new InvalidInputError(`must be a positive number of grams, got ${value}`, { field });
  return value;
}
