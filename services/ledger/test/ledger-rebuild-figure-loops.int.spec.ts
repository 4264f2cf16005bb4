import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '@vezel/testing';
import { decodeEventBatch } from '../src/adapters/protobuf/decode-event-batch.ts';
import type { FigureRefreshResult, LedgerStorage } from '../src/app/ledger-storage.ts';
import { createLedgerRebuilds } from '../src/app/ledger-rebuilds.ts';
import { aLedgerUnderTest, type LedgerUnderTest } from './support/ledger-under-test.ts';

/*
 * A rebuild's figures phase runs two refresh loops over the fresh tables. When one fails, the rebuild fails and its
 * tables are released; the other loop must not go on working on them (in PostgreSQL, the thread would reopen
 * connections to a schema about to be dropped). The replay is real (empty topics on the real broker); the fresh
 * tables' figure work is a port whose refreshes the test holds and fails.
 */
const ledgers: LedgerUnderTest[] = [];
afterAll(async () => {
  await Promise.all(ledgers.map((ledger) => ledger.close()));
});

describe('a rebuild whose figure loop fails', () => {
  it('stops its other loop before it fails, so nothing works on the released tables', async () => {
    const ledger = await aLedgerUnderTest('rebuild-loops');
    ledgers.push(ledger);
    const inFlight: { resolve: (result: FigureRefreshResult) => void; reject: (error: Error) => void }[] = [];
    let started = 0;
    let closed = false;
    let startedAfterClose = 0;
    const unused = (): never => {
      throw new Error('not used by a rebuild with nothing to replay');
    };
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
        claims: {
          claim: async () => true,
          renew: async () => true,
          report: async () => undefined,
          finish: async () => undefined,
          latest: async () => undefined,
        },
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
});
