import type { LedgerFact } from '../../src/domain/index.ts';
import {
  batchCollected,
  batchShipped,
  containerRegistered,
  itemsDonated,
  itemsSold,
  lotDispatched,
  receivedAtStore,
  lotReturned,
  nodeDisposed,
  processingRun,
  receivedAtCentre,
  receivedByProcessor,
  sortingRun,
} from './ledger-fixtures.ts';

/*
 * The hand-computed chain of ledger-scenario.unit.spec.ts, in time order (the tests apply it in other orders too).
 *
 *   C-DEV-1 (GM0150 Deventer) -- B1 30 000 g --S-1--> centre DEV, received 30 000 (names S-1)
 *   C-ZWO-1 (GM0193 Zwolle)   -- B2 20 000 g --S-2--> centre DEV, received 19 500 (no delivery id): 500 g transit loss
 *   RUN-1 at DEV: B1 30 000 + B2 19 500 = 49 500 -> L-CREME 20 000, L-EXPORT 10 000, L-WIPERS 12 000,
 *                 L-RESID 5 000, loss 2 500
 *   L-CREME:  15 000 --D-1--> store ST-DEV, received 14 800 (200 g transit loss); 5 000 stay at DEV
 *             ST-DEV sells 9 000, donates 1 800, returns 3 000 --RET-1--> processor P-1 (received 3 000);
 *             1 000 stay in the store
 *   L-EXPORT: 10 000 to exporter EXP-PL (Poland)                     -> reuse.exported
 *   L-WIPERS: 12 000 --D-3--> P-1, received 12 000 (no delivery id); P-1 disposes of 1 000 to landfill
 *   L-RESID:   5 000 to disposal facility AVR (energy recovery)      -> disposal.energy-recovery
 *   PRUN-1 at P-1: L-CREME 3 000 + L-WIPERS 11 000 = 14 000 -> PR-F2F 6 000 (fibre-to-fibre),
 *                  PR-OPEN 7 000 (open loop), loss 1 000
 *   B3 (GM0150, February): 5 000 g, 4 000 shipped on S-3 (still on the road), 1 000 still at the container
 */
