import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidInputError, MassNotConservedError, NotFoundError } from '@vezel/errors';
import { deciderSpecification } from '@vezel/testing';
import {
  DISPOSAL_METHODS,
  evolveProcessorStock,
  hasHeld,
  heldGramsOf,
  initialProcessorStock,
  listHeldNodes,
  processorStockDecider,
  productIdTakenError,
  productIdsCreatedBy,
  stockNodesChangedBy,
  stockNodesReadBy,
  type RecyclingEvent,
} from '../src/domain/index.ts';
import {
  LOT,
  PROCESSOR,
  aDisposal,
  aLotReceived,
  aNodeDisposed,
  aReceipt,
  aRun,
  aRunCompleted,
  anOutput,
  anOutputMade,
  g,
} from './recycling-fixtures.ts';

const spec = deciderSpecification(processorStockDecider);
const received1000 = aLotReceived();
const otherLotReceived = aLotReceived({ receiptId: 'PR-2', lotId: 'L-OTHER', grams: g(500) });

function stockAfter(events: readonly RecyclingEvent[]) {
  return events.reduce(evolveProcessorStock, initialProcessorStock());
}

function errorOf(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected the command to be rejected');
}

describe('receiving a lot at a processor', () => {
  it('records the weighed grams as held by the processor', () => {
    spec.given([]).when(aReceipt()).then([aLotReceived()]);
  });

  it('keeps the dispatch or return the receipt closes', () => {
    spec
      .given([])
      .when(aReceipt({ deliveryId: 'RET-9' }))
      .then([aLotReceived({ deliveryId: 'RET-9' })]);
  });

  it('adds a second receipt of the same lot to what the processor holds', () => {
    spec
      .given([received1000])
      .when(aReceipt({ receiptId: 'PR-2', grams: 250n }))
      .then([aLotReceived({ receiptId: 'PR-2', grams: g(250) })]);
    expect(heldGramsOf(stockAfter([received1000, aLotReceived({ grams: g(250) })]), LOT)).toBe(1_250n);
  });

  it('does not check the receipt against what was sent (that fact belongs to sorting or retail)', () => {
    spec
      .given([])
      .when(aReceipt({ grams: 10n ** 12n }))
      .then([aLotReceived({ grams: g(10n ** 12n) })]);
  });

  it.each([
    ['grams', { grams: 0n }],
    ['grams', { grams: -1n }],
    ['receiptId', { receiptId: '' }],
    ['lotId', { lotId: 'L'.repeat(129) }],
    ['processorId', { processorId: '' }],
    ['deliveryId', { deliveryId: '' }],
    ['receivedAt', { receivedAt: new Date('yesterday-ish') }],
  ] as const)('rejects an impossible %s', (field, overrides) => {
    spec.given([]).when(aReceipt(overrides)).thenThrows(InvalidInputError, { field });
  });
});

