import { InvalidInputError } from '@vezel/errors';
import { describe, expect, it } from 'vitest';
import { takeDecimalFields } from '../src/take-decimal-fields.ts';

describe('taking decimal fields out of a JSON body', () => {
  it('takes top-level and nested numbers and leaves the rest', () => {
    const taken = takeDecimalFields(
      { transportKm: 12.5, location: { latitude: 52.25, address: 'Brink 1' }, grams: 5 },
      { transportKm: { min: 0 }, 'location.latitude': { min: -90, max: 90 } },
    );
    expect(taken.rest).toEqual({ location: { address: 'Brink 1' }, grams: 5 });
    expect(taken.values.get('transportKm')).toBe(12.5);
    expect(taken.values.get('location.latitude')).toBe(52.25);
  });

  it('treats absent and null as not given', () => {
    const taken = takeDecimalFields({ transportKm: null }, { transportKm: {}, 'location.latitude': {} });
    expect(taken.values.get('transportKm')).toBeUndefined();
    expect(taken.values.get('location.latitude')).toBeUndefined();
    expect(taken.rest).toEqual({});
  });

  it.each([
    ['a string', '12.5', /must be a number/],
    ['below the minimum', -1, /at least 0/],
  ])('rejects %s, naming the field', (_name, value, message) => {
    let thrown: unknown;
    try {
      takeDecimalFields({ transportKm: value }, { transportKm: { min: 0 } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidInputError);
    expect((thrown as InvalidInputError).field).toBe('transportKm');
    expect((thrown as Error).message).toMatch(message);
  });

  it('leaves a body that is not an object to the JSON reader', () => {
    expect(takeDecimalFields([1], { transportKm: {} }).rest).toEqual([1]);
    expect(takeDecimalFields({ location: 'x' }, { 'location.latitude': {} }).rest).toEqual({ location: 'x' });
  });
});
