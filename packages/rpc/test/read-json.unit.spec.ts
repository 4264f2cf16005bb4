import { InvalidInputError } from '@vezel/errors';
import { describe, expect, it } from 'vitest';
import { readJson, type JsonObjectReader } from '../src/index.ts';

/** Runs `read` over `body` and returns the InvalidInputError it throws. */
function rejectionOf(body: unknown, read: (input: JsonObjectReader) => unknown): InvalidInputError {
  try {
    readJson(body, read);
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error('expected readJson to reject the body');
}

describe('readJson', () => {
  describe('the body', () => {
    it('reads a well-formed command', () => {
      const command = readJson(
        { batchId: 'b-1', grams: 12_500, collectedAt: '2026-03-01T10:00:00Z', kind: 'store' },
        (input) => ({
          batchId: input.string('batchId', { maxLength: 128 }),
          grams: input.grams('grams'),
          collectedAt: input.timestamp('collectedAt'),
          kind: input.oneOf('kind', ['store', 'export'] as const),
        }),
      );

      expect(command).toEqual({
        batchId: 'b-1',
        grams: 12_500n,
        collectedAt: new Date('2026-03-01T10:00:00Z'),
        kind: 'store',
      });
    });

    it.each([
      ['undefined (no body)', undefined],
      ['null', null],
      ['an array', [{ batchId: 'b-1' }]],
      ['a string', 'b-1'],
    ])('rejects %s as the body and names the field body', (_name, body) => {
      const error = rejectionOf(body, (input) => input.string('batchId'));

      expect(error.field).toBe('body');
      expect(error.message).toBe('must be a JSON object');
    });

    it('rejects an unknown field and names it, so a misspelt optional field is not silently dropped', () => {
      const error = rejectionOf({ batchId: 'b-1', gram: 5 }, (input) => ({
        batchId: input.string('batchId'),
        grams: input.optionalInteger('grams'),
      }));

      expect(error.field).toBe('gram');
      expect(error.message).toBe('is not a known field');
    });

    it('reports a bad known field before an unknown one', () => {
      const error = rejectionOf({ extra: 1, batchId: 7 }, (input) => input.string('batchId'));

      expect(error.field).toBe('batchId');
    });

    it('rejects __proto__ as an unknown field rather than reading through the prototype', () => {
      const error = rejectionOf(JSON.parse('{"batchId":"b-1","__proto__":{"grams":5}}'), (input) => ({
        batchId: input.string('batchId'),
        grams: input.optionalInteger('grams'),
      }));

      expect(error.field).toBe('__proto__');
    });
  });

  describe('string', () => {
    it('rejects a missing string and says it is required', () => {
      const error = rejectionOf({}, (input) => input.string('batchId'));

      expect(error.field).toBe('batchId');
      expect(error.message).toBe('is required');
    });

    it('treats null as missing', () => {
      expect(rejectionOf({ batchId: null }, (input) => input.string('batchId')).message).toBe('is required');
    });

    it('rejects a number where a string belongs', () => {
      expect(rejectionOf({ batchId: 42 }, (input) => input.string('batchId')).message).toBe('must be a string');
    });

    it('rejects an empty string by default', () => {
      expect(rejectionOf({ batchId: '' }, (input) => input.string('batchId')).message).toBe('must not be empty');
    });

    it('accepts an empty string when minLength is 0', () => {
      expect(readJson({ note: '' }, (input) => input.string('note', { minLength: 0 }))).toBe('');
    });

    it('rejects a string longer than maxLength, counting characters rather than UTF-16 units', () => {
      expect(readJson({ name: '♻️♻️' }, (input) => input.string('name', { maxLength: 4 }))).toBe('♻️♻️');
      expect(rejectionOf({ name: 'x'.repeat(129) }, (input) => input.string('name', { maxLength: 128 })).message).toBe(
        'must be at most 128 characters',
      );
    });

    it('caps strings at 1000 characters unless told otherwise', () => {
      expect(rejectionOf({ note: 'x'.repeat(1001) }, (input) => input.string('note')).message).toBe(
        'must be at most 1000 characters',
      );
    });

    it('rejects a string that does not match the pattern', () => {
      const error = rejectionOf({ batchId: 'B 1' }, (input) => input.string('batchId', { pattern: /^[a-z0-9-]+$/ }));

      expect(error.message).toBe('must match /^[a-z0-9-]+$/');
    });

    it('gives undefined for an absent or null optional string', () => {
      expect(readJson({}, (input) => input.optionalString('note'))).toBeUndefined();
      expect(readJson({ note: null }, (input) => input.optionalString('note'))).toBeUndefined();
    });

    it('still validates an optional string that is present', () => {
      expect(rejectionOf({ note: 5 }, (input) => input.optionalString('note')).field).toBe('note');
    });
  });

  describe('grams', () => {
    it('reads positive whole grams as a bigint', () => {
      expect(readJson({ grams: 12_500 }, (input) => input.grams('grams'))).toBe(12_500n);
    });

    it('reads the largest safe integer exactly', () => {
      expect(readJson({ grams: Number.MAX_SAFE_INTEGER }, (input) => input.grams('grams'))).toBe(
        BigInt(Number.MAX_SAFE_INTEGER),
      );
    });

    it.each([
      ['negative', -5],
      ['zero', 0],
      ['negative zero', -0],
      ['fractional', 12.5],
      ['a numeric string', '12500'],
      ['a boolean', true],
      ['an object', { value: 1 }],
    ])('rejects %s grams and names the field', (_name, grams) => {
      const error = rejectionOf({ grams }, (input) => input.grams('grams'));

      expect(error.field).toBe('grams');
      expect(error.message).toBe('must be a positive integer number of grams');
    });

    it('rejects fractional grams and names the field', () => {
      const error = rejectionOf({ grams: 0.5 }, (input) => input.grams('grams'));

      expect(error).toMatchObject({ field: 'grams', message: 'must be a positive integer number of grams' });
    });

    it('rejects grams beyond MAX_SAFE_INTEGER, which JSON.parse has already rounded', () => {
      const error = rejectionOf(JSON.parse('{"grams": 9007199254740993}'), (input) => input.grams('grams'));

      expect(error.field).toBe('grams');
      expect(error.message).toBe('must be a positive integer number of grams, at most 9007199254740991');
    });

    it('rejects missing grams', () => {
      expect(rejectionOf({}, (input) => input.grams('grams')).message).toBe('is required');
    });

    it('accepts zero grams only when allowZero is set, and still rejects negatives then', () => {
      expect(readJson({ loss: 0 }, (input) => input.grams('loss', { allowZero: true }))).toBe(0n);
      expect(rejectionOf({ loss: -1 }, (input) => input.grams('loss', { allowZero: true })).message).toBe(
        'must be a non-negative integer number of grams',
      );
    });
  });

  describe('strings PostgreSQL cannot store', () => {
    it('rejects a NUL character and names the nested field', () => {
      const error = rejectionOf({ location: { address: 'Brink\u0000 1' } }, (input) =>
        input.object('location', (location) => location.string('address')),
      );
      expect(error).toMatchObject({
        field: 'location.address',
        message: 'must not contain the NUL character (U+0000)',
      });
    });

    it('rejects a lone surrogate, which JSON can spell but no store can hold, naming the field', () => {
      const body: unknown = JSON.parse('{"location": {"address": "Brink \\ud800 1"}}');
      const error = rejectionOf(body, (input) => input.object('location', (location) => location.string('address')));
      expect(error).toMatchObject({
        field: 'location.address',
        message: 'must be well-formed Unicode (it holds a lone surrogate)',
      });
      const paired = JSON.parse('{"address": "Brink \\ud83d\\ude00 1"}') as unknown;
      expect(readJson(paired, (input) => input.string('address'))).toBe('Brink \u{1F600} 1');
    });
  });

  describe('numbers (distances, coordinates)', () => {
    it('reads a fractional distance within its bounds', () => {
      expect(readJson({ transportKm: 12.75 }, (input) => input.number('transportKm', { min: 0 }))).toBe(12.75);
    });

    it.each([
      ['12', 'must be a number'],
      [-0.5, 'must be at least 0'],
      [true, 'must be a number'],
    ])('rejects %j with "%s"', (transportKm, message) => {
      const error = rejectionOf({ transportKm }, (input) => input.number('transportKm', { min: 0 }));

      expect(error).toMatchObject({ field: 'transportKm', message });
    });

    it('gives undefined for an absent optional number and names a nested field', () => {
      expect(readJson({}, (input) => input.optionalNumber('transportKm'))).toBeUndefined();
      const error = rejectionOf({ location: { lat: 'north' } }, (input) =>
        input.object('location', (location) => location.number('lat', { min: -90, max: 90 })),
      );
      expect(error.field).toBe('location.lat');
    });
  });

  describe('integers', () => {
    it('reads an integer within its bounds', () => {
      expect(readJson({ count: 3 }, (input) => input.integer('count', { min: 1, max: 10 }))).toBe(3);
    });

    it.each([
      [2.5, 'must be an integer'],
      ['3', 'must be an integer'],
      [0, 'must be at least 1'],
      [11, 'must be at most 10'],
    ])('rejects %j with "%s"', (count, message) => {
      const error = rejectionOf({ count }, (input) => input.integer('count', { min: 1, max: 10 }));

      expect(error).toMatchObject({ field: 'count', message });
    });

    it('gives undefined for an absent optional integer and validates a present one', () => {
      expect(readJson({}, (input) => input.optionalInteger('limit'))).toBeUndefined();
      expect(readJson({ limit: null }, (input) => input.optionalInteger('limit'))).toBeUndefined();
      expect(readJson({ limit: 50 }, (input) => input.optionalInteger('limit', { max: 100 }))).toBe(50);
      expect(rejectionOf({ limit: 500 }, (input) => input.optionalInteger('limit', { max: 100 })).message).toBe(
        'must be at most 100',
      );
    });
  });

  describe('booleans', () => {
    it('reads true and false and rejects look-alikes', () => {
      expect(readJson({ sealed: false }, (input) => input.boolean('sealed'))).toBe(false);
      expect(rejectionOf({ sealed: 'true' }, (input) => input.boolean('sealed')).message).toBe('must be true or false');
      expect(readJson({}, (input) => input.optionalBoolean('sealed'))).toBeUndefined();
    });
  });

  describe('timestamp', () => {
    it.each([
      ['2026-03-01T10:00:00Z', '2026-03-01T10:00:00.000Z'],
      ['2026-03-01T10:00:00+01:00', '2026-03-01T09:00:00.000Z'],
      ['2026-03-01T10:00:00.250-05:30', '2026-03-01T15:30:00.250Z'],
      ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59.000Z'],
    ])('reads %s as the instant %s', (value, instant) => {
      expect(readJson({ collectedAt: value }, (input) => input.timestamp('collectedAt')).toISOString()).toBe(instant);
    });

    it.each([
      ['a local time without offset', '2026-01-01T10:00:00'],
      ['a date only', '2026-01-01'],
      ['no seconds', '2026-01-01T10:00Z'],
      ['a space separator', '2026-01-01 10:00:00Z'],
      ['epoch milliseconds', 1767261600000],
      ['a different format', '01/03/2026 10:00 +01:00'],
    ])('rejects %s and names the field', (_name, value) => {
      const error = rejectionOf({ collectedAt: value }, (input) => input.timestamp('collectedAt'));

      expect(error.field).toBe('collectedAt');
      expect(error.message).toMatch(/^must be an ISO 8601 date-time with seconds and an offset or Z/);
    });

    it.each([
      ['30 February', '2026-02-30T10:00:00Z'],
      ['29 February in a common year', '2026-02-29T10:00:00Z'],
      ['month 13', '2026-13-01T10:00:00Z'],
      ['hour 24', '2026-01-01T24:00:00Z'],
      ['an offset of 25 hours', '2026-01-01T10:00:00+25:00'],
    ])('rejects %s as an invalid date', (_name, value) => {
      const error = rejectionOf({ collectedAt: value }, (input) => input.timestamp('collectedAt'));

      expect(error).toMatchObject({ field: 'collectedAt', message: 'is not a valid calendar date and time' });
    });

    it('gives undefined for an absent optional timestamp', () => {
      expect(readJson({}, (input) => input.optionalTimestamp('soldAt'))).toBeUndefined();
    });
  });

  describe('oneOf', () => {
    it('reads one of the allowed values, typed as their union', () => {
      const kind: 'store' | 'export' = readJson({ kind: 'export' }, (input) =>
        input.oneOf('kind', ['store', 'export']),
      );

      expect(kind).toBe('export');
    });

    it('rejects any other value and lists the allowed ones', () => {
      const error = rejectionOf({ kind: 'landfill' }, (input) => input.oneOf('kind', ['store', 'export']));

      expect(error).toMatchObject({ field: 'kind', message: 'must be one of "store", "export"' });
    });
  });

  describe('nested objects', () => {
    it('reads a nested object and names nested fields by path', () => {
      const error = rejectionOf({ destination: { kind: 'store' } }, (input) =>
        input.object('destination', (destination) => ({
          kind: destination.oneOf('kind', ['store']),
          storeId: destination.string('storeId'),
        })),
      );

      expect(error).toMatchObject({ field: 'destination.storeId', message: 'is required' });
    });

    it('rejects an unknown field inside a nested object with its full path', () => {
      const error = rejectionOf({ destination: { kind: 'store', shop: 's-1' } }, (input) =>
        input.object('destination', (destination) => destination.oneOf('kind', ['store'])),
      );

      expect(error.field).toBe('destination.shop');
    });

    it('rejects a nested value that is not an object', () => {
      const error = rejectionOf({ destination: 'store' }, (input) => input.object('destination', () => undefined));

      expect(error).toMatchObject({ field: 'destination', message: 'must be a JSON object' });
    });

    it('gives undefined for an absent optional object', () => {
      expect(readJson({}, (input) => input.optionalObject('destination', () => 'read'))).toBeUndefined();
    });
  });

  describe('arrays', () => {
    const readInputs = (input: JsonObjectReader) =>
      input.array('inputs', (item) => ({ lotId: item.string('lotId'), grams: item.grams('grams') }), { minItems: 1 });

    it('gives undefined for an absent or null optional array, and reads a present one with its item paths', () => {
      const readStores = (input: JsonObjectReader) => input.optionalArray('stores', (item) => item.string('storeId'));
      expect(readJson({}, readStores)).toBeUndefined();
      expect(readJson({ stores: null }, readStores)).toBeUndefined();
      expect(readJson({ stores: [{ storeId: 'ST-1' }] }, readStores)).toEqual(['ST-1']);
      expect(rejectionOf({ stores: [{}] }, readStores)).toMatchObject({ field: 'stores[0].storeId' });
      expect(rejectionOf({ stores: 'ST-1' }, readStores)).toMatchObject({
        field: 'stores',
        message: 'must be an array',
      });
    });

    it('reads every item', () => {
      expect(
        readJson(
          {
            inputs: [
              { lotId: 'a', grams: 1 },
              { lotId: 'b', grams: 2 },
            ],
          },
          readInputs,
        ),
      ).toEqual([
        { lotId: 'a', grams: 1n },
        { lotId: 'b', grams: 2n },
      ]);
    });

    it('names the bad field of an item with its index, like inputs[1].grams', () => {
      const error = rejectionOf(
        {
          inputs: [
            { lotId: 'a', grams: 1 },
            { lotId: 'b', grams: 2.5 },
          ],
        },
        readInputs,
      );

      expect(error).toMatchObject({ field: 'inputs[1].grams', message: 'must be a positive integer number of grams' });
    });

    it('passes each item its path', () => {
      const paths = readJson({ inputs: [{}, {}] }, (input) => input.array('inputs', (_item, path) => path));

      expect(paths).toEqual(['inputs[0]', 'inputs[1]']);
    });

    it('names nested arrays inside nested objects by their full path', () => {
      const error = rejectionOf({ run: { outputs: [{ grade: 'A', grams: 1, extra: true }] } }, (input) =>
        input.object('run', (run) =>
          run.array('outputs', (output) => ({ grade: output.string('grade'), grams: output.grams('grams') })),
        ),
      );

      expect(error.field).toBe('run.outputs[0].extra');
    });

    it('rejects an item that is not an object, naming the item', () => {
      const error = rejectionOf({ inputs: [{ lotId: 'a', grams: 1 }, 'b'] }, readInputs);

      expect(error).toMatchObject({ field: 'inputs[1]', message: 'must be a JSON object' });
    });

    it('rejects a non-array and too few or too many items', () => {
      expect(rejectionOf({ inputs: {} }, readInputs).message).toBe('must be an array');
      expect(rejectionOf({ inputs: [] }, readInputs)).toMatchObject({
        field: 'inputs',
        message: 'must have at least 1 item',
      });
      const tooMany = rejectionOf({ inputs: [{}, {}, {}] }, (input) => input.array('inputs', () => 1, { maxItems: 2 }));
      expect(tooMany.message).toBe('must have at most 2 items');
    });
  });
});
