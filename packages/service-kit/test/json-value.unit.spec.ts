import { describe, expect, it } from 'vitest';
import { fromJsonValue, toJsonValue } from '../src/json-value.ts';
import { hashCommandBody } from '../src/command-body-hash.ts';

describe('stored results', () => {
  it('round-trip grams, times and nested data through JSON', () => {
    const result = {
      batchId: 'B-1',
      grams: 9_007_199_254_740_993n,
      collectedAt: new Date('2026-03-01T10:00:00.123Z'),
      shipments: [{ grams: 1n, transportKm: 12.5, note: null }],
    };
    const stored = JSON.parse(JSON.stringify(toJsonValue(result))) as Parameters<typeof fromJsonValue>[0];
    expect(fromJsonValue(stored)).toEqual(result);
  });

  it('leave out undefined members, as JSON does', () => {
    expect(fromJsonValue(toJsonValue({ a: 1, b: undefined }))).toEqual({ a: 1 });
  });

  it('refuse values that would not come back the same', () => {
    expect(() => toJsonValue({ grams: Number.NaN })).toThrow(/value.grams/);
    expect(() => toJsonValue({ when: new Map() })).toThrow(/Map has no JSON form/);
    expect(() => toJsonValue({ run: () => 1 })).toThrow(/function/);
  });
});

describe('command body hash', () => {
  it('ignores key order and absent optional fields', () => {
    expect(hashCommandBody({ a: 1n, b: 'x', c: undefined })).toBe(hashCommandBody({ b: 'x', a: 1n }));
  });

  it('tells apart bodies that differ in a value or in a type', () => {
    expect(hashCommandBody({ grams: 1n })).not.toBe(hashCommandBody({ grams: 2n }));
    expect(hashCommandBody({ grams: 1n })).not.toBe(hashCommandBody({ grams: 1 }));
    expect(hashCommandBody({ at: new Date(0) })).not.toBe(hashCommandBody({ at: new Date(1) }));
  });
});
