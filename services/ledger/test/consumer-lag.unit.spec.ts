import { describe, expect, it } from 'vitest';
import { createConsumerLag } from '../src/app/consumer-lag.ts';

describe('consumer lag', () => {
  let now = 1_000_000;
  const lag = createConsumerLag({ now: () => now, busyBeyondEvents: 1_000, busyForMs: 2_000 });
  const batch = (partition: number, lastOffset: bigint, lastEventAt: Date) => ({
    topic: 'vezel.retail.v1',
    partition,
    lastOffset,
    lastEventAt,
  });

  it("sums events behind over a topic's partitions and reports the oldest partition's age", () => {
    expect(lag.record(batch(0, 99n, new Date(now - 30_000)), 2_100n)).toEqual({ events: 2_000, seconds: 30 });
    expect(lag.record(batch(1, 9n, new Date(now - 5_000)), 20n)).toEqual({ events: 2_010, seconds: 30 });
  });

  it('is busy while a partition is more than a batch behind, and not once its batches stop coming', () => {
    expect(lag.isBusy()).toBe(true);
    now += 2_001;
    expect(lag.isBusy()).toBe(false);
  });

  it("counts a caught-up partition as no lag, whatever its last event's age", () => {
    expect(lag.record(batch(0, 2_099n, new Date(now - 60_000)), 2_100n)).toEqual({ events: 10, seconds: 5 });
    expect(lag.isBusy()).toBe(false);
  });
});
