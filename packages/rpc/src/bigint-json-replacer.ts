/**
 * `JSON.stringify` replacer that writes bigints (our grams) as JSON numbers. Numbers are what partners' JSON
 * parsers read without special handling, but above 2^53 - 1 they would silently round, so such a value throws
 * instead: a loud 500 beats a quietly wrong mass balance.
 */
export function bigintJsonReplacer(key: string, value: unknown): unknown {
  if (typeof value !== 'bigint') return value;
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(
      `cannot write bigint ${value} at key "${key}" as a JSON number: it is outside the safe integer range`,
    );
  }
  return Number(value);
}
