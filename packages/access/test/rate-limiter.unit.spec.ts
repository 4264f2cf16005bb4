import { RateLimitedError } from '@vezel/errors';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../src/index.ts';

describe('the rate limit per credential', () => {
  it('allows a burst, then the sustained rate, and says when to come back', () => {
    let now = 0;
    const limit = createRateLimiter({ perSecond: 2, burst: 3 }, () => now);
    for (let request = 0; request < 3; request += 1) limit('key:a');
    let refused: unknown;
    try {
      limit('key:a');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect(refused).toMatchObject({ details: { retryAfterSeconds: 1 } });
    // Another credential has its own bucket.
    expect(() => limit('key:b')).not.toThrow();
    now += 500;
    expect(() => limit('key:a')).not.toThrow();
    expect(() => limit('key:a')).toThrow(RateLimitedError);
    now += 10_000;
    for (let request = 0; request < 3; request += 1) limit('key:a');
    expect(() => limit('key:a')).toThrow(RateLimitedError);
  });
});
