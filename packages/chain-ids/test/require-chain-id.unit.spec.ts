import { InvalidInputError } from '@vezel/errors';
import { describe, expect, it } from 'vitest';
import { MAX_ID_LENGTH, requireChainId } from '../src/index.ts';

describe('chain ids', () => {
  it('accepts an id of up to 128 characters, counted in code points', () => {
    expect(requireChainId('B-2026-000123', 'batchId')).toBe('B-2026-000123');
    expect(requireChainId('🧵'.repeat(MAX_ID_LENGTH), 'lotId')).toHaveLength(2 * MAX_ID_LENGTH);
  });

  it.each([
    ['', 'must not be empty'],
    ['L'.repeat(129), 'must be at most 128 characters, got 129'],
    [' L-1', 'leading or trailing spaces'],
    ['L-\u0000-1', 'control characters'],
    ['L-\t1', 'control characters'],
  ])('rejects %j and names the field', (id, message) => {
    expect(() => requireChainId(id, 'outputs[1].lotId')).toThrow(
      expect.objectContaining({ field: 'outputs[1].lotId', message: expect.stringContaining(message) as unknown }),
    );
    expect(() => requireChainId(id, 'x')).toThrow(InvalidInputError);
  });

  it('rejects a lone surrogate, which PostgreSQL cannot store, and keeps a paired one', () => {
    expect(() => requireChainId('L-\ud800', 'lotId')).toThrow(/well-formed Unicode/);
    expect(requireChainId('L-\u{1F455}', 'lotId')).toBe('L-\u{1F455}');
  });
});
