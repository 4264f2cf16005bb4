import { ConflictError, UnavailableError } from '@vezel/errors';
import { describe, expect, it } from 'vitest';
import { isLostRace, maxAttemptsOf, retryDelayMs } from '../src/retry-policy.ts';
import { VersionConflictError } from '../src/version-conflict-error.ts';

function sqlError(code: string): Error {
  return Object.assign(new Error(`sqlstate ${code}`), { code, severity: 'ERROR' });
}

describe('retrying lost races', () => {
  it('retries a version conflict, a serialization failure, a deadlock and a unique violation', () => {
    expect(isLostRace(new VersionConflictError('B-1', 3))).toBe(true);
    for (const code of ['40001', '40P01', '23505']) expect(isLostRace(sqlError(code))).toBe(true);
  });

  it('never retries domain errors or other database errors', () => {
    expect(isLostRace(new ConflictError('taken'))).toBe(false);
    expect(isLostRace(new UnavailableError('down', { cause: sqlError('40001') }))).toBe(false);
    expect(isLostRace(sqlError('23503'))).toBe(false);
    expect(isLostRace(new Error('bug'))).toBe(false);
  });

  it('spreads delays with jitter under a growing cap', () => {
    for (let retry = 1; retry <= 10; retry++) {
      const delay = retryDelayMs(retry, { baseDelayMs: 5, maxDelayMs: 100 });
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(Math.min(100, 5 * 2 ** (retry - 1)));
    }
    expect(maxAttemptsOf({ maxAttempts: 0 })).toBe(1);
    expect(maxAttemptsOf()).toBe(8);
  });
});
