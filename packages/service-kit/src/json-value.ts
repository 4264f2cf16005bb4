/** A value JSON (and PostgreSQL `jsonb`) can hold as it is. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

// Tags for the two non-JSON types command bodies and results carry: grams (bigint) and times (Date). One-key
// objects with a `$` name, in the spirit of MongoDB's extended JSON, so a stored result reads back as it was.
const bigintTag = '$bigint';
const dateTag = '$date';

/**
 * Turns a command body or result into plain JSON: bigints and Dates become tagged one-key objects, `undefined`
 * members are left out (as JSON.stringify would). Throws on values that cannot round-trip (functions, symbols,
 * non-finite numbers, class instances other than Date), so a result that would come back different on replay is
 * caught the first time, not on the replay.
 */
export function toJsonValue(value: unknown, path = 'value'): JsonValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} has no JSON form`);
      return value;
    case 'bigint':
      return { [bigintTag]: value.toString() };
    case 'object':
      if (value === null) return null;
      if (value instanceof Date) return { [dateTag]: value.toISOString() };
      if (Array.isArray(value)) return value.map((item: unknown, index) => toJsonValue(item, `${path}[${index}]`));
      if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
        throw new TypeError(`${path}: a ${value.constructor.name} has no JSON form; use plain objects`);
      }
      return Object.fromEntries(
        Object.entries(value)
          .filter(([, member]) => member !== undefined)
          .map(([key, member]) => [key, toJsonValue(member, `${path}.${key}`)]),
      );
    case 'undefined':
    case 'function':
    case 'symbol':
      throw new TypeError(`${path}: a ${typeof value} has no JSON form`);
  }
}

/** The inverse of {@link toJsonValue}: tagged bigints and Dates come back as themselves. */
export function fromJsonValue(value: JsonValue): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item: JsonValue) => fromJsonValue(item));
  const object = value as { readonly [key: string]: JsonValue };
  const keys = Object.keys(object);
  if (keys.length === 1) {
    const tagged = object[bigintTag] ?? object[dateTag];
    if (typeof tagged === 'string') return keys[0] === bigintTag ? BigInt(tagged) : new Date(tagged);
  }
  return Object.fromEntries(keys.map((key) => [key, fromJsonValue(object[key] ?? null)]));
}
