import { describe, expect, it } from 'vitest';
import { unstorableTextPath } from '../../src/adapters/protobuf/unstorable-text-path.ts';

describe('unstorableTextPath', () => {
  it('names the first string holding U+0000 by its field path, through objects and arrays', () => {
    const fact = {
      type: 'SortingRunCompleted',
      at: new Date(0),
      outputs: [
        { lotId: 'L-1', fraction: 'cream' },
        { lotId: 'L-2', fraction: 'wip\u0000e', grades: ['a', 'b\u0000'] },
      ],
      location: { address: 'Brink\u00001' },
    };
    expect(unstorableTextPath(fact)).toBe('outputs[1].fraction');
    expect(unstorableTextPath({ ...fact, outputs: [fact.outputs[0]] })).toBe('location.address');
    expect(unstorableTextPath([[], ['x', { y: ['z', '\u0000'] }]])).toBe('[1][1].y[1]');
    expect(unstorableTextPath('\u0000')).toBe('');
  });

  it("looks only at an object's own enumerable fields, as the fact's JSON holds them", () => {
    const inherited = Object.create({ address: 'Brink\u00001' }) as Record<string, unknown>;
    inherited['city'] = 'Deventer';
    expect(unstorableTextPath(inherited)).toBeUndefined();
    const hidden = { city: 'Deventer' };
    Object.defineProperty(hidden, 'address', { value: 'Brink\u00001', enumerable: false });
    expect(unstorableTextPath(hidden)).toBeUndefined();
    expect(unstorableTextPath({ ...hidden, note: '\u0000' })).toBe('note');
  });

  it('finds nothing in storable text, numbers, bigints, dates and empty values', () => {
    expect(
      unstorableTextPath({ a: 'x', b: 1, c: 2n, d: new Date(0), e: null, f: undefined, g: [], h: {}, i: '\\u0000' }),
    ).toBeUndefined();
  });
});
