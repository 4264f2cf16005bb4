import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '@vezel/testing';
import { decodeEventBatch } from '../src/adapters/protobuf/decode-event-batch.ts';
import { FigureWorkOutOfMemoryError, FigureWorkRestingError } from '../src/app/figure-work-errors.ts';
import type { FigureRefreshOptions, FigureRefreshResult, LedgerStorage } from '../src/app/ledger-storage.ts';
import { createLedgerRebuilds, FIGURE_REFRESH_TRIES, type LedgerRebuilds } from '../src/app/ledger-rebuilds.ts';
import { createFigurePacer, QUERY_TIME_STEP, type FigurePacer } from '../src/app/query-time-pacing.ts';
import { aLedgerUnderTest, type LedgerUnderTest } from './support/ledger-under-test.ts';

/*
 * A rebuild's figures phase runs two refresh loops over the fresh tables. A failed refresh is tried again; when one
 * loop's refreshes keep failing, the rebuild fails and its tables are released, and the other loop must not go on
 * working on them (in PostgreSQL, the thread would reopen connections to a schema about to be dropped). While the API
 * answers queries, one small step runs at a time. The
 * replay is real (empty topics on the real broker); the fresh tables' figure work is a port whose refreshes the test
 * holds, answers and fails.
 */
const ledgers: LedgerUnderTest[] = [];
afterAll(async () => {
  await Promise.all(ledgers.map((ledger) => ledger.close()));
});

const unused = (): never => {
  throw new Error('not used by a rebuild with nothing to replay');
};

const claims = {
  claim: async () => true,
  renew: async () => true,
  report: async () => undefined,
  finish: async () => undefined,
  latest: async () => undefined,
};

/**
 * The fresh tables' storage as a figures phase uses it: its refreshes are the test's, its node marks `dirty` says, and
 * its batch marks `batchMarks` (none unless told).
 */
function freshTables(
  dirty: () => number,
  refreshFigures: LedgerStorage['refreshFigures'],
  batchMarks: () => Promise<number> = async () => 0,
): LedgerStorage {
  return {
    applyBatch: unused,
    tablesId: async () => 'fresh',
    storedPosition: async () => -1n,
    countDirtyNodes: async () => dirty(),
    countFigureBacklog: async () => ({
      derivedPending: dirty(),
      lookupsPending: 0,
      batchesPending: await batchMarks(),
    }),
    analyzeGrownTables: async () => undefined,
    analyzeIfGrown: async () => undefined,
    refreshFigures,
  };
}

/** Rebuilds replaying the ledger's (empty) topics into `storage`, whose swap and release are `tables`'. */
function rebuildsOver(
  ledger: LedgerUnderTest,
  storage: LedgerStorage,
  tables: {
    readonly swapIn?: () => Promise<void>;
    readonly close?: () => Promise<void>;
    readonly pacer?: FigurePacer;
    readonly onError?: (error: unknown) => void;
    readonly figureConcurrency?: number;
    readonly clock?: () => Date;
  },
): LedgerRebuilds {
  return createLedgerRebuilds({
    eventLog: ledger.eventLog,
    topics: ledger.topics,
    decode: decodeEventBatch,
    prepareTables: async () => ({
      storage,
      claims,
      swapIn: tables.swapIn ?? (async () => undefined),
      close: tables.close ?? (async () => undefined),
    }),
    pauseLive: async () => undefined,
    resumeLive: async () => undefined,
    ...(tables.pacer === undefined ? {} : { pacer: tables.pacer }),
    ...(tables.onError === undefined ? {} : { onError: tables.onError }),
    ...(tables.figureConcurrency === undefined ? {} : { figureConcurrency: tables.figureConcurrency }),
    ...(tables.clock === undefined ? {} : { clock: tables.clock }),
    // Tried again at once: the pauses are the thread's to need, not the test's.
    figureRetryPauseMs: 0,
  });
}

