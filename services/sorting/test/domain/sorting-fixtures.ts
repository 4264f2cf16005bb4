import { toGrams, type Grams } from '@vezel/grams';
import type {
  CompleteSortingRun,
  DispatchLot,
  Fraction,
  LotDispatched,
  NodeReceivedAtCentre,
  ReceiveNodeAtCentre,
  SortingRunCompleted,
} from '../../src/domain/index.ts';

/** The centre most examples happen at. */
export const DEVENTER = 'C-DEVENTER';
/** A batch shipped to Deventer. */
export const BATCH = 'B-2026-000123';
/** When things happen in the examples. */
export const MONDAY_MORNING = new Date('2026-03-02T09:00:00+01:00');

/** Grams, branded, for events written out in a test. */
export function inGrams(value: number | bigint): Grams {
  return toGrams(value);
}

/** A receipt of 10 kg of {@link BATCH} at {@link DEVENTER}. */
export function aReceipt(overrides: Partial<Omit<ReceiveNodeAtCentre, 'type'>> = {}): ReceiveNodeAtCentre {
  return {
    type: 'ReceiveNodeAtCentre',
    receiptId: 'R-1',
    nodeId: BATCH,
    centreId: DEVENTER,
    grams: 10_000n,
    receivedAt: MONDAY_MORNING,
    ...overrides,
  };
}

/** The fact of {@link aReceipt}. */
export function aNodeReceived(overrides: Partial<Omit<NodeReceivedAtCentre, 'type'>> = {}): NodeReceivedAtCentre {
  return {
    type: 'NodeReceivedAtCentre',
    receiptId: 'R-1',
    nodeId: BATCH,
    centreId: DEVENTER,
    grams: inGrams(10_000),
    receivedAt: MONDAY_MORNING,
    ...overrides,
  };
}

/** A run sorting all 10 kg of {@link BATCH}: 6 kg crème (L-1), 3.5 kg wipers (L-2), 0.5 kg lost. */
export function aSortingRun(overrides: Partial<Omit<CompleteSortingRun, 'type'>> = {}): CompleteSortingRun {
  return {
    type: 'CompleteSortingRun',
    runId: 'RUN-1',
    centreId: DEVENTER,
    inputs: [{ nodeId: BATCH, grams: 10_000n }],
    outputs: [
      { lotId: 'L-1', fraction: 'reuse.creme', grams: 6_000n },
      { lotId: 'L-2', fraction: 'recycling.wipers', grams: 3_500n },
    ],
    lossGrams: 500n,
    completedAt: MONDAY_MORNING,
    ...overrides,
  };
}

/** The fact of {@link aSortingRun}. */
export function aSortingRunCompleted(overrides: Partial<Omit<SortingRunCompleted, 'type'>> = {}): SortingRunCompleted {
  return {
    type: 'SortingRunCompleted',
    runId: 'RUN-1',
    centreId: DEVENTER,
    inputs: [{ nodeId: BATCH, grams: inGrams(10_000) }],
    outputs: [
      { lotId: 'L-1', fraction: 'reuse.creme', grams: inGrams(6_000) },
      { lotId: 'L-2', fraction: 'recycling.wipers', grams: inGrams(3_500) },
    ],
    lossGrams: inGrams(500),
    completedAt: MONDAY_MORNING,
    ...overrides,
  };
}

/** A dispatch of 2 kg of lot L-1 from {@link DEVENTER} to a store. */
export function aDispatch(overrides: Partial<Omit<DispatchLot, 'type'>> = {}): DispatchLot {
  return {
    type: 'DispatchLot',
    dispatchId: 'D-1',
    lotId: 'L-1',
    centreId: DEVENTER,
    grams: 2_000n,
    destination: { kind: 'store', id: 'S-DEVENTER-CENTRUM' },
    dispatchedAt: MONDAY_MORNING,
    ...overrides,
  };
}

/** The fact of {@link aDispatch}. */
export function aLotDispatched(overrides: Partial<Omit<LotDispatched, 'type'>> = {}): LotDispatched {
  return {
    type: 'LotDispatched',
    dispatchId: 'D-1',
    lotId: 'L-1',
    centreId: DEVENTER,
    grams: inGrams(2_000),
    destination: { kind: 'store', id: 'S-DEVENTER-CENTRUM' },
    dispatchedAt: MONDAY_MORNING,
    ...overrides,
  };
}

/** The figures of a run that turns grams of one node into one lot without loss. */
export interface SingleLotRunFigures {
  readonly runId?: string;
  readonly nodeId?: string;
  readonly lotId?: string;
  readonly fraction?: Fraction;
  readonly grams: number;
}

/** A run that sorts `grams` of one node (default {@link BATCH}) into one lot, without loss. */
export function aSingleLotRun(figures: SingleLotRunFigures): CompleteSortingRun {
  const { runId = 'RUN-2', nodeId = BATCH, lotId = 'L-9', fraction = 'reuse.creme', grams } = figures;
  return aSortingRun({
    runId,
    inputs: [{ nodeId, grams: BigInt(grams) }],
    outputs: [{ lotId, fraction, grams: BigInt(grams) }],
    lossGrams: 0n,
  });
}

/** The fact of {@link aSingleLotRun}. */
export function aSingleLotRunCompleted(figures: SingleLotRunFigures): SortingRunCompleted {
  const { runId = 'RUN-2', nodeId = BATCH, lotId = 'L-9', fraction = 'reuse.creme', grams } = figures;
  return aSortingRunCompleted({
    runId,
    inputs: [{ nodeId, grams: inGrams(grams) }],
    outputs: [{ lotId, fraction, grams: inGrams(grams) }],
    lossGrams: inGrams(0),
  });
}
