import { describe, expect, it, vi } from 'vitest';
import { startFigureRefresher } from '../src/app/figure-refresher.ts';
import { FigureWorkOutOfMemoryError } from '../src/app/figure-work-errors.ts';
import { createFigurePacer, QUERY_TIME_STEP } from '../src/app/query-time-pacing.ts';
import type { FigureRefreshOptions, FigureRefreshResult, LedgerStorage } from '../src/app/ledger-storage.ts';

/*
 * When the refresher lets a refresh only look marks up and when it makes one recompute: a storage that always has
 * more marks to look up than one refresh takes (marks arriving faster than they are looked up) records what it was
 * asked, and when on a clock the test moves. The refresh itself (PostgreSQL) is tested in fact-store.int.spec.ts.
 */
function busyStorage(clock: () => number): {
  readonly storage: LedgerStorage;
  readonly asked: { readonly options: FigureRefreshOptions; readonly at: number }[];
  /** Resolves once the storage has been asked `count` times. */
  readonly asks: (count: number) => Promise<void>;
} {
  const asked: { options: FigureRefreshOptions; at: number }[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  const unused = (): never => {
    throw new Error('not used by the refresher');
  };
  const storage: LedgerStorage = {
    applyBatch: unused,
    tablesId: unused,
    storedPosition: unused,
    countDirtyNodes: unused,
    countFigureBacklog: unused,
    analyzeGrownTables: unused,
    analyzeIfGrown: async () => undefined,
    refreshFigures: async (options = {}): Promise<FigureRefreshResult> => {
      asked.push({ options, at: clock() });
      for (const wait of waiting) if (asked.length >= wait.count) wait.resolve();
      return { nodes: 0, batches: options.recomputeNow === true ? 5 : 0, lookedUp: 10, feedSettled: 0, busy: false };
    },
  };
  const asks = (count: number): Promise<void> =>
    new Promise((resolve) => {
      if (asked.length >= count) resolve();
      else waiting.push({ count, resolve });
    });
  return { storage, asked, asks };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('the figure refresher', () => {
  it('lets refreshes look marks up ahead, and makes every fourth one recompute while marks keep coming', async () => {
    const { storage, asked, asks } = busyStorage(() => 0);
    let told = 0;
    const refresher = startFigureRefresher({
      storage,
      maxLookupsAhead: 3,
      pollMs: 60_000,
      concurrency: 1,
      onRefreshed: () => (told += 1),
    });
    await asks(12);
    await refresher.stop();
    // Only the refreshes that recomputed wake the feed.
    expect(told).toBe(asked.filter(({ options }) => options.recomputeNow === true).length);
    expect(asked.slice(0, 12).map(({ options }) => options.recomputeNow === true)).toEqual([
      ...[false, false, false, true],
      ...[false, false, false, true],
      ...[false, false, false, true],
    ]);
  });

  it('keeps counting lookups in a row across refreshes that found another looking up (busy)', async () => {
    const answers: FigureRefreshResult[] = [];
    const asked: FigureRefreshOptions[] = [];
    const enough = Promise.withResolvers<void>();
    const storage: LedgerStorage = {
      ...busyStorage(() => 0).storage,
      refreshFigures: async (options = {}): Promise<FigureRefreshResult> => {
        asked.push(options);
        if (asked.length === 8) enough.resolve();
        // Turns with another refresher at the lookups: one lookup here, then busy, and so on.
        const busy = asked.length % 2 === 0;
        const answer = {
          nodes: 0,
          batches: !busy && options.recomputeNow === true ? 5 : 0,
          lookedUp: busy ? 0 : 10,
          feedSettled: 0,
          busy,
        };
        answers.push(answer);
        return answer;
      },
    };
    const refresher = startFigureRefresher({ storage, maxLookupsAhead: 3, concurrency: 1, pollMs: 60_000 });
    await enough.promise;
    await refresher.stop();
    // Asks 1, 3 and 5 only looked up, busy answers between them: ask 6 is told to recompute, finds another looking up,
    // and so ask 7 is told again and recomputes; ask 8 starts counting anew.
    expect(asked.slice(0, 8).map((options) => options.recomputeNow === true)).toEqual([
      ...[false, false, false, false],
      ...[false, true, true, false],
    ]);
  });

  it('takes one step at a time while the consumer is busy, a lookup as much as a recomputation, and defers after each', async () => {
    let time = 0;
    const { storage, asked, asks } = busyStorage(() => time);
    const refresher = startFigureRefresher({
      storage,
      maxLookupsAhead: 3,
      maxDeferMs: 10,
      isConsumerBusy: () => true,
      now: () => time,
    });
    // Each step once the deferral is over, and none while the clock stands: three lookups, then the recomputation
    // the lookups in a row call for, then lookups again.
    for (let step = 1; step <= 5; step += 1) {
      time = step * 10;
      await asks(step);
      await nextTurn();
      expect(asked).toHaveLength(step);
    }
    await refresher.stop();
    expect(asked.slice(0, 5).map(({ options, at }) => [options.recomputeNow === true, at])).toEqual([
      [false, 10],
      [false, 20],
      [false, 30],
      [true, 40],
      [false, 50],
    ]);
  });

  it('takes smaller refreshes after one that ran out of memory, instead of the same one again forever', async () => {
    // A chunk whose graphs fit only in a quarter of a full refresh: larger ones die of an exhausted heap.
    const asked: (number | undefined)[] = [];
    const errors: unknown[] = [];
    const enough = Promise.withResolvers<void>();
    const storage: LedgerStorage = {
      ...busyStorage(() => 0).storage,
      refreshFigures: async (options = {}): Promise<FigureRefreshResult> => {
        asked.push(options.sizeFactor);
        if (asked.length === 6) enough.resolve();
        if ((options.sizeFactor ?? 1) > 0.25) throw new FigureWorkOutOfMemoryError(new Error('heap limit'));
        return { nodes: 1, batches: 1, lookedUp: 0, feedSettled: 0, busy: false };
      },
    };
    const refresher = startFigureRefresher({
      storage,
      concurrency: 1,
      pollMs: 0,
      onError: (error) => errors.push(error),
    });
    await enough.promise;
    await refresher.stop();
    expect(asked.slice(0, 6)).toEqual([undefined, 0.5, 0.25, 0.25, 0.25, 0.25]);
    expect(errors).toHaveLength(2);
    expect(errors.every((error) => error instanceof FigureWorkOutOfMemoryError)).toBe(true);
  });

  it('runs two refreshes side by side, and one alone while the consumer is busy', async () => {
    vi.useFakeTimers();
    try {
      let busy = false;
      let inFlight = 0;
      const mostInFlight = { idle: 0, busy: 0 };
      const finishers: (() => void)[] = [];
      const storage: LedgerStorage = {
        ...busyStorage(() => 0).storage,
        refreshFigures: async (): Promise<FigureRefreshResult> => {
          inFlight += 1;
          const phase = busy ? 'busy' : 'idle';
          mostInFlight[phase] = Math.max(mostInFlight[phase], inFlight);
          await new Promise<void>((resolve) => finishers.push(resolve));
          inFlight -= 1;
          return { nodes: 0, batches: 1, lookedUp: 0, feedSettled: 0, busy: false };
        },
      };
      const refresher = startFigureRefresher({ storage, isConsumerBusy: () => busy, maxDeferMs: 0 });
      await vi.advanceTimersByTimeAsync(0);
      expect(mostInFlight.idle).toBe(2);
      // From now on busy: the two in hand finish, and each second of polling sees one refresh at a time.
      busy = true;
      for (let second = 0; second < 5; second += 1) {
        finishers.splice(0).forEach((finish) => finish());
        await vi.advanceTimersByTimeAsync(1_000);
      }
      expect(mostInFlight.busy).toBe(1);
      const stopped = refresher.stop();
      finishers.splice(0).forEach((finish) => finish());
      await vi.advanceTimersByTimeAsync(1_000);
      await stopped;
    } finally {
      vi.useRealTimers();
    }
  });

  it('refreshes with one loop in small, rested steps while queries are answered, and in full steps with both after', async () => {
    vi.useFakeTimers();
    try {
      let queries = true;
      let inFlight = 0;
      const mostInFlight = { queries: 0, quiet: 0 };
      const asked: { readonly options: FigureRefreshOptions; readonly queries: boolean; readonly at: number }[] = [];
      const steps: string[] = [];
      const storage: LedgerStorage = {
        ...busyStorage(() => 0).storage,
        // Every refresh takes 100 ms.
        refreshFigures: async (options = {}): Promise<FigureRefreshResult> => {
          asked.push({ options, queries, at: Date.now() });
          inFlight += 1;
          const phase = queries ? 'queries' : 'quiet';
          mostInFlight[phase] = Math.max(mostInFlight[phase], inFlight);
          await new Promise((resolve) => setTimeout(resolve, 100));
          inFlight -= 1;
          return { nodes: 0, batches: 1, lookedUp: 0, feedSettled: 0, busy: false };
        },
      };
      const started = Date.now();
      setTimeout(() => (queries = false), 1_000);
      const refresher = startFigureRefresher({
        storage,
        pacer: createFigurePacer(() => queries, Date.now),
        onStep: (step) => steps.push(step),
      });
      await vi.advanceTimersByTimeAsync(2_000);
      const stopped = refresher.stop();
      await vi.advanceTimersByTimeAsync(1_000);
      await stopped;
      expect(mostInFlight).toEqual({ queries: 1, quiet: 2 });
      const whileQueried = asked.filter((ask) => ask.queries);
      for (const { options } of whileQueried) expect(options).toMatchObject(QUERY_TIME_STEP);
      // A 100 ms step, then a rest of twice that.
      expect(whileQueried.map((ask) => ask.at - started)).toEqual([0, 300, 600, 900]);
      const afterwards = asked.filter((ask) => !ask.queries);
      // Two loops, back to back, from when the queries stopped: 1,000 ms, then every 100 ms to 2,000.
      expect(afterwards.length).toBeGreaterThanOrEqual(18);
      for (const { options } of afterwards) expect(options.maxBatches).toBeUndefined();
      expect(steps).toEqual(asked.map((ask) => (ask.queries ? 'query-time' : 'full')));
    } finally {
      vi.useRealTimers();
    }
  });
});
