import { describe, expect, it } from 'vitest';
import {
  applyFacts,
  EMPTY_LEDGER,
  forwardSharesIn,
  fractionOutcomesOf,
  traceNodesForward,
} from '../../src/domain/index.ts';
import { splitFractionBucketKey } from '../../src/domain/forward-shares.ts';
import { batchCollected, lotDispatched, sortingRun } from './ledger-fixtures.ts';
import { b1ForwardOutcomesByHand, scenario, scenarioFacts } from './two-municipalities-scenario.ts';

const ledger = applyFacts(EMPTY_LEDGER, scenarioFacts);

function byFraction(nodeId: string) {
  const shares = forwardSharesIn(ledger);
  const trace = traceNodesForward(ledger, [nodeId], shares).get(nodeId)!;
  return {
    trace,
    rows: fractionOutcomesOf(nodeId, trace, shares).map((row) => [row.fraction, row.outcome, Number(row.grams)]),
  };
}

describe("a batch's outcomes by the fraction it was sorted into", () => {
  it('splits B1 as worked out by hand, each outcome adding up to its trace figure', () => {
    // B1 is 20/33 of RUN-1's input, so 20/33 of each lot; each lot's own split is in two-municipalities-scenario.ts.
    // Loss: 1,515.15 g of the run's loss (unsorted), 251.08 via L-CREME (transit and processing), 476.19 via
    // L-WIPERS (processing): 2,242 g rounded, the spare gram to the largest remainder (unsorted, 1,514.87).
    // Fibre-to-fibre 779.22 + 2,857.14 -> 3,636, open loop 909.09 + 3,333.33 -> 4,243 (the trace's figures).
    expect(byFraction('B1').rows).toEqual([
      ['reuse.creme', 'reuse.sold', 5_455],
      ['reuse.creme', 'reuse.donated', 1_091],
      ['reuse.export', 'reuse.exported', 6_061],
      ['recycling.wipers', 'recycling.fibre-to-fibre', 2_857],
      ['reuse.creme', 'recycling.fibre-to-fibre', 779],
      ['recycling.wipers', 'recycling.open-loop', 3_334],
      ['reuse.creme', 'recycling.open-loop', 909],
      ['residual.textile', 'disposal.energy-recovery', 3_030],
      ['recycling.wipers', 'disposal.landfill', 606],
      ['', 'loss', 1_515],
      ['recycling.wipers', 'loss', 476],
      ['reuse.creme', 'loss', 251],
      ['reuse.creme', 'stock', 3_636],
    ]);
    const perOutcome = new Map<string, number>();
    for (const [, outcome, grams] of byFraction('B1').rows)
      perOutcome.set(outcome as string, (perOutcome.get(outcome as string) ?? 0) + (grams as number));
    expect(Object.fromEntries(perOutcome)).toEqual(
      Object.fromEntries(Object.entries(b1ForwardOutcomesByHand).filter(([, grams]) => grams > 0)),
    );
  });

  it('names the store where grams were sold or donated, and only there', () => {
    const shares = forwardSharesIn(ledger);
    const trace = traceNodesForward(ledger, ['B1'], shares).get('B1')!;
    const inStores = fractionOutcomesOf('B1', trace, shares).filter((row) => row.storeId !== '');
    expect(inStores.map((row) => [row.storeId, row.outcome, Number(row.grams)])).toEqual([
      ['ST-DEV', 'reuse.sold', 5_455],
      ['ST-DEV', 'reuse.donated', 1_091],
    ]);
  });

  it('leaves grams that were never sorted without a fraction: B3, partly on the road, partly at its container', () => {
    expect(byFraction('B3').rows).toEqual([['', 'stock', 5_000]]);
  });

  it("passes a processing run's products on unsorted, and adds up for a batch with a loss on the road", () => {
    expect(byFraction('L-WIPERS').rows.every(([fraction]) => fraction === '')).toBe(true);
    const { trace, rows } = byFraction(scenario.b2.batchId);
    expect(rows.reduce((sum, [, , grams]) => sum + (grams as number), 0)).toBe(Number(trace.grams));
    // B2's 500 g lost on the road never reached the run.
    expect(rows).toContainEqual(['', 'loss', expect.any(Number)]);
  });

  it("follows the memo's own cycle cuts: summed over fractions, the shares are the node's own, in any refresh order", () => {
    // RUN-C consumes L-B, made from L-A, and makes L-A again: a cycle (an anomaly the ledger reports). Where the
    // memo cuts it depends on which batch it meets first; the split by fraction must cut it in the same place.
    const run = (
      runId: string,
      inputs: [string, number][],
      outputs: [string, string, number][],
      lossGrams: number,
      at: string,
    ) => sortingRun({ runId, centreId: 'DEV', inputs, outputs, lossGrams, at });
    const cyclic = applyFacts(EMPTY_LEDGER, [
      batchCollected({
        batchId: 'B-C',
        containerId: 'C-1',
        municipality: 'GM0150',
        grams: 1_000,
        at: '2026-03-01T08:00:00Z',
      }),
      batchCollected({
        batchId: 'B-D',
        containerId: 'C-1',
        municipality: 'GM0150',
        grams: 1_000,
        at: '2026-03-01T08:00:00Z',
      }),
      run('RUN-A', [['B-C', 1_000]], [['L-A', 'fa', 1_000]], 0, '2026-03-02T08:00:00Z'),
      run('RUN-B', [['L-A', 1_000]], [['L-B', 'fb', 1_000]], 0, '2026-03-03T08:00:00Z'),
      run(
        'RUN-C',
        [
          ['L-B', 1_000],
          ['B-D', 1_000],
        ],
        [['L-A', 'fc', 1_900]],
        100,
        '2026-03-04T08:00:00Z',
      ),
      lotDispatched({
        dispatchId: 'D-9',
        lotId: 'L-A',
        centreId: 'DEV',
        grams: 500,
        destination: { kind: 'disposal', id: 'AVR', method: 'energy-recovery' },
        at: '2026-03-05T08:00:00Z',
      }),
    ]);
    for (const refreshed of [
      ['B-C', 'B-D'],
      ['B-D', 'B-C'],
    ]) {
      const shares = forwardSharesIn(cyclic);
      const traces = traceNodesForward(cyclic, refreshed, shares);
      for (const batchId of refreshed) {
        // Summed over fractions, the exact shares are the node's shares (as fractions of their wholes).
        const plain = shares.of(batchId);
        const byFraction = shares.ofBySortingFraction(batchId);
        const summed = new Map<string, bigint>();
        for (const [key, part] of byFraction.parts) {
          const { bucketKey } = splitFractionBucketKey(key);
          summed.set(bucketKey, (summed.get(bucketKey) ?? 0n) + part);
        }
        expect(new Map([...summed].map(([key, part]) => [key, part * plain.whole]))).toEqual(
          new Map([...plain.parts].map(([key, part]) => [key, part * byFraction.whole])),
        );
        const trace = traces.get(batchId)!;
        const perOutcome = new Map<string, bigint>();
        for (const { outcome, grams } of fractionOutcomesOf(batchId, trace, shares))
          perOutcome.set(outcome, (perOutcome.get(outcome) ?? 0n) + grams);
        expect({ batchId, perOutcome }).toEqual({
          batchId,
          perOutcome: new Map(
            trace.outcomes.filter(({ grams }) => grams > 0n).map(({ outcome, grams }) => [outcome, grams]),
          ),
        });
      }
    }
  });
});