describe('a rebuild’s figure loops', () => {
  it('stop each other when one gives up, so nothing works on the released tables', async () => {
    const ledger = await aLedgerUnderTest('rebuild-loops');
    ledgers.push(ledger);
    const inFlight: { resolve: (result: FigureRefreshResult) => void; reject: (error: Error) => void }[] = [];
    let started = 0;
    let closed = false;
    let startedAfterClose = 0;
    const storage = freshTables(
      () => 10,
      () =>
        new Promise<FigureRefreshResult>((resolve, reject) => {
          started += 1;
          if (closed) startedAfterClose += 1;
          inFlight.push({ resolve, reject });
        }),
    );
    const rebuilds = rebuildsOver(ledger, storage, {
      close: async () => {
        closed = true;
      },
    });
    await rebuilds.start();
    // Both loops are refreshing.
    await eventually(() => expect(inFlight).toHaveLength(2));
    const [failing, other] = inFlight.splice(0);
    // One loop's refreshes fail every time it tries them; the other's first is still in hand.
    failing!.reject(new Error('the figure thread stopped (exit code 1)'));
    for (let tried = 1; tried < FIGURE_REFRESH_TRIES; tried += 1) {
      await eventually(() => expect(inFlight).toHaveLength(1));
      inFlight.splice(0)[0]!.reject(new Error('the figure thread stopped (exit code 1)'));
    }
    // The other loop's refresh ends after the failure: with work done, it would go on to the next.
    await new Promise((resolve) => setImmediate(resolve));
    other!.resolve({ nodes: 1, batches: 1, lookedUp: 0, feedSettled: 0, busy: false });
    await rebuilds.settled();
    await new Promise((resolve) => setImmediate(resolve));
    expect(await rebuilds.status()).toMatchObject({
      state: 'failed',
      error: `a figure refresh failed ${FIGURE_REFRESH_TRIES} times in a row: the figure thread stopped (exit code 1)`,
    });
    expect(closed).toBe(true);
    expect(started).toBe(1 + FIGURE_REFRESH_TRIES);
    expect(startedAfterClose).toBe(0);
  });

  it("report the batches to recompute once every node is looked up, and the time left at their rate, then at the last nodes'", async () => {
    const ledger = await aLedgerUnderTest('rebuild-eta');
    ledgers.push(ledger);
    let nowMs = Date.parse('2026-12-07T12:00:00Z');
    // Eleven batches to recompute in all; the first count of them fails.
    let batchMarks = 11;
    let counts = 0;
    const reported: unknown[] = [];
    const inFlight: ((result: FigureRefreshResult) => void)[] = [];
    const storage = freshTables(
      () => 4,
      () => new Promise<FigureRefreshResult>((resolve) => inFlight.push(resolve)),
      async () => {
        counts += 1;
        if (counts === 1) throw new Error('connection lost');
        return batchMarks;
      },
    );
    const rebuilds = rebuildsOver(ledger, storage, {
      figureConcurrency: 1,
      clock: () => new Date(nowMs),
      onError: (error) => reported.push(error),
    });
    await rebuilds.start();
    const refresh = async (result: Partial<FigureRefreshResult>, seconds: number): Promise<void> => {
      await eventually(() => expect(inFlight).toHaveLength(1));
      nowMs += seconds * 1_000;
      batchMarks -= result.batches ?? 0;
      inFlight.shift()!({ nodes: 0, batches: 0, lookedUp: 0, feedSettled: 0, busy: false, ...result });
    };
    const status = () => rebuilds.status();
    // Half the nodes looked up: the batches they marked are not all known yet, nor is the time left.
    await refresh({ lookedUp: 2, batches: 1 }, 5);
    await eventually(async () =>
      expect(await status()).toMatchObject({ figureNodesLookedUp: 2, figureBatchesDone: 1 }),
    );
    expect((await status()).figureBatchesTotal).toBeUndefined();
    expect((await status()).etaSeconds).toBeUndefined();
    // Every node looked up, but the count fails: told, and asked again after the next refresh, which finds 6 marks
    // left beside the 5 batches done.
    await refresh({ lookedUp: 2 }, 5);
    await eventually(() => expect(reported.map((error) => (error as Error).message)).toEqual(['connection lost']));
    expect((await status()).figureBatchesTotal).toBeUndefined();
    await refresh({ batches: 4 }, 2);
    await eventually(async () =>
      expect(await status()).toMatchObject({ figureBatchesDone: 5, figureBatchesTotal: 11 }),
    );
    expect((await status()).etaSeconds).toBeUndefined();
    // 4 batches in 2 s: 2 left at 2 a second.
    await refresh({ batches: 4 }, 2);
    await eventually(async () =>
      expect(await status()).toMatchObject({ figureBatchesDone: 9, figureBatchesTotal: 11, etaSeconds: 1 }),
    );
    // The last batches, with one node mark finished: from then on, the node marks' rate.
    await refresh({ batches: 2, nodes: 1 }, 1);
    await eventually(async () => expect(await status()).toMatchObject({ figureBatchesDone: 11, figureNodesDone: 1 }));
    expect((await status()).etaSeconds).toBeUndefined();
    // 1 node in 2 s: 2 left at half a node a second.
    await refresh({ nodes: 1 }, 2);
    await eventually(async () =>
      expect(await status()).toMatchObject({ figureNodesDone: 2, figureBatchesTotal: 11, etaSeconds: 4 }),
    );
    await refresh({ nodes: 2 }, 1);
    await refresh({}, 0);
    await rebuilds.settled();
    expect(await status()).toMatchObject({ state: 'done' });
    expect(counts).toBe(2);
  });

  it('try a failed refresh again, one failure fewer in a row than gives up, as often as a refresh succeeds between', async () => {
    const ledger = await aLedgerUnderTest('rebuild-retry');
    ledgers.push(ledger);
    let work = 2;
    // One loop, so every failure is its own: twice as many failures as it tolerates in a row, with a success between.
    const script: ('fail' | 'work')[] = [
      ...Array.from({ length: FIGURE_REFRESH_TRIES - 1 }, () => 'fail' as const),
      'work',
      ...Array.from({ length: FIGURE_REFRESH_TRIES - 1 }, () => 'fail' as const),
    ];
    const reported: unknown[] = [];
    const storage = freshTables(
      () => work,
      async () => {
        // A deadlock, as PostgreSQL reports one; past the script, every refresh does what is left.
        if (script.shift() === 'fail') throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
        const nodes = Math.min(work, 1);
        work -= nodes;
        return { nodes, batches: nodes, lookedUp: 0, feedSettled: 0, busy: false };
      },
    );
    let swapped = false;
    const rebuilds = rebuildsOver(ledger, storage, {
      swapIn: async () => {
        swapped = true;
      },
      onError: (error) => reported.push(error),
      figureConcurrency: 1,
    });
    await rebuilds.start();
    await rebuilds.settled();
    expect(await rebuilds.status()).toMatchObject({ state: 'done' });
    expect(swapped).toBe(true);
    expect(work).toBe(0);
    // Each failure is told, not swallowed.
    expect(reported.map((error) => (error instanceof Error ? error.message : error))).toEqual(
      Array.from({ length: 2 * (FIGURE_REFRESH_TRIES - 1) }, () => 'deadlock detected'),
    );
  });

  it('take smaller refreshes after ones that ran out of memory, and do not give up for those while they can shrink', async () => {
    const ledger = await aLedgerUnderTest('rebuild-out-of-memory');
    ledgers.push(ledger);
    let work = 2;
    let resting = false;
    const asked: (number | undefined)[] = [];
    // Only a 64th of a full refresh fits: six in a row run out of memory, and after each the thread rests and takes
    // the next request only after that; more of either than a loop tolerates of other failures in a row.
    const storage = freshTables(
      () => work,
      async (options = {}) => {
        asked.push(options.sizeFactor);
        if (resting) {
          resting = false;
          throw new FigureWorkRestingError(1, 0);
        }
        if ((options.sizeFactor ?? 1) > 1 / 64) {
          resting = true;
          throw new FigureWorkOutOfMemoryError(new Error('heap limit'));
        }
        const nodes = Math.min(work, 1);
        work -= nodes;
        return { nodes, batches: nodes, lookedUp: 0, feedSettled: 0, busy: false };
      },
    );
    const rebuilds = rebuildsOver(ledger, storage, { figureConcurrency: 1 });
    await rebuilds.start();
    await rebuilds.settled();
    expect(await rebuilds.status()).toMatchObject({ state: 'done' });
    expect(work).toBe(0);
    const halvings = [0.5, 0.25, 0.125, 1 / 16, 1 / 32, 1 / 64];
    expect(asked.slice(0, 13)).toEqual([undefined, ...halvings.flatMap((factor) => [factor, factor])]);
  });

  it('take one small step at a time while the API answers queries, and finish though the queries never stop', async () => {
    const ledger = await aLedgerUnderTest('rebuild-query-time');
    ledgers.push(ledger);
    const inFlight: (() => void)[] = [];
    const asked: FigureRefreshOptions[] = [];
    let mostInFlight = 0;
    let work = 6;
    const storage = freshTables(
      () => work,
      (options = {}) =>
        new Promise<FigureRefreshResult>((resolve) => {
          asked.push(options);
          inFlight.push(() => {
            const nodes = Math.min(work, 1);
            work -= nodes;
            resolve({ nodes, batches: nodes, lookedUp: 0, feedSettled: 0, busy: false });
          });
          mostInFlight = Math.max(mostInFlight, inFlight.length);
        }),
    );
    let swapped = false;
    const rebuilds = rebuildsOver(ledger, storage, {
      swapIn: async () => {
        swapped = true;
      },
      pacer: createFigurePacer(() => true, Date.now),
    });
    await rebuilds.start();
    // Each step answered as soon as it is asked: the work runs out, and then each loop finds nothing left.
    while (!swapped) {
      await eventually(() => expect(inFlight.length > 0 || swapped).toBe(true));
      for (const answer of inFlight.splice(0)) answer();
    }
    await rebuilds.settled();
    expect(await rebuilds.status()).toMatchObject({ state: 'done' });
    expect(work).toBe(0);
    expect(mostInFlight).toBe(1);
    // Six steps with work, then one that finds nothing for each of the two loops.
    expect(asked).toEqual(Array.from({ length: 8 }, () => QUERY_TIME_STEP));
  });
});