export const scenario = {
  containerDeventer: containerRegistered('C-DEV-1', 'GM0150'),
  containerZwolle: containerRegistered('C-ZWO-1', 'GM0193'),
  b1: batchCollected({
    batchId: 'B1',
    containerId: 'C-DEV-1',
    municipality: 'GM0150',
    grams: 30_000,
    at: '2026-01-05T08:00:00Z',
  }),
  b2: batchCollected({
    batchId: 'B2',
    containerId: 'C-ZWO-1',
    municipality: 'GM0193',
    grams: 20_000,
    at: '2026-01-05T09:00:00Z',
  }),
  s1: batchShipped({
    shipmentId: 'S-1',
    batchId: 'B1',
    containerId: 'C-DEV-1',
    centreId: 'DEV',
    grams: 30_000,
    at: '2026-01-06T08:00:00Z',
  }),
  s2: batchShipped({
    shipmentId: 'S-2',
    batchId: 'B2',
    containerId: 'C-ZWO-1',
    centreId: 'DEV',
    grams: 20_000,
    at: '2026-01-06T09:00:00Z',
  }),
  r1: receivedAtCentre({
    receiptId: 'R-1',
    nodeId: 'B1',
    centreId: 'DEV',
    grams: 30_000,
    deliveryId: 'S-1',
    at: '2026-01-06T12:00:00Z',
  }),
  r2: receivedAtCentre({ receiptId: 'R-2', nodeId: 'B2', centreId: 'DEV', grams: 19_500, at: '2026-01-06T13:00:00Z' }),
  run1: sortingRun({
    runId: 'RUN-1',
    centreId: 'DEV',
    inputs: [
      ['B1', 30_000],
      ['B2', 19_500],
    ],
    outputs: [
      ['L-CREME', 'reuse.creme', 20_000],
      ['L-EXPORT', 'reuse.export', 10_000],
      ['L-WIPERS', 'recycling.wipers', 12_000],
      ['L-RESID', 'residual.textile', 5_000],
    ],
    lossGrams: 2_500,
    at: '2026-01-07T10:00:00Z',
  }),
  d1: lotDispatched({
    dispatchId: 'D-1',
    lotId: 'L-CREME',
    centreId: 'DEV',
    grams: 15_000,
    destination: { kind: 'store', id: 'ST-DEV' },
    at: '2026-01-08T08:00:00Z',
  }),
  d2: lotDispatched({
    dispatchId: 'D-2',
    lotId: 'L-EXPORT',
    centreId: 'DEV',
    grams: 10_000,
    destination: { kind: 'exporter', id: 'EXP-PL', country: 'PL' },
    at: '2026-01-08T09:00:00Z',
  }),
  d3: lotDispatched({
    dispatchId: 'D-3',
    lotId: 'L-WIPERS',
    centreId: 'DEV',
    grams: 12_000,
    destination: { kind: 'processor', id: 'P-1' },
    at: '2026-01-08T10:00:00Z',
  }),
  d4: lotDispatched({
    dispatchId: 'D-4',
    lotId: 'L-RESID',
    centreId: 'DEV',
    grams: 5_000,
    destination: { kind: 'disposal', id: 'AVR', method: 'energy-recovery' },
    at: '2026-01-08T11:00:00Z',
  }),
  storeReceipt: receivedAtStore({
    receiptId: 'SR-1',
    lotId: 'L-CREME',
    storeId: 'ST-DEV',
    grams: 14_800,
    deliveryId: 'D-1',
    at: '2026-01-08T15:00:00Z',
  }),
  wipersReceipt: receivedByProcessor({
    receiptId: 'PR-1',
    lotId: 'L-WIPERS',
    processorId: 'P-1',
    grams: 12_000,
    at: '2026-01-09T10:00:00Z',
  }),
  sale: itemsSold({ saleId: 'SALE-1', storeId: 'ST-DEV', lotId: 'L-CREME', grams: 9_000, at: '2026-01-10T12:00:00Z' }),
  donation: itemsDonated({
    donationId: 'DON-1',
    storeId: 'ST-DEV',
    lotId: 'L-CREME',
    grams: 1_800,
    at: '2026-01-11T12:00:00Z',
  }),
  ret: lotReturned({
    returnId: 'RET-1',
    storeId: 'ST-DEV',
    lotId: 'L-CREME',
    grams: 3_000,
    destination: { kind: 'processor', id: 'P-1' },
    at: '2026-01-12T12:00:00Z',
  }),
  returnReceipt: receivedByProcessor({
    receiptId: 'PR-2',
    lotId: 'L-CREME',
    processorId: 'P-1',
    grams: 3_000,
    deliveryId: 'RET-1',
    at: '2026-01-13T10:00:00Z',
  }),
  prun1: processingRun({
    runId: 'PRUN-1',
    processorId: 'P-1',
    inputs: [
      ['L-CREME', 3_000],
      ['L-WIPERS', 11_000],
    ],
    outputs: [
      ['PR-F2F', 'recycling.fibre-to-fibre', 6_000],
      ['PR-OPEN', 'recycling.open-loop', 7_000],
    ],
    lossGrams: 1_000,
    at: '2026-01-14T10:00:00Z',
  }),
  landfill: nodeDisposed({
    disposalId: 'DISP-1',
    processorId: 'P-1',
    nodeId: 'L-WIPERS',
    grams: 1_000,
    method: 'landfill',
    at: '2026-01-15T10:00:00Z',
  }),
  b3: batchCollected({
    batchId: 'B3',
    containerId: 'C-DEV-1',
    municipality: 'GM0150',
    grams: 5_000,
    at: '2026-02-03T08:00:00Z',
  }),
  s3: batchShipped({
    shipmentId: 'S-3',
    batchId: 'B3',
    containerId: 'C-DEV-1',
    centreId: 'DEV',
    grams: 4_000,
    at: '2026-02-04T08:00:00Z',
  }),
} as const satisfies Record<string, LedgerFact>;

/** Every fact of the scenario, in time order. */
export const scenarioFacts: readonly LedgerFact[] = Object.values(scenario);

/** B1's forward trace worked out by hand (30,000 g through merges, partial sales, a return and losses), in grams. */
export const b1ForwardOutcomesByHand: Readonly<Record<string, number>> = {
  'reuse.sold': 5_455,
  'reuse.donated': 1_091,
  'reuse.exported': 6_061,
  'recycling.fibre-to-fibre': 3_636,
  'recycling.open-loop': 4_243,
  upcycling: 0,
  'disposal.energy-recovery': 3_030,
  'disposal.incineration': 0,
  'disposal.landfill': 606,
  loss: 2_242,
  stock: 3_636,
};
