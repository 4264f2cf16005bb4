import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '@vezel/errors';
import {
  MAX_GRAMS,
  addGrams,
  formatKilograms,
  splitByLargestRemainder,
  sumGrams,
  toGrams,
  type Grams,
} from '../src/index.ts';

describe('grams', () => {
  it('rejects negative and fractional grams, naming the field', () => {
    expect(() => toGrams(-1, 'outputs[0].grams')).toThrow(InvalidInputError);
    expect(() => toGrams(1.5)).toThrow(/whole number/);
    try {
      toGrams(-5n, 'lossGrams');
    } catch (error) {
      expect((error as InvalidInputError).field).toBe('lossGrams');
    }
  });

  it('refuses a sum no int8 column could store, naming the field', () => {
    expect(() => addGrams(MAX_GRAMS, toGrams(1), 'grams')).toThrow(InvalidInputError);
    expect(addGrams(toGrams(MAX_GRAMS - 1n), toGrams(1))).toBe(MAX_GRAMS);
  });

  it('formats kilograms exactly, without floating point', () => {
    expect(formatKilograms(toGrams(1_250_000))).toBe('1,250.000 kg');
    expect(formatKilograms(toGrams(9_007_199_254_740_993n))).toBe('9,007,199,254,740.993 kg');
    expect(formatKilograms(toGrams(7))).toBe('0.007 kg');
  });
});

describe('largest-remainder split', () => {
  it('splits 10 g over three equal shares as 4, 3, 3 (ties to the earlier part)', () => {
    expect(splitByLargestRemainder(10n as Grams, [1n, 1n, 1n])).toEqual([4n, 3n, 3n]);
  });

  it('gives the left-over gram to the largest remainder', () => {
    // exact shares 1.5, 2.25, 6.25 -> floors 1, 2, 6 (9); the left-over gram goes to remainder .5
    expect(splitByLargestRemainder(10n as Grams, [6n, 9n, 25n])).toEqual([2n, 2n, 6n]);
  });

  it('always adds up to the whole and never moves a part by a gram or more from its exact share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc
          .array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 30 })
          .filter((weights) => weights.some((w) => w > 0n)),
        (total, weights) => {
          const parts = splitByLargestRemainder(total as Grams, weights);
          const weightSum = weights.reduce((a, b) => a + b, 0n);
          expect(sumGrams(parts)).toBe(total);
          parts.forEach((part, index) => {
            const exactTimesSum = total * weights[index]!;
            expect(part * weightSum <= exactTimesSum + weightSum).toBe(true);
            expect(part * weightSum >= exactTimesSum - weightSum).toBe(true);
          });
        },
      ),
    );
  });

  it('refuses to split grams over nothing', () => {
    expect(() => splitByLargestRemainder(5n as Grams, [0n, 0n])).toThrow(RangeError);
    expect(splitByLargestRemainder(0n as Grams, [0n, 0n])).toEqual([0n, 0n]);
  });
});
