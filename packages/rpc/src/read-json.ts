import { InvalidInputError } from '@vezel/errors';
import { CALENDAR_DATE_PATTERN, calendarDateStart, daysInMonth } from '@vezel/chain-calendar';

/** Options for reading a string. */
export interface StringOptions {
  /** In characters (code points). Default 1: a required string must not be empty. */
  readonly minLength?: number;
  /** In characters (code points). Default 1000, so no field is unbounded by accident. */
  readonly maxLength?: number;
  readonly pattern?: RegExp;
}

/** Bounds for reading an integer or a number. */
export interface IntegerOptions {
  readonly min?: number;
  readonly max?: number;
}

/** Options for reading grams. */
export interface GramsOptions {
  /** Accept 0, for quantities that may legitimately be nothing (the loss of a sorting run). Default false. */
  readonly allowZero?: boolean;
}

/** Options for reading an array. */
export interface ArrayOptions {
  readonly minItems?: number;
  readonly maxItems?: number;
}

const defaultMaxLength = 1000;

// RFC 3339, the ISO 8601 profile for timestamps on the internet: seconds and an offset (or Z) are required.
const timestampPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/i;

/**
 * Reads a JSON request body that must be an object, naming the offending field when it is not what `read`
 * expects:
 *
 * ```ts
 * const command = readJson(req.body, (input) => ({
 *   batchId: input.string('batchId', { maxLength: 128 }),
 *   grams: input.grams('grams'),
 *   collectedAt: input.timestamp('collectedAt'),
 *   outputs: input.array('outputs', (output) => ({ lotId: output.string('lotId'), grams: output.grams('grams') })),
 * }));
 * ```
 *
 * Fields the callback did not read are rejected (`"gram" is not a known field`) rather than ignored: in a mass
 * ledger a misspelt optional field silently dropped is worse than a 400. `null` counts as absent for optional
 * fields. Every failure is an `InvalidInputError` whose `field` is the full path (`outputs[1].grams`).
 */
export function readJson<T>(body: unknown, read: (input: JsonObjectReader) => T): T {
  return JsonObjectReader.read(body, 'body', '', read);
}

/** Reads the fields of one JSON object; obtained from {@link readJson}, `object` or `array`, never constructed. */
export class JsonObjectReader {
  readonly #object: Readonly<Record<string, unknown>>;
  readonly #path: string;
  readonly #readKeys = new Set<string>();

  private constructor(object: Readonly<Record<string, unknown>>, path: string) {
    this.#object = object;
    this.#path = path;
  }

  /** Runs `read` over `value` if it is an object, then rejects the keys `read` did not look at. */
  static read<T>(value: unknown, field: string, path: string, read: (input: JsonObjectReader) => T): T {
    if (!isPlainObject(value)) throw invalid(field, 'must be a JSON object');
    const reader = new JsonObjectReader(value, path);
    const result = read(reader);
    reader.#rejectUnreadKeys();
    return result;
  }

  /** Path of this object in the body (`''` for the body itself, `outputs[1]` for an array item). */
  get path(): string {
    return this.#path;
  }

  /** A required string, by default non-empty and at most 1000 characters. */
  string(key: string, options: StringOptions = {}): string {
    return this.#readString(key, this.#required(key), options);
  }

  /** Like {@link string}, but absent or `null` gives `undefined`. */
  optionalString(key: string, options: StringOptions = {}): string | undefined {
    const value = this.#optional(key);
    return value === undefined ? undefined : this.#readString(key, value, options);
  }

  /** A required safe integer (a JSON number without a fraction). */
  integer(key: string, options: IntegerOptions = {}): number {
    return this.#readInteger(key, this.#required(key), options);
  }

  /** Like {@link integer}, but absent or `null` gives `undefined`. */
  optionalInteger(key: string, options: IntegerOptions = {}): number | undefined {
    const value = this.#optional(key);
    return value === undefined ? undefined : this.#readInteger(key, value, options);
  }

  /**
   * A required finite JSON number, fractions allowed: distances (`transportKm`) and coordinates, never grams or
   * money (those are integers).
   */
  number(key: string, options: IntegerOptions = {}): number {
    return this.#readNumber(key, this.#required(key), options);
  }

  /** Like {@link number}, but absent or `null` gives `undefined`. */
  optionalNumber(key: string, options: IntegerOptions = {}): number | undefined {
    const value = this.#optional(key);
    return value === undefined ? undefined : this.#readNumber(key, value, options);
  }

  /** A required JSON boolean (not `"true"` or `1`). */
  boolean(key: string): boolean {
    return this.#readBoolean(key, this.#required(key));
  }

