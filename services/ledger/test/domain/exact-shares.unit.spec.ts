import fc from 'fast-check';
import { toGrams } from '@vezel/grams';
import { describe, expect, it } from 'vitest';
import { mixShares, splitGramsByShares, wholeShareOf, type ExactShares } from '../../src/domain/exact-shares.ts';

describe('exact shares', () => {
  it('mixes by weight without rounding: 2 parts of {a} and 1 part of {a: 1/2, b: 1/2} is a: 5/6, b: 1/6', () => {
    const half = mixShares([
      { weight: 1n, shares: wholeShareOf('a') },
      { weight: 1n, shares: wholeShareOf('b') },
    ]);
    const mixed = mixShares([
      { weight: 2n, shares: wholeShareOf('a') },
      { weight: 1n, shares: half },
    ]);
    expect(mixed).toEqual({
      parts: new Map([
        ['a', 5n],
        ['b', 1n],
      ]),
      whole: 6n,
    });
  });

  it('splits grams by largest remainder with ties to the earlier key', () => {
    const thirds: ExactShares = {
      parts: new Map([
        ['x', 1n],
        ['y', 1n],
        ['z', 1n],
      ]),
      whole: 3n,
    };
    expect([...splitGramsByShares(toGrams(100), thirds, ['z', 'y', 'x'])]).toEqual([
      ['z', 34n],
      ['y', 33n],
      ['x', 33n],
    ]);
  });

  it('keeps every mix exact: the parts always add up to the whole, and any split to its total', () => {
    const leaf = fc.constantFrom('a', 'b', 'c', 'd').map(wholeShareOf);
    const shares: fc.Arbitrary<ExactShares> = fc
      .array(fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 9n }), leaf), { minLength: 1, maxLength: 5 })
      .chain((first) =>
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 9n }), { minLength: 1, maxLength: 3 }).map((weights) => {
          const inner = mixShares(first.map(([weight, shares]) => ({ weight, shares })));
          return mixShares([
            ...weights.map((weight, index) => ({ weight, shares: index === 0 ? inner : wholeShareOf('e') })),
          ]);
        }),
      );
    fc.assert(
      fc.property(shares, fc.bigInt({ min: 0n, max: 10n ** 12n }), (mixed, total) => {
        expect([...mixed.parts.values()].reduce((sum, part) => sum + part, 0n)).toBe(mixed.whole);
        const split = splitGramsByShares(toGrams(total), mixed, [...mixed.parts.keys()].sort());
        expect([...split.values()].reduce((sum, grams) => sum + grams, 0n)).toBe(total);
      }),
    );
  });
});