describe('completing a processing run', () => {
  it('records a run that consumes held grams and balances to the gram', () => {
    spec.given([received1000]).when(aRun()).then([aRunCompleted()]);
  });

  it('records several inputs and products of every outcome, with no loss at all', () => {
    const run = aRun({
      inputs: [
        { nodeId: LOT, grams: 600n },
        { nodeId: 'L-OTHER', grams: 500n },
      ],
      outputs: [
        { productId: 'PROD-F', outcome: 'recycling.fibre-to-fibre', productKind: 'recycled fibre', grams: 500n },
        { productId: 'PROD-O', outcome: 'recycling.open-loop', productKind: 'insulation', grams: 450n },
        { productId: 'PROD-U', outcome: 'upcycling', productKind: 'bag', grams: 150n },
      ],
      lossGrams: 0n,
    });
    spec
      .given([received1000, otherLotReceived])
      .when(run)
      .then([
        aRunCompleted({
          inputs: [
            { nodeId: LOT, grams: g(600) },
            { nodeId: 'L-OTHER', grams: g(500) },
          ],
          outputs: [
            { productId: 'PROD-F', outcome: 'recycling.fibre-to-fibre', productKind: 'recycled fibre', grams: g(500) },
            { productId: 'PROD-O', outcome: 'recycling.open-loop', productKind: 'insulation', grams: g(450) },
            { productId: 'PROD-U', outcome: 'upcycling', productKind: 'bag', grams: g(150) },
          ],
          lossGrams: g(0),
        }),
      ]);
  });

  it('leaves what the run did not consume in stock', () => {
    const partial = aRunCompleted({
      inputs: [{ nodeId: LOT, grams: g(600) }],
      outputs: [anOutputMade({ grams: g(590) })],
      lossGrams: g(10),
    });
    expect(listHeldNodes(stockAfter([received1000, partial]))).toEqual([{ nodeId: LOT, grams: 400n }]);
  });

  it('makes products terminal: nobody holds them afterwards, so they cannot be consumed or disposed of', () => {
    const stock = stockAfter([received1000, aRunCompleted()]);
    expect(hasHeld(stock, 'PROD-1')).toBe(false);
    expect(heldGramsOf(stock, 'PROD-1')).toBe(0n);
    expect(listHeldNodes(stock)).toEqual([]);
    spec
      .given([received1000, aRunCompleted()])
      .when(
        aRun({
          runId: 'RUN-2',
          inputs: [{ nodeId: 'PROD-1', grams: 900n }],
          outputs: [anOutput({ productId: 'PROD-2' })],
          lossGrams: 0n,
        }),
      )
      .thenThrows(NotFoundError, { field: 'inputs[0].nodeId' });
    spec
      .given([received1000, aRunCompleted()])
      .when(aDisposal({ nodeId: 'PROD-1', grams: 1n }))
      .thenThrows(NotFoundError, { field: 'nodeId' });
  });

  it('rejects a run whose products and loss exceed its inputs, naming lossGrams', () => {
    const error = errorOf(() => processorStockDecider.decide(aRun({ lossGrams: 101n }), stockAfter([received1000])));
    expect(error).toBeInstanceOf(MassNotConservedError);
    expect(error).toMatchObject({
      field: 'lossGrams',
      details: { inputGrams: 1_000n, outputGrams: 900n, lossGrams: 101n, differenceGrams: 1n, expectedLossGrams: 100n },
    });
  });

  it('rejects a run that lets grams vanish unrecorded, naming lossGrams', () => {
    spec
      .given([received1000])
      .when(aRun({ lossGrams: 99n }))
      .thenThrows(MassNotConservedError, { field: 'lossGrams', message: /loss must be 100 g/ });
  });

  it('rejects a run whose products alone weigh more than its inputs, naming outputs', () => {
    const run = aRun({ outputs: [anOutput({ grams: 1_001n })], lossGrams: 0n });
    const error = errorOf(() => processorStockDecider.decide(run, stockAfter([received1000])));
    expect(error).toBeInstanceOf(MassNotConservedError);
    expect(error).toMatchObject({ field: 'outputs', details: { differenceGrams: 1n } });
  });

  it('checks the balance before the stock: an unbalanced run of an unknown node blames the balance', () => {
    spec
      .given([])
      .when(aRun({ lossGrams: 0n }))
      .thenThrows(MassNotConservedError, { field: 'lossGrams' });
  });

  it('rejects a run that consumes more of a node than the processor holds, naming that input', () => {
    const run = aRun({
      inputs: [
        { nodeId: 'L-OTHER', grams: 100n },
        { nodeId: LOT, grams: 1_001n },
      ],
      lossGrams: 201n,
    });
    const error = errorOf(() => processorStockDecider.decide(run, stockAfter([received1000, otherLotReceived])));
    expect(error).toBeInstanceOf(MassNotConservedError);
    expect(error).toMatchObject({
      field: 'inputs[1].grams',
      details: { processorId: PROCESSOR, nodeId: LOT, heldGrams: 1_000n, requestedGrams: 1_001n },
    });
  });

  it('rejects a run that consumes a node the processor never received, naming that input', () => {
    spec.given([]).when(aRun()).thenThrows(NotFoundError, { field: 'inputs[0].nodeId' });
  });

  it('rejects the second of two runs racing for the last grams once the first is recorded', () => {
    const second = aRun({ runId: 'RUN-B', outputs: [anOutput({ productId: 'PROD-B' })] });
    expect(processorStockDecider.decide(second, stockAfter([received1000]))).toHaveLength(1);
    spec
      .given([received1000, aRunCompleted()])
      .when(second)
      .thenThrows(MassNotConservedError, { field: 'inputs[0].grams' });
  });

  it('rejects a node listed twice as input, naming the repeat', () => {
    const run = aRun({
      inputs: [
        { nodeId: LOT, grams: 500n },
        { nodeId: LOT, grams: 500n },
      ],
    });
    spec.given([received1000]).when(run).thenThrows(InvalidInputError, { field: 'inputs[1].nodeId' });
  });

  it('rejects a product listed twice, naming the repeat', () => {
    const outputs = [anOutput({ grams: 450n }), anOutput({ grams: 450n })];
    spec.given([received1000]).when(aRun({ outputs })).thenThrows(InvalidInputError, { field: 'outputs[1].productId' });
  });

  it('rejects a product id that names a node the processor received, even one used up', () => {
    const named = (productId: string) => aRun({ outputs: [anOutput({ productId })] });
    spec.given([received1000]).when(named(LOT)).thenThrows(ConflictError, { field: 'outputs[0].productId' });
    const usedUp = aLotReceived({ receiptId: 'PR-3', lotId: 'L-GONE', grams: g(5) });
    spec
      .given([received1000, usedUp, aNodeDisposed({ nodeId: 'L-GONE', grams: g(5) })])
      .when(named('L-GONE'))
      .thenThrows(ConflictError, { field: 'outputs[0].productId' });
  });

  it('names the output of a product id the app layer found taken elsewhere', () => {
    const run = aRun({
      outputs: [anOutput({ grams: 400n }), anOutput({ productId: 'PROD-2', grams: 500n })],
    });
    expect(productIdsCreatedBy(run)).toEqual(['PROD-1', 'PROD-2']);
    expect(productIdsCreatedBy(aRunCompleted())).toEqual(['PROD-1']);
    const error = productIdTakenError(run, 'PROD-2');
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.field).toBe('outputs[1].productId');
  });

  it.each([
    ['inputs', { inputs: [] }],
    ['outputs', { outputs: [] }],
    ['inputs[0].grams', { inputs: [{ nodeId: LOT, grams: 0n }] }],
    ['inputs[0].nodeId', { inputs: [{ nodeId: '', grams: 1_000n }] }],
    ['outputs[0].grams', { outputs: [anOutput({ grams: 0n })] }],
    ['outputs[0].productId', { outputs: [anOutput({ productId: '' })] }],
    ['outputs[0].outcome', { outputs: [anOutput({ outcome: 'reuse.sold' })] }],
    ['outputs[0].outcome', { outputs: [anOutput({ outcome: 'recycling.wipers' })] }],
    ['outputs[0].productKind', { outputs: [anOutput({ productKind: ' ' })] }],
    ['lossGrams', { lossGrams: -1n }],
    ['runId', { runId: '' }],
    ['processorId', { processorId: 'P'.repeat(129) }],
    ['completedAt', { completedAt: new Date(Number.NaN) }],
  ] as const)('rejects an impossible %s', (field, overrides) => {
    spec.given([received1000]).when(aRun(overrides)).thenThrows(InvalidInputError, { field });
  });
});

