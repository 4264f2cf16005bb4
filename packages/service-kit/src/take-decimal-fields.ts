import { InvalidInputError } from '@vezel/errors';

/** Bounds of a decimal field. */
export interface DecimalFieldOptions {
  readonly min?: number;
  readonly max?: number;
}

/** A JSON body with its decimal fields taken out, and their values by path. */
export interface TakenDecimalFields {
  /** The body without the taken fields, for `readJson` (which then rejects any other unknown field). */
  readonly rest: unknown;
  /** Each path's value; `undefined` when absent or `null` (the fields are optional). */
  readonly values: ReadonlyMap<string, number | undefined>;
}

/**
 * Takes optional decimal-number fields (`transportKm`, `location.latitude`) out of a JSON body before `readJson`
 * reads the rest, validating each (a finite JSON number within bounds) and naming the field when it is not.
 *
 * Needed because `@vezel/rpc`'s `readJson` reads integers, grams and strings but no fractional numbers; once it
 * grows `optionalNumber`, read these there instead and delete this. Paths are dot-separated object keys; an
 * intermediate that is not an object is left for `readJson` to reject.
 */
export function takeDecimalFields(body: unknown, fields: Readonly<Record<string, DecimalFieldOptions>>): TakenDecimalFields {
  let rest = body;
  const values = new Map<string, number | undefined>();
  for (const [path, options] of Object.entries(fields)) {
    const taken = take(rest, path.split('.'));
    rest = taken.rest;
    values.set(path, taken.value === undefined || taken.value === null ? undefined : readDecimal(path, taken.value, options));
  }
  return { rest, values };
}

function take(value: unknown, keys: readonly string[]): { rest: unknown; value: unknown } {
  const [key, ...deeper] = keys;
  if (key === undefined || !isPlainObject(value) || !Object.hasOwn(value, key)) return { rest: value, value: undefined };
  if (deeper.length === 0) {
    const { [key]: found, ...others } = value;
    return { rest: others, value: found };
  }
  const inner = take(value[key], deeper);
  return { rest: { ...value, [key]: inner.rest }, value: inner.value };
}

function readDecimal(field: string, value: unknown, options: DecimalFieldOptions): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidInputError('must be a number', { field });
  }
  if (options.min !== undefined && value < options.min) {
    throw new InvalidInputError(`must be at least ${options.min}`, { field });
  }
  if (options.max !== undefined && value > options.max) {
    throw new InvalidInputError(`must be at most ${options.max}`, { field });
  }
  return value;
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
