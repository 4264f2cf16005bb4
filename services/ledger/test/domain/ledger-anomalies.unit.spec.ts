import { toGrams } from '@vezel/grams';
import { describe, expect, it } from 'vitest';
import {
  applyFact,
  applyFacts,
  EMPTY_LEDGER,
  listAnomalies,
  traceBackward,
  traceForward,
  type Anomaly,
  type LedgerFact,
} from '../../src/domain/index.ts';
import { batchCollected, batchShipped, itemsSold, receivedAtCentre, sortingRun } from './ledger-fixtures.ts';
import { scenario, scenarioFacts } from './two-municipalities-scenario.ts';

/** A sorting run that turns all 1 000 g of one node into one lot. */
const resort = (runId: string, input: string, output: string, at: string) =>
  sortingRun({
    runId,
    centreId: 'DEV',
    inputs: [[input, 1_000]],
    outputs: [[output, 'reuse.creme', 1_000]],
    lossGrams: 0,
    at,
  });

const without = (...left: readonly LedgerFact[]) => scenarioFacts.filter((fact) => !left.includes(fact));

const summary = ({ kind, nodeId, holder, grams }: Anomaly) =>
  `${kind} ${nodeId}${holder === undefined ? '' : ` @ ${holder.kind} ${holder.id}`}: ${grams} g`;