describe('disposing of a node', () => {
  it.each(DISPOSAL_METHODS)('records grams the processor holds sent to %s', (method) => {
    spec
      .given([received1000])
      .when(aDisposal({ method }))
      .then([aNodeDisposed({ method })]);
  });

  it('may dispose of everything the processor holds of the node', () => {
    spec
      .given([received1000])
      .when(aDisposal({ grams: 1_000n }))
      .then([aNodeDisposed({ grams: g(1_000) })]);
  });

  it('rejects disposing of more grams than the processor holds, naming grams', () => {
    spec
      .given([
        received1000,
        aRunCompleted({ inputs: [{ nodeId: LOT, grams: g(900) }], outputs: [anOutputMade()], lossGrams: g(0) }),
      ])
      .when(aDisposal({ grams: 101n }))
      .thenThrows(MassNotConservedError, { field: 'grams', message: /holds 100 g/ });
  });

  it('rejects disposing of a node the processor never received, naming nodeId', () => {
    spec
      .given([received1000])
      .when(aDisposal({ nodeId: 'L-ELSEWHERE' }))
      .thenThrows(NotFoundError, { field: 'nodeId' });
  });

  it.each([
    ['method', { method: 'composting' }],
    ['method', { method: '' }],
    ['grams', { grams: 0n }],
    ['disposalId', { disposalId: '' }],
    ['disposedAt', { disposedAt: new Date(Number.NaN) }],
  ] as const)('rejects an impossible %s', (field, overrides) => {
    spec.given([received1000]).when(aDisposal(overrides)).thenThrows(InvalidInputError, { field });
  });
});

