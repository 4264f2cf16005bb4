import { describe, expect, it } from 'vitest';
import { lagByTopic } from '../src/app/consumer-lag.ts';
import type { PartitionLag } from '../src/app/ledger-queries.ts';

describe('lag by topic', () => {
  const partition = (topic: string, eventsBehind: number, secondsBehind?: number): PartitionLag => ({
    topic,
    partition: 0,
    endOffset: 100n,
    eventsBehind,
    ...(secondsBehind === undefined ? {} : { secondsBehind }),
  });

  it("sums events over a topic's partitions and takes the oldest partition's seconds", () => {
    const lag = lagByTopic({
      partitions: [partition('retail', 40, 12), partition('retail', 5, 30), partition('sorting', 0, 0)],
    });

    expect(lag).toEqual([
      { topic: 'retail', events: 45, seconds: 30 },
      { topic: 'sorting', events: 0, seconds: 0 },
    ]);
  });

  it('leaves out of the seconds a partition behind whose age is unknown, and the seconds when none is known', () => {
    const lag = lagByTopic({
      partitions: [
        partition('retail', 40),
        partition('retail', 5, 8),
        partition('sorting', 7),
        partition('sorting', 0, 0),
      ],
    });

    expect(lag).toEqual([
      { topic: 'retail', events: 45, seconds: 8 },
      { topic: 'sorting', events: 7 },
    ]);
  });
});