  /** Like {@link boolean}, but absent or `null` gives `undefined`. */
  optionalBoolean(key: string): boolean | undefined {
    const value = this.#optional(key);
    return value === undefined ? undefined : this.#readBoolean(key, value);
  }

  /**
   * A mass in grams: a JSON number that is a positive (or with `allowZero`, non-negative) safe integer, returned
   * as a bigint. Strings are refused so that clients can't rely on one encoding here and another elsewhere.
   */
  grams(key: string, options: GramsOptions = {}): bigint {
    const value = this.#required(key);
    const allowZero = options.allowZero ?? false;
    const expected = `must be a ${allowZero ? 'non-negative' : 'positive'} integer number of grams`;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid(this.#field(key), expected);
    // JSON.parse has already rounded anything this large, so the number no longer says what the client meant.
    if (!Number.isSafeInteger(value)) {
      throw invalid(this.#field(key), `${expected}, at most ${Number.MAX_SAFE_INTEGER}`);
    }
    if (value < 0 || (value === 0 && !allowZero)) throw invalid(this.#field(key), expected);
    return BigInt(value);
  }

  /** A required RFC 3339 timestamp (`2026-03-01T10:00:00Z`, `...+01:00`); local times without an offset are refused. */
  timestamp(key: string): Date {
    return this.#readTimestamp(key, this.#required(key));
  }

  /** Like {@link timestamp}, but absent or `null` gives `undefined`. */
  optionalTimestamp(key: string): Date | undefined {
    const value = this.#optional(key);
    return value === undefined ? undefined : this.#readTimestamp(key, value);
  }

  /**
   * A required period boundary as people type it: an RFC 3339 timestamp, or a calendar date (`2026-01-01`) meaning
   * the first instant of that day in `timeZone`, the chain's.
   */
  periodBoundary(key: string, timeZone: string): Date {
    return this.#readPeriodBoundary(key, this.#required(key), timeZone);
  }

  /** Like {@link periodBoundary}, but absent or `null` gives `undefined`. */
  optionalPeriodBoundary(key: string, timeZone: string): Date | undefined {
    const value = this.#optional(key);
    return value === undefined ? undefined : this.#readPeriodBoundary(key, value, timeZone);
  }

  /** A required string that is one of `values`, typed as their union. */
  oneOf<const V extends readonly string[]>(key: string, values: V): V[number] {
    const value = this.#required(key);
    const match = values.find((candidate) => candidate === value);
    if (match === undefined) {
      const allowed = values.map((candidate) => JSON.stringify(candidate)).join(', ');
      throw invalid(this.#field(key), `must be one of ${allowed}`);
    }
    return match;
  }

  /** A required nested object, read by `read` (which sees paths like `destination.kind`). */
  object<T>(key: string, read: (input: JsonObjectReader) => T): T {
    return JsonObjectReader.read(this.#required(key), this.#field(key), this.#field(key), read);
  }

  /** Like {@link object}, but absent or `null` gives `undefined`. */
  optionalObject<T>(key: string, read: (input: JsonObjectReader) => T): T | undefined {
    const value = this.#optional(key);
    return value === undefined ? undefined : JsonObjectReader.read(value, this.#field(key), this.#field(key), read);
  }

  /** A required array of objects, each read by `readItem` (which sees paths like `inputs[1].grams`). */
  array<T>(key: string, readItem: (item: JsonObjectReader, path: string) => T, options: ArrayOptions = {}): T[] {
    const value = this.#required(key);
    const field = this.#field(key);
    if (!Array.isArray(value)) throw invalid(field, 'must be an array');
    if (options.minItems !== undefined && value.length < options.minItems) {
      throw invalid(field, `must have at least ${options.minItems} ${options.minItems === 1 ? 'item' : 'items'}`);
    }
    if (options.maxItems !== undefined && value.length > options.maxItems) {
      throw invalid(field, `must have at most ${options.maxItems} ${options.maxItems === 1 ? 'item' : 'items'}`);
    }
    return value.map((item: unknown, index) => {
      const path = `${field}[${index}]`;
      return JsonObjectReader.read(item, path, path, (reader) => readItem(reader, path));
    });
  }

  /** Like {@link array}, but absent or `null` gives `undefined`. */
  optionalArray<T>(
    key: string,
    readItem: (item: JsonObjectReader, path: string) => T,
    options: ArrayOptions = {},
  ): T[] | undefined {
    return this.#optional(key) === undefined ? undefined : this.array(key, readItem, options);
  }

  #field(key: string): string {
    return this.#path === '' ? key : `${this.#path}.${key}`;
  }

  #required(key: string): unknown {
    const value = this.#optional(key);
    if (value === undefined) throw invalid(this.#field(key), 'is required');
    return value;
  }

  #optional(key: string): unknown {
    this.#readKeys.add(key);
    // Own keys only: `{"constructor": ...}` or a missing `toString` must not reach Object.prototype.
    const value = Object.hasOwn(this.#object, key) ? this.#object[key] : undefined;
    return value === null ? undefined : value;
  }

  #readString(key: string, value: unknown, options: StringOptions): string {
    const field = this.#field(key);
    if (typeof value !== 'string') throw invalid(field, 'must be a string');
    // PostgreSQL text and jsonb cannot hold U+0000: refused here, it would otherwise surface as a 500.
    if (value.includes('\u0000')) throw invalid(field, 'must not contain the NUL character (U+0000)');
    // JSON can spell a lone surrogate (`"\ud800"`), which is no character: PostgreSQL refuses it as text.
    if (!value.isWellFormed()) throw invalid(field, 'must be well-formed Unicode (it holds a lone surrogate)');
    const minLength = options.minLength ?? 1;
    const maxLength = options.maxLength ?? defaultMaxLength;
    const length = codePointLength(value);
    if (length < minLength) {
      throw invalid(field, minLength === 1 ? 'must not be empty' : `must be at least ${minLength} characters`);
    }
    if (length > maxLength) throw invalid(field, `must be at most ${maxLength} characters`);
    if (options.pattern !== undefined && !options.pattern.test(value)) {
      throw invalid(field, `must match ${options.pattern}`);
    }
    return value;
  }

  #readInteger(key: string, value: unknown, options: IntegerOptions): number {
    const field = this.#field(key);
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalid(field, 'must be an integer');
    if (options.min !== undefined && value < options.min) throw invalid(field, `must be at least ${options.min}`);
    if (options.max !== undefined && value > options.max) throw invalid(field, `must be at most ${options.max}`);
    return value;
  }

  #readNumber(key: string, value: unknown, options: IntegerOptions): number {
    const field = this.#field(key);
    if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(field, 'must be a number');
    if (options.min !== undefined && value < options.min) throw invalid(field, `must be at least ${options.min}`);
    if (options.max !== undefined && value > options.max) throw invalid(field, `must be at most ${options.max}`);
    return value;
  }

  #readBoolean(key: string, value: unknown): boolean {
    if (typeof value !== 'boolean') throw invalid(this.#field(key), 'must be true or false');
    return value;
  }

  #readPeriodBoundary(key: string, value: unknown, timeZone: string): Date {
    if (typeof value === 'string' && CALENDAR_DATE_PATTERN.test(value)) {
      return calendarDateStart(value, this.#field(key), timeZone);
    }
    if (typeof value !== 'string' || !timestampPattern.test(value)) {
      throw invalid(
        this.#field(key),
        `must be a calendar date such as 2026-01-01 (the start of that day in ${timeZone}) or an ISO 8601 date-time ` +
          'with seconds and an offset or Z, e.g. 2026-03-01T10:00:00Z',
      );
    }
    return this.#readTimestamp(key, value);
  }

  #readTimestamp(key: string, value: unknown): Date {
    const field = this.#field(key);
    const match = typeof value === 'string' ? timestampPattern.exec(value) : null;
    if (typeof value !== 'string' || match === null) {
      throw invalid(field, 'must be an ISO 8601 date-time with seconds and an offset or Z, e.g. 2026-03-01T10:00:00Z');
    }
    const [year, month, day, hour, minute, second, offsetHour = 0, offsetMinute = 0] = match
      .slice(1)
      .map((part) => (part === undefined ? undefined : Number(part)));
    // Date would roll 2026-02-30 over into March instead of refusing it.
    const valid =
      year !== undefined &&
      month !== undefined &&
      day !== undefined &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= daysInMonth(year, month) &&
      hour !== undefined &&
      hour <= 23 &&
      minute !== undefined &&
      minute <= 59 &&
      second !== undefined &&
      second <= 59 &&
      offsetHour <= 23 &&
      offsetMinute <= 59;
    if (!valid) throw invalid(field, 'is not a valid calendar date and time');
    return new Date(value);
  }

  #rejectUnreadKeys(): void {
    const unknown = Object.keys(this.#object).find((key) => !this.#readKeys.has(key));
    if (unknown !== undefined) throw invalid(this.#field(unknown), 'is not a known field');
  }
}

function invalid(field: string, message: string): InvalidInputError {
  return new InvalidInputError(message, { field });
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function codePointLength(value: string): number {
  let length = 0;
  for (const _ of value) length += 1;
  return length;
}
