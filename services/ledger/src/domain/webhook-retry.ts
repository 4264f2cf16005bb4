/**
 * When a webhook delivery is tried again. Standard Webhooks' suggested schedule: at once, then after 5 seconds,
 * 5 minutes, 30 minutes, 2 hours, 5 hours, 10 hours and 10 hours: eight tries over about 28 hours, so a receiver
 * down for most of a day still gets everything. Entry `i` is the wait before try `i + 1`.
 */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [
  0,
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
];

/** The longest a receiver's `Retry-After` may hold its endpoint back. */
const MAX_RETRY_AFTER_MS = 3_600_000;

/** What one try of a delivery got back. */
export type DeliveryAnswer =
  | { readonly kind: 'answered'; readonly status: number; readonly retryAfterMs?: number }
  /** No HTTP answer: refused connection, timeout, an address the target rules forbid. */
  | { readonly kind: 'failed'; readonly error: string };

/** What becomes of a delivery after a try. */
export type DeliveryVerdict =
  | { readonly kind: 'delivered' }
  /** 410 Gone: the receiver says the endpoint is no more; it is disabled, the delivery waits for re-enabling. */
  | { readonly kind: 'gone' }
  /** Try again at `at`; `pauseEndpoint`: the receiver is down or overloaded, hold every delivery to it till then. */
  | { readonly kind: 'retry'; readonly at: Date; readonly pauseEndpoint: boolean }
  /** The last try failed: a dead letter, until the partner replays it. */
  | { readonly kind: 'dead' };

/**
 * The verdict on a try, the `triesBefore + 1`-th of a delivery. Waits get +-20 % jitter (`random` in [0, 1)), so
 * the deliveries that failed together while a receiver was down do not all come back at the same instant. A 429's
 * `Retry-After` is honoured when longer than the schedule (up to an hour).
 */
export function deliveryVerdictOf(
  answer: DeliveryAnswer,
  triesBefore: number,
  now: Date,
  options: { readonly schedule?: readonly number[]; readonly random: () => number },
): DeliveryVerdict {
  if (answer.kind === 'answered' && answer.status >= 200 && answer.status < 300) return { kind: 'delivered' };
  if (answer.kind === 'answered' && answer.status === 410) return { kind: 'gone' };
  const schedule = options.schedule ?? DEFAULT_RETRY_SCHEDULE_MS;
  const tries = triesBefore + 1;
  if (tries >= schedule.length) return { kind: 'dead' };
  let waitMs = Math.round((schedule[tries] ?? 0) * (0.8 + 0.4 * options.random()));
  if (answer.kind === 'answered' && answer.retryAfterMs !== undefined) {
    waitMs = Math.max(waitMs, Math.min(answer.retryAfterMs, MAX_RETRY_AFTER_MS));
  }
  // Another 4xx is about this message (the receiver rejects it): the endpoint's other messages go on.
  const pauseEndpoint = answer.kind === 'failed' || answer.status === 429 || answer.status >= 500;
  return { kind: 'retry', at: new Date(now.getTime() + waitMs), pauseEndpoint };
}

/** A `Retry-After` header (seconds, or an HTTP date) as milliseconds from `now`; undefined when absent or unreadable. */
export function retryAfterMsOf(header: string | undefined, now: Date): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/**
 * How long a failing endpoint rests after its `failures`-th failure in a row (429, 5xx, no answer): the retry
 * schedule's wait for that many tries, jittered, so an endpoint down for long is tried less and less often, one
 * message at a time. Undefined once the schedule is used up: a day without an answer disables the endpoint.
 */
export function endpointRestMsOf(
  failures: number,
  options: { readonly schedule?: readonly number[]; readonly random: () => number },
): number | undefined {
  const schedule = options.schedule ?? DEFAULT_RETRY_SCHEDULE_MS;
  if (failures >= schedule.length) return undefined;
  return Math.round((schedule[failures] ?? 0) * (0.8 + 0.4 * options.random()));
}
