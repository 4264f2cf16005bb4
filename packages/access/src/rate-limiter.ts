import { RateLimitedError } from '@vezel/errors';

/** Requests a credential may make: `perSecond` sustained, up to `burst` at once. */
export interface RateLimit {
  readonly perSecond: number;
  readonly burst: number;
}

/**
 * A token bucket per credential, in this process: each request takes a token, tokens come back at `perSecond`, and
 * a credential with none left is refused with the seconds until its next token (429 `Retry-After`, gRPC
 * RESOURCE_EXHAUSTED). Per process, so N replicas allow N times the rate: the bound is against a runaway client,
 * not an accounting of quotas. Idle buckets are dropped, so the map holds only the credentials in use.
 */
export function createRateLimiter(limit: RateLimit, now: () => number = performance.now.bind(performance)) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  let lastSweep = now();
  return (credential: string): void => {
    const at = now();
    if (at - lastSweep > 60_000) {
      for (const [key, bucket] of buckets) if (at - bucket.at > 60_000) buckets.delete(key);
      lastSweep = at;
    }
    const bucket = buckets.get(credential) ?? { tokens: limit.burst, at };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((at - bucket.at) / 1000) * limit.perSecond);
    bucket.at = at;
    buckets.set(credential, bucket);
    if (bucket.tokens < 1) {
      const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond));
      throw new RateLimitedError(`this credential is over its limit of ${limit.perSecond} requests a second`, {
        details: { retryAfterSeconds },
      });
    }
    bucket.tokens -= 1;
  };
}
