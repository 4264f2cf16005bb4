import type { Grams } from '@vezel/grams';
import type {
  CompleteProcessingRun,
  DisposeNode,
  LotReceivedByProcessor,
  NodeDisposed,
  ProcessingRunCompleted,
  ProcessingRunOutput,
  ReceiveLotAtProcessor,
  RunOutputLine,
} from '../src/domain/index.ts';

// Fixture builders: each gives a valid command or event for processor P-FRANKENHUIS, so a test spells out only
// what its rule is about. The default run turns 1 000 g of LOT into 900 g of fibre with 100 g lost.

export const PROCESSOR = 'P-FRANKENHUIS';
export const LOT = 'L-2026-000042';

const at = (iso: string): Date => new Date(iso);

/** Grams literal for event fixtures (`g(400)`), without spelling the brand cast each time. */
export function g(value: number | bigint): Grams {
  return BigInt(value) as Grams;
}

/** A valid receipt command (1 000 g of LOT). */
export function aReceipt(overrides: Partial<ReceiveLotAtProcessor> = {}): ReceiveLotAtProcessor {
  return {
    type: 'ReceiveLotAtProcessor',
    receiptId: 'PR-1',
    lotId: LOT,
    processorId: PROCESSOR,
    grams: 1_000n,
    receivedAt: at('2026-03-10T08:00:00+01:00'),
    ...overrides,
  };
}

/** The event of {@link aReceipt}. */
export function aLotReceived(overrides: Partial<LotReceivedByProcessor> = {}): LotReceivedByProcessor {
  return {
    type: 'LotReceivedByProcessor',
    receiptId: 'PR-1',
    lotId: LOT,
    processorId: PROCESSOR,
    grams: g(1_000),
    receivedAt: at('2026-03-10T08:00:00+01:00'),
    ...overrides,
  };
}

/** A product line of a run command: by default a 900 g upcycled bag PROD-1. */
export function anOutput(overrides: Partial<RunOutputLine> = {}): RunOutputLine {
  return { productId: 'PROD-1', outcome: 'upcycling', productKind: 'bag', grams: 900n, ...overrides };
}

/** The product line of a run event: by default a 900 g upcycled bag PROD-1. */
export function anOutputMade(overrides: Partial<ProcessingRunOutput> = {}): ProcessingRunOutput {
  return { productId: 'PROD-1', outcome: 'upcycling', productKind: 'bag', grams: g(900), ...overrides };
}

/** A valid run command: 1 000 g of LOT -> 900 g fibre-to-fibre product PROD-1, 100 g loss. */
export function aRun(overrides: Partial<CompleteProcessingRun> = {}): CompleteProcessingRun {
  return {
    type: 'CompleteProcessingRun',
    runId: 'RUN-1',
    processorId: PROCESSOR,
    inputs: [{ nodeId: LOT, grams: 1_000n }],
    outputs: [{ productId: 'PROD-1', outcome: 'recycling.fibre-to-fibre', productKind: 'recycled fibre', grams: 900n }],
    lossGrams: 100n,
    completedAt: at('2026-03-11T17:00:00+01:00'),
    ...overrides,
  };
}

/** The event of {@link aRun}. */
export function aRunCompleted(overrides: Partial<ProcessingRunCompleted> = {}): ProcessingRunCompleted {
  return {
    type: 'ProcessingRunCompleted',
    runId: 'RUN-1',
    processorId: PROCESSOR,
    inputs: [{ nodeId: LOT, grams: g(1_000) }],
    outputs: [
      { productId: 'PROD-1', outcome: 'recycling.fibre-to-fibre', productKind: 'recycled fibre', grams: g(900) },
    ],
    lossGrams: g(100),
    completedAt: at('2026-03-11T17:00:00+01:00'),
    ...overrides,
  };
}

/** A valid disposal command (200 g of LOT, energy recovery). */
export function aDisposal(overrides: Partial<DisposeNode> = {}): DisposeNode {
  return {
    type: 'DisposeNode',
    disposalId: 'DISP-1',
    processorId: PROCESSOR,
    nodeId: LOT,
    grams: 200n,
    method: 'energy-recovery',
    disposedAt: at('2026-03-12T10:00:00+01:00'),
    ...overrides,
  };
}

/** The event of {@link aDisposal}. */
export function aNodeDisposed(overrides: Partial<NodeDisposed> = {}): NodeDisposed {
  return {
    type: 'NodeDisposed',
    disposalId: 'DISP-1',
    processorId: PROCESSOR,
    nodeId: LOT,
    grams: g(200),
    method: 'energy-recovery',
    disposedAt: at('2026-03-12T10:00:00+01:00'),
    ...overrides,
  };
}
