import { describe, expect, it } from 'vitest';
import { bigintJsonReplacer } from '../src/index.ts';

describe('bigintJsonReplacer', () => {
  it('writes bigints as JSON numbers', () => {
    expect(JSON.stringify({ grams: 12_500n, nested: [1n, { loss: 0n }] }, bigintJsonReplacer)).toBe(
      '{"grams":12500,"nested":[1,{"loss":0}]}',
    );
  });

  it('writes the largest and smallest safe integers exactly', () => {
    const max = BigInt(Number.MAX_SAFE_INTEGER);

    expect(JSON.stringify([max, -max], bigintJsonReplacer)).toBe('[9007199254740991,-9007199254740991]');
  });

  it('fails loudly, naming the key, rather than round a bigint beyond 2^53', () => {
    expect(() => JSON.stringify({ grams: 2n ** 53n }, bigintJsonReplacer)).toThrow(
      /cannot write bigint 9007199254740992 at key "grams"/,
    );
  });

  it('leaves other values alone', () => {
    expect(JSON.stringify({ a: 'x', b: 1.5, c: null, d: new Date(0) }, bigintJsonReplacer)).toBe(
      '{"a":"x","b":1.5,"c":null,"d":"1970-01-01T00:00:00.000Z"}',
    );
  });
});
