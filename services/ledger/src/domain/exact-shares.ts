import { splitByLargestRemainder, type Grams } from '@vezel/grams';

/**
 * An exact split of a whole into named parts: part `k` is `parts.get(k) / whole`, the parts add up to `whole`, and
 * every part is positive. It is the ledger's rational arithmetic: shares travel through runs and deliveries as
 * integer numerators over one common denominator, and grams are rounded only once, at the very end
 * ({@link splitGramsByShares}). Keeping one denominator per split (instead of a fraction per part) makes the
 * final largest-remainder split a single call, and reducing by the common divisor after every mix keeps the
 * numbers about as long as the product of the run and node totals along the deepest path.
 */
export interface ExactShares {
  readonly parts: ReadonlyMap<string, bigint>;
  readonly whole: bigint;
}

/** Everything to one part. */
export function wholeShareOf(key: string): ExactShares {
  return { parts: new Map([[key, 1n]]), whole: 1n };
}

/** One ingredient of a mix: `shares` taken with a positive `weight` (grams, usually). */
export interface ShareComponent {
  readonly weight: bigint;
  readonly shares: ExactShares;
}

/**
 * The weighted mean of some splits: component `j` contributes `weight_j / sum(weights)` of the result, spread like
 * its own shares. This is the mass-balance pooling of a run (inputs mixed by consumed grams) and the spreading of a
 * node's grams over where they went (sinks mixed by their grams). Components must have positive weights; at
 * least one is required.
 */
export function mixShares(components: readonly ShareComponent[]): ExactShares {
  if (components.length === 0) throw new RangeError('cannot mix zero components');
  let common = 1n;
  for (const { weight, shares } of components) {
    if (weight <= 0n) throw new RangeError(`component weight must be positive, got ${weight}`);
    common = lcm(common, shares.whole);
  }
  const parts = new Map<string, bigint>();
  let whole = 0n;
  for (const { weight, shares } of components) {
    const scale = weight * (common / shares.whole);
    for (const [key, part] of shares.parts) parts.set(key, (parts.get(key) ?? 0n) + part * scale);
    whole += weight * common;
  }
  let divisor = whole;
  for (const part of parts.values()) {
    divisor = gcd(divisor, part);
    if (divisor === 1n) break;
  }
  if (divisor === 1n) return { parts, whole };
  for (const [key, part] of parts) parts.set(key, part / divisor);
  return { parts, whole: whole / divisor };
}

/**
 * `total` grams split over the parts of `shares`, in whole grams that add up to exactly `total` (largest remainder).
 * `order` lists every key of `shares` (and may list keys it lacks, which get zero); it is the tie-break: of two equal
 * remainders the earlier key gets the gram, so callers pass a canonical order and the result is deterministic.
 */
export function splitGramsByShares(total: Grams, shares: ExactShares, order: readonly string[]): Map<string, Grams> {
  const grams = splitByLargestRemainder(
    total,
    order.map((key) => shares.parts.get(key) ?? 0n),
  );
  return new Map(order.map((key, index) => [key, grams[index]!]));
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function lcm(a: bigint, b: bigint): bigint {
  return (a / gcd(a, b)) * b;
}
