import { describe, expect, it } from 'vitest';
import { assertNever, isDomainError } from '../src/index.ts';

describe('the exhaustive-switch guard', () => {
  it('fails a value the types ruled out as a bug, not as bad input, showing the value (bigints too)', () => {
    const handBuilt = { type: 'TeleportLot', grams: 5n } as unknown as never;
    let thrown: unknown;
    try {
      assertNever(handBuilt, 'retail command');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(isDomainError(thrown)).toBe(false);
    expect((thrown as Error).message).toBe('unexpected retail command: {"type":"TeleportLot","grams":"5"}');
  });
});