describe('anomalies', () => {
  it('reports a run consuming a batch the ledger has not seen collected, until BatchCollected arrives', () => {
    const early = applyFacts(EMPTY_LEDGER, without(scenario.b2));
    expect(listAnomalies(early).map(summary)).toEqual(['unknown-node B2: 20000 g']);
    expect(listAnomalies(early)[0]!.eventIds).toEqual([
      'BatchShipped:S-2',
      'NodeReceivedAtCentre:R-2',
      'SortingRunCompleted:RUN-1',
    ]);
    expect(() => traceForward(early, { kind: 'node', nodeId: 'B2' })).toThrow(/has not seen node B2 created/);

    // The lot's B2 part is kept, as an origin not resolved to a municipality yet: the split still adds up.
    expect(traceBackward(early, 'L-CREME').byMunicipality).toEqual([
      { municipality: 'GM0150', grams: 12_121n },
      { municipality: null, grams: 7_879n },
    ]);

    const complete = applyFact(early, scenario.b2);
    expect(listAnomalies(complete)).toEqual([]);
    expect(traceBackward(complete, 'L-CREME').byMunicipality).toEqual([
      { municipality: 'GM0150', grams: 12_121n },
      { municipality: 'GM0193', grams: 7_879n },
    ]);
  });

  it('reports sales before the store receipt as consumed before received, and keeps the dispatch in transit', () => {
    const early = applyFacts(EMPTY_LEDGER, without(scenario.storeReceipt));
    // The store sold 9 000, donated 1 800 and returned 3 000 of a receipt the ledger has not seen.
    expect(listAnomalies(early).map(summary)).toEqual(['consumed-before-received L-CREME @ store ST-DEV: 13800 g']);
    // Until then D-1 is still on the road: L-CREME's sinks are DEV 5 000, D-1 15 000, sold 9 000, donated 1 800 and
    // PRUN-1 3 000 = 33 800 g for a lot of 20 000 g, so each is scaled by 100/169: D-1 1 500 000/169 = 8 875.74 ->
    // 8 876, DEV 2 958.58 -> 2 959.
    const lot = traceForward(early, { kind: 'node', nodeId: 'L-CREME' });
    expect(lot.stock.map(({ holder, grams }) => `${holder.kind} ${holder.id}: ${grams}`)).toEqual([
      'centre DEV: 2959',
      'in-transit D-1: 8876',
    ]);
    expect(lot.outcomes.reduce((total, { grams }) => total + grams, 0n)).toBe(20_000n);

    expect(listAnomalies(applyFact(early, scenario.storeReceipt))).toEqual([]);
  });

  it('reports a receipt larger than its shipment, and scales the batch’s sinks so its trace still adds up', () => {
    const heavy = { ...scenario.r1, grams: toGrams(30_500) };
    const state = applyFacts(EMPTY_LEDGER, [...without(scenario.r1), heavy]);
    const [anomaly, ...others] = listAnomalies(state);
    expect(others).toEqual([]);
    expect(summary(anomaly!)).toBe('receipt-exceeds-delivery B1 @ centre DEV: 500 g');
    expect(anomaly!.message).toBe(
      'centre DEV received 30500 g of B1 against delivery S-1 of 30000 g: 500 g more than was sent',
    );

    // B1's sinks: RUN-1 30 000 and 500 g left at DEV: 30 500 g for 30 000 g of batch, each sink scaled by 300/305.
    const trace = traceForward(state, { kind: 'node', nodeId: 'B1' });
    expect(trace.outcomes.reduce((total, { grams }) => total + grams, 0n)).toBe(30_000n);
    expect(trace.stock.find(({ nodeId }) => nodeId === 'B1')).toMatchObject({
      holder: { kind: 'centre', id: 'DEV' },
      grams: 492n,
    });
  });

  it('reports a receipt naming a shipment the ledger has not seen, until the shipment arrives', () => {
    const early = applyFacts(EMPTY_LEDGER, without(scenario.s1));
    expect(listAnomalies(early).map(({ kind, message }) => `${kind}: ${message}`)).toEqual([
      'receipt-exceeds-delivery: receipt R-1 of 30000 g of B1 at centre DEV names delivery S-1, which the ledger has not seen going there',
    ]);
    expect(listAnomalies(applyFact(early, scenario.s1))).toEqual([]);
  });

  it('reports a store selling more than it received as an imbalance', () => {
    const oversold = itemsSold({
      saleId: 'SALE-2',
      storeId: 'ST-DEV',
      lotId: 'L-CREME',
      grams: 1_500,
      at: '2026-01-20T12:00:00Z',
    });
    const state = applyFacts(EMPTY_LEDGER, [...scenarioFacts, oversold]);
    expect(listAnomalies(state).map(summary)).toEqual(['imbalance L-CREME @ store ST-DEV: 500 g']);
  });

  it('reports a run whose outputs and loss do not add up to its inputs', () => {
    const state = applyFacts(EMPTY_LEDGER, [
      batchCollected({
        batchId: 'B9',
        containerId: 'C-9',
        municipality: 'GM0150',
        grams: 1_000,
        at: '2026-03-01T08:00:00Z',
      }),
      batchShipped({
        shipmentId: 'S-9',
        batchId: 'B9',
        containerId: 'C-9',
        centreId: 'DEV',
        grams: 1_000,
        at: '2026-03-01T09:00:00Z',
      }),
      receivedAtCentre({ receiptId: 'R-9', nodeId: 'B9', centreId: 'DEV', grams: 1_000, at: '2026-03-01T10:00:00Z' }),
      sortingRun({
        runId: 'RUN-9',
        centreId: 'DEV',
        inputs: [['B9', 1_000]],
        outputs: [['L-9', 'reuse.creme', 800]],
        lossGrams: 100,
        at: '2026-03-02T10:00:00Z',
      }),
    ]);
    expect(listAnomalies(state).map(summary)).toEqual(['imbalance L-9 @ centre DEV: 100 g']);
    // The batch's grams still all go somewhere: 800/900 to the lot, 100/900 to loss.
    expect(traceForward(state, { kind: 'node', nodeId: 'B9' }).outcomes.filter(({ grams }) => grams > 0n)).toEqual([
      { outcome: 'loss', grams: 111n },
      { outcome: 'stock', grams: 889n },
    ]);
  });

  it('reports a node id created twice, counting the earliest creation whatever arrived first', () => {
    const again = {
      ...scenario.b1,
      eventId: 'again',
      containerId: 'C-ZWO-1',
      municipality: 'GM0193',
      grams: toGrams(7_000),
    };
    for (const facts of [
      [...scenarioFacts, again],
      [again, ...scenarioFacts],
    ]) {
      const state = applyFacts(EMPTY_LEDGER, facts);
      expect(listAnomalies(state).map(summary)).toEqual(['conflicting-facts B1: 7000 g']);
      expect(traceBackward(state, 'B1').origins).toEqual([
        { batchId: 'B1', containerId: 'C-DEV-1', municipality: 'GM0150', grams: 30_000n },
      ]);
      expect(traceForward(state, { kind: 'municipality', municipality: 'GM0193' }).grams).toBe(20_000n);
    }
  });

  it('cuts a cycle of runs instead of looping, and reports it', () => {
    // L-A is made from B-C, L-B from L-A, and then a run claims to make L-A from L-B.
    const state = applyFacts(EMPTY_LEDGER, [
      batchCollected({
        batchId: 'B-C',
        containerId: 'C-1',
        municipality: 'GM0150',
        grams: 1_000,
        at: '2026-03-01T08:00:00Z',
      }),
      resort('RUN-A', 'B-C', 'L-A', '2026-03-02T08:00:00Z'),
      resort('RUN-B', 'L-A', 'L-B', '2026-03-03T08:00:00Z'),
      resort('RUN-C', 'L-B', 'L-A', '2026-03-04T08:00:00Z'),
    ]);
    expect(listAnomalies(state).map(({ kind, nodeId }) => `${kind} ${nodeId}`)).toEqual([
      'consumed-before-received B-C',
      'conflicting-facts L-A',
      'conflicting-facts L-A',
    ]);
    for (const nodeId of ['B-C', 'L-A', 'L-B']) {
      const forward = traceForward(state, { kind: 'node', nodeId });
      expect(forward.outcomes.reduce((total, { grams }) => total + grams, 0n)).toBe(1_000n);
      expect(traceBackward(state, nodeId).origins.reduce((total, { grams }) => total + grams, 0n)).toBe(1_000n);
    }
  });
});
