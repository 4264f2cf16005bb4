import { describe, expect, it } from 'vitest';
import {
  applyFacts,
  describeNode,
  EMPTY_LEDGER,
  listAnomalies,
  traceBackward,
  traceForward,
  type ForwardTrace,
  type KnownOutcome,
} from '../../src/domain/index.ts';
import { processingRun } from './ledger-fixtures.ts';
import { scenario, scenarioFacts, b1ForwardOutcomesByHand } from './two-municipalities-scenario.ts';

/** A trace's outcomes as plain numbers, every outcome present, for readable expectations. */
function outcomesOf(trace: ForwardTrace): Record<KnownOutcome, number> {
  return Object.fromEntries(trace.outcomes.map(({ outcome, grams }) => [outcome, Number(grams)])) as Record<
    KnownOutcome,
    number
  >;
}

function stockOf(trace: ForwardTrace): string[] {
  return trace.stock.map(({ nodeId, holder, grams }) => `${nodeId} @ ${holder.kind} ${holder.id}: ${grams}`);
}

const ledger = applyFacts(EMPTY_LEDGER, scenarioFacts);

/*
 * The pool of RUN-1 is 49 500 g: B1 gives 30 000 (20/33), B2 19 500 (13/33). Following every output of the run to
 * its end (see two-municipalities-scenario.ts), the pool's 49 500 g end as:
 *   reuse.sold 9 000 | reuse.donated 1 800 | reuse.exported 10 000
 *   recycling.fibre-to-fibre 6 000 | recycling.open-loop 7 000          (all of PRUN-1's outputs)
 *   disposal.energy-recovery 5 000 | disposal.landfill 1 000
 *   loss 3 700 = run 2 500 + D-1 transit 200 + PRUN-1 1 000
 *   stock 6 000 = L-CREME at DEV 5 000 + L-CREME at ST-DEV 1 000
 * (PRUN-1 pools L-CREME 3 000 and L-WIPERS 11 000; both come from RUN-1, so all of PRUN-1's grams are pool grams.)
 */
