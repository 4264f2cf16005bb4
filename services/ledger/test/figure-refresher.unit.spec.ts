import { describe, expect, it } from 'vitest';
import { startFigureRefresher } from '../src/app/figure-refresher.ts';
import type { FigureRefreshOptions, FigureRefreshResult, LedgerStorage } from '../src/app/ledger-storage.ts';

/*
 * When the refresher lets a refresh only look marks up and when it makes one recompute: a storage that always has
 * more marks to look up than one refresh takes (marks arriving faster than they are looked up) records what it was
 * asked. The refresh itself (PostgreSQL) is tested in fact-store.int.spec.ts.
 */
function busyStorage(refreshes: number): {
  readonly storage: LedgerStorage;
  readonly asked: FigureRefreshOptions[];
  readonly done: Promise<void>;
} {
  const asked: FigureRefreshOptions[] = [];
  let finished: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const unused = (): never => {
    throw new Error('not used by the refresher');
  };
  const storage: LedgerStorage = {
    applyBatch: unused,
    tablesId: unused,
    storedPosition: unused,
    countDirtyNodes: unused,
    analyzeGrownTables: unused,
    analyzeIfGrown: async () => undefined,
    refreshFigures: async (options = {}): Promise<FigureRefreshResult> => {
      asked.push(options);
      if (asked.length === refreshes) finished();
      if (asked.length >= refreshes) return { nodes: 0, batches: 0, lookedUp: 0, feedSettled: 0, busy: false };
      return { nodes: 0, batches: options.recomputeNow === true ? 5 : 0, lookedUp: 10, feedSettled: 0, busy: false };
    },
  };
  return { storage, asked, done };
}

describe('the figure refresher', () => {
  it('lets refreshes look marks up ahead, and makes every fourth one recompute while marks keep coming', async () => {
    const { storage, asked, done } = busyStorage(12);
    const refresher = startFigureRefresher({ storage, maxLookupsAhead: 3, pollMs: 60_000 });
    await done;
    await refresher.stop();
    expect(asked.map((options) => options.recomputeNow === true)).toEqual([
      ...[false, false, false, true],
      ...[false, false, false, true],
      ...[false, false, false, true],
    ]);
  });
});
