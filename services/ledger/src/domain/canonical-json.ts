/**
 * A canonical JSON text of a value: object keys sorted, bigints as decimal strings, dates as ISO 8601 UTC,
 * `undefined` properties left out. Two values that mean the same thing give the same text, whatever order their
 * properties were built in, so the text can decide between two bodies of one event id and can serve as a checksum
 * input for "the same ledger".
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(toCanonical(value));
}

function toCanonical(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Map) return [...value.entries()].map(toCanonical);
  if (value instanceof Set) return [...value].map(toCanonical);
  if (Array.isArray(value)) return value.map(toCanonical);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, nested]) => nested !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, nested]) => [key, toCanonical(nested)]));
  }
  return value;
}