describe('the hand-computed chain, to the gram', () => {
  it('splits B1 (30 000 g, all into RUN-1) as 20/33 of every pool figure, rounded once by largest remainder', () => {
    // Exact 20/33 shares, floor + remainder (in 33rds):
    //   sold 180 000/33 = 5 454 r18   donated 36 000/33 = 1 090 r30   exported 200 000/33 = 6 060 r20
    //   f2f 120 000/33 = 3 636 r12    open 140 000/33 = 4 242 r14     energy 100 000/33 = 3 030 r10
    //   landfill 20 000/33 = 606 r2   loss 74 000/33 = 2 242 r14
    //   stock L-CREME@DEV 100 000/33 = 3 030 r10    stock L-CREME@ST-DEV 20 000/33 = 606 r2
    // Floors add up to 29 996: the 4 grams left go to the largest remainders: donated (30), exported (20),
    // sold (18), then open-loop (14) before loss (14), because ties go to the earlier outcome.
    const trace = traceForward(ledger, { kind: 'node', nodeId: 'B1' });
    expect(trace.grams).toBe(30_000n);
    expect(trace.custodyModel).toBe('mass-balance');
    expect(outcomesOf(trace)).toEqual(b1ForwardOutcomesByHand);
    expect(stockOf(trace)).toEqual(['L-CREME @ centre DEV: 3030', 'L-CREME @ store ST-DEV: 606']);
  });

  it('charges B2 its own 500 g transit loss and 13/33 of the pool', () => {
    // 500 g shipped but not received are B2's own loss; the other 19 500 g are 13/33 of the pool:
    //   sold 117 000/33 = 3 545 r15   donated 23 400/33 = 709 r3   exported 130 000/33 = 3 939 r13
    //   f2f 78 000/33 = 2 363 r21     open 91 000/33 = 2 757 r19   energy 65 000/33 = 1 969 r23
    //   landfill 13 000/33 = 393 r31  loss 500 + 48 100/33 = 1 957 r19
    //   stock @DEV 65 000/33 = 1 969 r23    stock @ST-DEV 13 000/33 = 393 r31
    // Floors add up to 19 994; 6 grams go to landfill (31), ST-DEV (31), energy (23), DEV (23), f2f (21) and
    // open-loop (19, before loss's 19).
    const trace = traceForward(ledger, { kind: 'node', nodeId: 'B2' });
    expect(outcomesOf(trace)).toEqual({
      'reuse.sold': 3_545,
      'reuse.donated': 709,
      'reuse.exported': 3_939,
      'recycling.fibre-to-fibre': 2_364,
      'recycling.open-loop': 2_758,
      upcycling: 0,
      'disposal.energy-recovery': 1_970,
      'disposal.incineration': 0,
      'disposal.landfill': 394,
      loss: 1_957,
      stock: 2_364,
    });
    expect(stockOf(trace)).toEqual(['L-CREME @ centre DEV: 1970', 'L-CREME @ store ST-DEV: 394']);
  });

  it('traces a lot as the source of its own grams, partly dispatched and partly still in stock', () => {
    // L-CREME 20 000: sold 9 000, donated 1 800, 200 g lost on D-1, 5 000 at DEV and 1 000 at ST-DEV, and 3 000
    // into PRUN-1 (3/14 of its pool): f2f 6 000 x 3/14 = 1 285.71, open 1 500, loss 214.29 (+200 = 414.29).
    // Floors add up to 19 999; the gram goes to f2f (.71 beats .29).
    const trace = traceForward(ledger, { kind: 'node', nodeId: 'L-CREME' });
    expect(outcomesOf(trace)).toMatchObject({
      'reuse.sold': 9_000,
      'reuse.donated': 1_800,
      'recycling.fibre-to-fibre': 1_286,
      'recycling.open-loop': 1_500,
      loss: 414,
      stock: 6_000,
    });
    expect(stockOf(trace)).toEqual(['L-CREME @ centre DEV: 5000', 'L-CREME @ store ST-DEV: 1000']);
  });

  it('sums a municipality from its batches, each rounded on its own, and filters on collection time', () => {
    // GM0150 = B1 (January) + B3 (February, 4 000 on the road, 1 000 at the container).
    const year = traceForward(ledger, { kind: 'municipality', municipality: 'GM0150' });
    expect(year.grams).toBe(35_000n);
    expect(outcomesOf(year)).toMatchObject({ 'reuse.sold': 5_455, loss: 2_242, stock: 3_636 + 5_000 });
    expect(stockOf(year)).toEqual([
      'B3 @ collection C-DEV-1: 1000',
      'B3 @ in-transit S-3: 4000',
      'L-CREME @ centre DEV: 3030',
      'L-CREME @ store ST-DEV: 606',
    ]);
    expect(year.stock.find((line) => line.holder.kind === 'in-transit')?.holder).toEqual({
      kind: 'in-transit',
      id: 'S-3',
      to: { kind: 'centre', id: 'DEV' },
    });

    const january = traceForward(ledger, {
      kind: 'municipality',
      municipality: 'GM0150',
      period: { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-02-01T00:00:00Z') },
    });
    expect(outcomesOf(january)).toEqual(outcomesOf(traceForward(ledger, { kind: 'node', nodeId: 'B1' })));

    const february = traceForward(ledger, {
      kind: 'container',
      containerId: 'C-DEV-1',
      period: { from: new Date('2026-02-01T00:00:00Z') },
    });
    expect(february.grams).toBe(5_000n);
    expect(outcomesOf(february)).toMatchObject({ stock: 5_000 });
  });

  it('adds up per-batch figures, so the chain total may differ from the pool by a rounding gram per batch', () => {
    // B1 + B2: sold 5 455 + 3 545 = 9 000 and stock 3 636 + 2 364 = 6 000 exactly, but open-loop 4 243 + 2 758 =
    // 7 001 (pool: 7 000) and loss 2 242 + 1 957 = 4 199 (pool: 3 700 + B2's 500 = 4 200). Every batch still adds
    // up exactly, and so does their sum: 50 000.
    const zwolle = traceForward(ledger, { kind: 'municipality', municipality: 'GM0193' });
    const january = traceForward(ledger, {
      kind: 'municipality',
      municipality: 'GM0150',
      period: { to: new Date('2026-02-01T00:00:00Z') },
    });
    const total = (outcome: KnownOutcome) => outcomesOf(zwolle)[outcome] + outcomesOf(january)[outcome];
    expect(total('reuse.sold')).toBe(9_000);
    expect(total('recycling.open-loop')).toBe(7_001);
    expect(total('loss')).toBe(4_199);
    expect(zwolle.grams + january.grams).toBe(50_000n);
  });

  it('traces a lot back to both municipalities in the pool proportion', () => {
    // L-CREME 20 000 x 20/33 = 12 121.21 (B1) and x 13/33 = 7 878.79 (B2): the spare gram goes to B2.
    expect(traceBackward(ledger, 'L-CREME')).toEqual({
      node: 'L-CREME',
      grams: 20_000n,
      custodyModel: 'mass-balance',
      origins: [
        { batchId: 'B1', containerId: 'C-DEV-1', municipality: 'GM0150', grams: 12_121n },
        { batchId: 'B2', containerId: 'C-ZWO-1', municipality: 'GM0193', grams: 7_879n },
      ],
      byMunicipality: [
        { municipality: 'GM0150', grams: 12_121n },
        { municipality: 'GM0193', grams: 7_879n },
      ],
    });
  });

  it('traces a recycled product back through the store return and the wipers lot', () => {
    // PRUN-1 pools L-CREME 3 000 and L-WIPERS 11 000, both 20/33 B1 and 13/33 B2, so PR-F2F (6 000) is too:
    // 3 636.36 and 2 363.64 -> 3 636 + 2 364. PR-OPEN (7 000): 4 242.42 and 2 757.58 -> 4 242 + 2 758.
    expect(traceBackward(ledger, 'PR-F2F').origins.map(({ batchId, grams }) => [batchId, grams])).toEqual([
      ['B1', 3_636n],
      ['B2', 2_364n],
    ]);
    expect(traceBackward(ledger, 'PR-OPEN').byMunicipality).toEqual([
      { municipality: 'GM0150', grams: 4_242n },
      { municipality: 'GM0193', grams: 2_758n },
    ]);
    expect(traceBackward(ledger, 'B2').origins).toEqual([
      { batchId: 'B2', containerId: 'C-ZWO-1', municipality: 'GM0193', grams: 20_000n },
    ]);
  });

  it('sends a product forward to its own outcome', () => {
    expect(outcomesOf(traceForward(ledger, { kind: 'node', nodeId: 'PR-OPEN' }))).toMatchObject({
      'recycling.open-loop': 7_000,
      stock: 0,
    });
  });

  it('passes on an outcome it does not know, listed after loss and before stock', () => {
    // The processor reports PRUN-1's second product with a newer outcome (ADR 7: outcomes are an open vocabulary).
    const chemical = processingRun({
      runId: 'PRUN-1',
      processorId: 'P-1',
      inputs: [
        ['L-CREME', 3_000],
        ['L-WIPERS', 11_000],
      ],
      outputs: [
        ['PR-F2F', 'recycling.fibre-to-fibre', 6_000],
        ['PR-CHEM', 'recycling.chemical', 7_000],
      ],
      lossGrams: 1_000,
      at: '2026-01-14T10:00:00Z',
    });
    const state = applyFacts(EMPTY_LEDGER, [...scenarioFacts.filter((fact) => fact !== scenario.prun1), chemical]);
    const trace = traceForward(state, { kind: 'node', nodeId: 'L-WIPERS' });
    expect(trace.outcomes.map(({ outcome }) => outcome).slice(-3)).toEqual(['loss', 'recycling.chemical', 'stock']);
    // L-WIPERS put 11 000 of PRUN-1's 14 000 g in, so it owns 11/14 of PR-CHEM's 7 000 g: 5 500 g.
    expect(trace.outcomes.find(({ outcome }) => outcome === 'recycling.chemical')?.grams).toBe(5_500n);
  });

  it('tells a node’s history in time order, with where and how many grams', () => {
    const { node, holders, history } = describeNode(ledger, 'L-CREME');
    expect(node).toMatchObject({
      kind: 'lot',
      runId: 'RUN-1',
      centreId: 'DEV',
      fraction: 'reuse.creme',
      grams: 20_000n,
    });
    expect(holders).toEqual([
      { holder: { kind: 'centre', id: 'DEV' }, grams: 5_000n },
      { holder: { kind: 'store', id: 'ST-DEV' }, grams: 1_000n },
    ]);
    expect(history.map(({ type, holder, grams }) => `${type} ${holder.kind}:${holder.id} ${grams}`)).toEqual([
      'SortingRunCompleted centre:DEV 20000',
      'LotDispatched in-transit:D-1 15000',
      'LotReceivedAtStore store:ST-DEV 14800',
      'ItemsSold store:ST-DEV 9000',
      'ItemsDonated store:ST-DEV 1800',
      'LotReturned in-transit:RET-1 3000',
      'LotReceivedByProcessor processor:P-1 3000',
      'ProcessingRunCompleted processor:P-1 3000',
    ]);
    expect(describeNode(ledger, 'B3').holders).toEqual([
      { holder: { kind: 'collection', id: 'C-DEV-1' }, grams: 1_000n },
      { holder: { kind: 'in-transit', id: 'S-3', to: { kind: 'centre', id: 'DEV' } }, grams: 4_000n },
    ]);
  });

  it('reports no anomaly for the complete chain', () => {
    expect(listAnomalies(ledger)).toEqual([]);
  });

  it('gives the same figures whatever order the facts came in', () => {
    const reversed = applyFacts(EMPTY_LEDGER, [...scenarioFacts].reverse());
    for (const nodeId of ['B1', 'B2', 'B3', 'L-CREME', 'L-WIPERS', 'PR-F2F']) {
      expect(traceForward(reversed, { kind: 'node', nodeId })).toEqual(traceForward(ledger, { kind: 'node', nodeId }));
      expect(traceBackward(reversed, nodeId)).toEqual(traceBackward(ledger, nodeId));
      expect(describeNode(reversed, nodeId)).toEqual(describeNode(ledger, nodeId));
    }
  });
});
