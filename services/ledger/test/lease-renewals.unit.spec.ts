import { afterEach, describe, expect, it, vi } from 'vitest';
import { startLeaseRenewals } from '../src/app/lease-renewals.ts';

describe('lease renewals', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('renews one after another, goes on after a failure, stops when refused, and waits for the last on stop', async () => {
    vi.useFakeTimers();
    const answers: (() => Promise<boolean>)[] = [
      () => Promise.resolve(true),
      () => Promise.reject(new Error('connection lost')),
      () => Promise.resolve(false),
    ];
    let calls = 0;
    const errors: unknown[] = [];
    const renewals = startLeaseRenewals({
      renew: () => answers[calls++]!(),
      everyMs: 100,
      since: performance.now(),
      onError: (error) => errors.push(error),
    });
    const claimedSince = renewals.keptSince;
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toBe(1);
    expect(renewals.keptSince).toBeGreaterThan(claimedSince);
    await vi.advanceTimersByTimeAsync(100);
    expect(renewals.failed).toBe(true);
    expect(errors).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(renewals.refused).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls, 'no renewal after a refusal').toBe(3);
    await renewals.stop();
  });

  it('sends no renewal while the last is still on its way, and none after stop', async () => {
    vi.useFakeTimers();
    let calls = 0;
    let answer: ((held: boolean) => void) | undefined;
    const renewals = startLeaseRenewals({
      renew: () => {
        calls += 1;
        return new Promise<boolean>((resolve) => (answer = resolve));
      },
      everyMs: 100,
      since: performance.now(),
      onError: () => undefined,
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls, 'a slow renewal holds back the next').toBe(1);
    const stopped = renewals.stop();
    answer!(true);
    await stopped;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toBe(1);
  });
});
