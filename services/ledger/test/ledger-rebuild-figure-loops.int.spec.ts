import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '@vezel/testing';
import { decodeEventBatch } from '../src/adapters/protobuf/decode-event-batch.ts';
import type { FigureRefreshResult, LedgerStorage } from '../src/app/ledger-storage.ts';
import { createLedgerRebuilds } from '../src/app/ledger-rebuilds.ts';
import { QUERY_TIME_STEP } from '../src/app/query-time-pacing.ts';
import { aLedgerUnderTest, type LedgerUnderTest } from './support/ledger-under-test.ts';

/*
 * A rebuild's figures phase runs two refresh loops over the fresh tables. When one fails, the rebuild fails and its
 * tables are released; the other loop must not go on working on them (in PostgreSQL, the thread would reopen
 * connections to a schema about to be dropped). While the API answers queries, one loop works, in small steps. The
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

describe('a rebuild’s figure loops', () => {
  it('stop each other when one fails, so nothing works on the released tables', async () => {
    const ledger = await aLedgerUnderTest('rebuild-loops');
    ledgers.push(ledger);
    const inFlight: { resolve: (result: FigureRefreshResult) => void; reject: (error: Error) => void }[] = [];
    let started = 0;
    let closed = false;
    let startedAfterClose = 0;
    const storage: LedgerStorage = {
      applyBatch: unused,
      tablesId: async () => 'fresh',
      storedPosition: async () => -1n,
      countDirtyNodes: async () => 10,
      analyzeGrownTables: async () => undefined,
      analyzeIfGrown: async () => undefined,
      refreshFigures: () =>
        new Promise<FigureRefreshResult>((resolve, reject) => {
          started += 1;
          if (closed) startedAfterClose += 1;
          inFlight.push({ resolve, reject });
        }),
    };
    const rebuilds = createLedgerRebuilds({
      eventLog: ledger.eventLog,
      topics: ledger.topics,
      decode: decodeEventBatch,
      prepareTables: async () => ({
        storage,
        claims,
        swapIn: async () => undefined,
        close: async () => {
          closed = true;
        },
      }),
      pauseLive: async () => undefined,
      resumeLive: async () => undefined,
    });
    await rebuilds.start();
    // Both loops are refreshing.
    await eventually(() => expect(inFlight).toHaveLength(2));
    const [failing, other] = inFlight.splice(0);
    failing!.reject(new Error('the figure thread stopped (exit code 1)'));
    // The other loop's refresh ends after the failure: with work done, it would go on to the next.
    await new Promise((resolve) => setImmediate(resolve));
    other!.resolve({ nodes: 1, batches: 1, lookedUp: 0, feedSettled: 0, busy: false });
    await rebuilds.settled();
    await new Promise((resolve) => setImmediate(resolve));
    expect(await rebuilds.status()).toMatchObject({ state: 'failed' });
    expect(closed).toBe(true);
    expect(started).toBe(2);
    expect(startedAfterClose).toBe(0);
  });

  it('run one at a time, in small steps, while the API answers queries, and side by side once it is quiet', async () => {
    const ledger = await aLedgerUnderTest('rebuild-query-time');
    ledgers.push(ledger);
    let queries = true;
    const inFlight: { readonly queries: boolean; readonly maxBatches?: number; resolve: () => void }[] = [];
    const asked: { readonly queries: boolean; readonly maxBatches?: number }[] = [];
    let mostInFlightWhileQueried = 0;
    let work = 6;
    const storage: LedgerStorage = {
      applyBatch: unused,
      tablesId: async () => 'fresh',
      storedPosition: async () => -1n,
      countDirtyNodes: async () => work,
      analyzeGrownTables: async () => undefined,
      analyzeIfGrown: async () => undefined,
      refreshFigures: (options = {}) =>
        new Promise<FigureRefreshResult>((resolve) => {
          const ask = { queries, ...(options.maxBatches === undefined ? {} : { maxBatches: options.maxBatches }) };
          asked.push(ask);
          const done = (): void => {
            const nodes = Math.min(work, 1);
            work -= nodes;
            resolve({ nodes, batches: nodes, lookedUp: 0, feedSettled: 0, busy: false });
          };
          inFlight.push({ ...ask, resolve: done });
          if (queries) mostInFlightWhileQueried = Math.max(mostInFlightWhileQueried, inFlight.length);
        }),
    };
    let swapped = false;
    const rebuilds = createLedgerRebuilds({
      eventLog: ledger.eventLog,
      topics: ledger.topics,
      decode: decodeEventBatch,
      prepareTables: async () => ({
        storage,
        claims,
        swapIn: async () => {
          swapped = true;
        },
        close: async () => undefined,
      }),
      pauseLive: async () => undefined,
      resumeLive: async () => undefined,
      queriesRecently: () => queries,
    });
    await rebuilds.start();
    // Three steps while queried, each answered as soon as it is asked: one loop, small steps.
    for (let step = 0; step < 3; step += 1) {
      await eventually(() => expect(inFlight).toHaveLength(1));
      inFlight.splice(0)[0]!.resolve();
    }
    queries = false;
    // Quiet: both loops, full steps, until the work is done.
    await eventually(() => expect(inFlight).toHaveLength(2));
    while (!swapped) {
      await eventually(() => expect(inFlight.length).toBeGreaterThan(0));
      for (const refresh of inFlight.splice(0)) refresh.resolve();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await rebuilds.settled();
    expect(await rebuilds.status()).toMatchObject({ state: 'done' });
    expect(mostInFlightWhileQueried).toBe(1);
    expect(asked.filter((ask) => ask.queries)).toEqual([
      { queries: true, maxBatches: QUERY_TIME_STEP.maxBatches },
      { queries: true, maxBatches: QUERY_TIME_STEP.maxBatches },
      { queries: true, maxBatches: QUERY_TIME_STEP.maxBatches },
    ]);
    expect(asked.filter((ask) => !ask.queries).every((ask) => ask.maxBatches === undefined)).toBe(true);
  });
});
