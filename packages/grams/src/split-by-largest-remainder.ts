import type { Grams } from './grams.ts';

/**
 * Splits `total` grams in proportion to `weights` so that the parts are whole grams and add up to exactly
 * `total` (the largest-remainder, or Hamilton, method): every part first gets the floor of its exact share, then the
 * grams left over go one each to the parts with the largest remainders; ties go to the earlier part, so the result is
 * deterministic. Weights are non-negative; when they are all zero every part is zero and `total` must be zero.
 */
export function splitByLargestRemainder(total: Grams, weights: readonly bigint[]): Grams[] {
  if (total < 0n) throw new RangeError('total must not be negative');
  if (weights.some((weight) => weight < 0n)) throw new RangeError('weights must not be negative');
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0n);
  if (weightSum === 0n) {
    if (total !== 0n) throw new RangeError(`cannot split ${total} g over weights that are all zero`);
    return weights.map(() => 0n as Grams);
  }
  const parts = weights.map((weight) => (total * weight) / weightSum);
  const remainders = weights.map((weight, index) => ({ index, remainder: (total * weight) % weightSum }));
  let leftOver = total - parts.reduce((sum, part) => sum + part, 0n);
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (leftOver === 0n) break;
    parts[index]! += 1n;
    leftOver -= 1n;
  }
  return parts as Grams[];
}