describe('what a processor holds', () => {
  it('is what it received minus what its runs consumed and what it disposed of, per node', () => {
    const stock = stockAfter([
      received1000,
      otherLotReceived,
      aNodeDisposed({ grams: g(100) }),
      aRunCompleted({ inputs: [{ nodeId: LOT, grams: g(900) }], lossGrams: g(0) }),
    ]);
    expect(heldGramsOf(stock, LOT)).toBe(0n);
    expect(hasHeld(stock, LOT)).toBe(true);
    expect(listHeldNodes(stock)).toEqual([{ nodeId: 'L-OTHER', grams: 500n }]);
  });

  it('treats node ids that are names of Object.prototype members as ordinary nodes', () => {
    spec
      .given([])
      .when(aDisposal({ nodeId: 'toString' }))
      .thenThrows(NotFoundError, { field: 'nodeId' });
    const proto = aLotReceived({ lotId: '__proto__', grams: g(7) });
    spec
      .given([proto])
      .when(aDisposal({ nodeId: '__proto__', grams: 7n }))
      .then([aNodeDisposed({ nodeId: '__proto__', grams: g(7) })]);
    expect(listHeldNodes(stockAfter([proto]))).toEqual([{ nodeId: '__proto__', grams: 7n }]);
  });

  it('is plain data that survives a structured clone unchanged', () => {
    const stock = stockAfter([received1000, otherLotReceived, aNodeDisposed()]);
    expect(structuredClone(stock)).toEqual(stock);
  });

  it('refuses to evolve a corrupt history that takes more than was held', () => {
    expect(() => stockAfter([aNodeDisposed()])).toThrow(RangeError);
  });
});

describe('what a repository loads and writes back', () => {
  it("reads the nodes a command names, including a run's product ids (to find clashes)", () => {
    expect(stockNodesReadBy(aReceipt())).toEqual([LOT]);
    expect(stockNodesReadBy(aDisposal())).toEqual([LOT]);
    expect(stockNodesReadBy(aRun())).toEqual([LOT, 'PROD-1']);
  });

  it('writes back the nodes an event changes, never products', () => {
    expect(stockNodesChangedBy(aLotReceived())).toEqual([LOT]);
    expect(stockNodesChangedBy(aNodeDisposed())).toEqual([LOT]);
    expect(stockNodesChangedBy(aRunCompleted())).toEqual([LOT]);
  });
});
