import { sqlStateOf } from '@vezel/db';
import { isDomainError } from '@vezel/errors';
import { isVersionConflictError } from './version-conflict-error.ts';

/** How often and how patiently a command is re-run when it lost a race. */
export interface RetryPolicy {
  /** Attempts in all, the first included. Default 8. */
  readonly maxAttempts?: number;
  /** Upper bound of the first retry's delay; doubles per retry. Default 5 ms. */
  readonly baseDelayMs?: number;
  /** Cap of a retry's delay. Default 250 ms. */
  readonly maxDelayMs?: number;
}

// 40001 serialization failure, 40P01 deadlock, 23505 unique violation (two commands inserted the same aggregate
// or the same command id): each means "someone else committed first"; re-running against what they wrote decides
// afresh, and usually differently (a replay, a rejection, or success).
const retriableSqlStates = new Set(['40001', '40P01', '23505']);

/** Whether a failed attempt lost a race and should be re-run. Domain errors are final by definition. */
export function isLostRace(error: unknown): boolean {
  if (isDomainError(error)) return false;
  if (isVersionConflictError(error)) return true;
  const state = sqlStateOf(error);
  return state !== undefined && retriableSqlStates.has(state);
}

/** Delay before retry number `retry` (1-based): exponential with full jitter, so racing losers spread out. */
export function retryDelayMs(retry: number, policy: RetryPolicy = {}): number {
  const base = policy.baseDelayMs ?? 5;
  const cap = policy.maxDelayMs ?? 250;
  return Math.random() * Math.min(cap, base * 2 ** (retry - 1));
}

/** Attempts in all under `policy`. */
export function maxAttemptsOf(policy: RetryPolicy = {}): number {
  return Math.max(1, policy.maxAttempts ?? 8);
}
