import { ConflictError, InvalidInputError, MassNotConservedError, NotFoundError } from '@vezel/errors';
import { deciderSpecification } from '@vezel/testing';
import { describe, expect, it } from 'vitest';
import {
  centreStockDecider,
  decideCentreStock,
  evolveCentreStock,
  heldGramsOf,
  initialCentreStock,
  lotIdTakenError,
  lotIdsCreatedBy,
  type SortingEvent,
} from '../../src/domain/index.ts';
import {
  BATCH,
  aNodeReceived,
  aSingleLotRun,
  aSingleLotRunCompleted,
  aSortingRun,
  aSortingRunCompleted,
  inGrams,
} from './sorting-fixtures.ts';

const spec = deciderSpecification(centreStockDecider);
const batchReceived = aNodeReceived();
const secondBatchReceived = aNodeReceived({ receiptId: 'R-2', nodeId: 'B-2', grams: inGrams(4_000) });

function rejection(history: readonly SortingEvent[], command: ReturnType<typeof aSortingRun>): unknown {
  try {
    decideCentreStock(command, history.reduce(evolveCentreStock, initialCentreStock()));
  } catch (error) {
    return error;
  }
  throw new Error('expected the run to be rejected');
}

describe('completing a sorting run', () => {
  it('consumes what the centre holds and creates graded lots', () => {
    spec.given([batchReceived]).when(aSortingRun()).then([aSortingRunCompleted()]);
  });

  it('creates the lots held by the centre, with their grams, and takes the inputs out of stock', () => {
    const run = aSortingRunCompleted({
      inputs: [
        { nodeId: BATCH, grams: inGrams(7_000) },
        { nodeId: 'B-2', grams: inGrams(4_000) },
      ],
      outputs: [{ lotId: 'L-1', fraction: 'reuse.creme', grams: inGrams(11_000) }],
      lossGrams: inGrams(0),
    });
    const stock = [batchReceived, secondBatchReceived, run].reduce(evolveCentreStock, initialCentreStock());
    expect(heldGramsOf(stock, BATCH)).toBe(3_000n);
    expect(heldGramsOf(stock, 'B-2')).toBe(0n);
    expect(heldGramsOf(stock, 'L-1')).toBe(11_000n);
  });

  it('accepts a run without loss', () => {
    spec
      .given([batchReceived])
      .when(aSingleLotRun({ runId: 'RUN-1', lotId: 'L-1', fraction: 'reuse.export', grams: 10_000 }))
      .then([aSingleLotRunCompleted({ runId: 'RUN-1', lotId: 'L-1', fraction: 'reuse.export', grams: 10_000 })]);
  });

  it('sorts part of a batch and leaves the rest in stock for a later run', () => {
    spec
      .given([batchReceived, aSingleLotRunCompleted({ runId: 'RUN-1', lotId: 'L-1', grams: 6_000 })])
      .when(aSingleLotRun({ lotId: 'L-2', fraction: 'recycling.wipers', grams: 4_000 }))
      .then([aSingleLotRunCompleted({ lotId: 'L-2', fraction: 'recycling.wipers', grams: 4_000 })]);
  });

  it('sorts a returned lot again', () => {
    const returned = aNodeReceived({ receiptId: 'R-2', nodeId: 'L-1', grams: inGrams(800) });
    spec
      .given([batchReceived, aSortingRunCompleted(), returned])
      .when(aSingleLotRun({ nodeId: 'L-1', lotId: 'L-3', fraction: 'reuse.vintage', grams: 6_800 }))
      .then([aSingleLotRunCompleted({ nodeId: 'L-1', lotId: 'L-3', fraction: 'reuse.vintage', grams: 6_800 })]);
  });

  describe('balance: inputs = outputs + loss, to the gram', () => {
    it('rejects a sorting run whose outputs and loss exceed its inputs, naming the loss', () => {
      spec
        .given([batchReceived])
        .when(aSortingRun({ lossGrams: 501n }))
        .thenThrows(MassNotConservedError, { field: 'lossGrams' });
    });

    it('rejects a sorting run whose outputs and loss fall short of its inputs, naming the loss', () => {
      spec
        .given([batchReceived])
        .when(aSortingRun({ lossGrams: 499n }))
        .thenThrows(MassNotConservedError, { field: 'lossGrams' });
    });

    it('tells the client the gram difference and the loss that would balance the run', () => {
      const error = rejection([batchReceived], aSortingRun({ lossGrams: 499n })) as MassNotConservedError;
      expect(error.details).toEqual({
        inputGrams: 10_000n,
        outputGrams: 9_500n,
        lossGrams: 499n,
        differenceGrams: -1n,
        expectedLossGrams: 500n,
      });
    });

    it('rejects a sorting run whose lots alone weigh more than its inputs, naming the outputs', () => {
      const outputs = [
        { lotId: 'L-1', fraction: 'reuse.creme', grams: 6_000n },
        { lotId: 'L-2', fraction: 'recycling.wipers', grams: 4_001n },
      ];
      spec
        .given([batchReceived])
        .when(aSortingRun({ outputs, lossGrams: 0n }))
        .thenThrows(MassNotConservedError, { field: 'outputs' });
      const error = rejection([batchReceived], aSortingRun({ outputs, lossGrams: 0n })) as MassNotConservedError;
      expect(error.details).toMatchObject({ differenceGrams: 1n });
    });
  });

  describe('stock: a run consumes at most what the centre holds', () => {
    it('rejects a run that consumes more of a node than the centre holds, with what it holds and what was asked', () => {
      const run = aSortingRun({
        inputs: [
          { nodeId: BATCH, grams: 10_000n },
          { nodeId: 'B-2', grams: 4_001n },
        ],
        outputs: [{ lotId: 'L-1', fraction: 'reuse.creme', grams: 14_001n }],
        lossGrams: 0n,
      });
      spec
        .given([batchReceived, secondBatchReceived])
        .when(run)
        .thenThrows(MassNotConservedError, { field: 'inputs[1].grams' });
      expect((rejection([batchReceived, secondBatchReceived], run) as MassNotConservedError).details).toEqual({
        centreId: 'C-DEVENTER',
        nodeId: 'B-2',
        heldGrams: 4_000n,
        requestedGrams: 4_001n,
      });
    });

    it('rejects a run that consumes a batch already sorted in full', () => {
      spec
        .given([batchReceived, aSortingRunCompleted()])
        .when(aSingleLotRun({ grams: 10_000 }))
        .thenThrows(MassNotConservedError, { field: 'inputs[0].grams' });
    });

    it('rejects a run that consumes a node the centre never received', () => {
      spec.given([]).when(aSortingRun()).thenThrows(NotFoundError, { field: 'inputs[0].nodeId' });
    });
  });

  describe('lots: new, distinct, graded', () => {
    it('rejects an output lot id an earlier run at this centre created', () => {
      spec
        .given([batchReceived, secondBatchReceived, aSortingRunCompleted()])
        .when(aSingleLotRun({ nodeId: 'B-2', lotId: 'L-2', grams: 4_000 }))
        .thenThrows(ConflictError, { field: 'outputs[0].lotId' });
    });

    it('rejects an output lot id that names a node the centre received', () => {
      const outputs = [
        { lotId: 'L-1', fraction: 'reuse.creme', grams: 6_000n },
        { lotId: 'B-2', fraction: 'recycling.wipers', grams: 3_500n },
      ];
      spec
        .given([batchReceived, secondBatchReceived])
        .when(aSortingRun({ outputs }))
        .thenThrows(ConflictError, { field: 'outputs[1].lotId' });
    });

    it('rejects an output lot id that is one of the run inputs', () => {
      const outputs = [{ lotId: BATCH, fraction: 'reuse.creme', grams: 9_500n }];
      spec
        .given([batchReceived])
        .when(aSortingRun({ outputs }))
        .thenThrows(ConflictError, { field: 'outputs[0].lotId' });
    });

    it('rejects a run that creates the same lot twice', () => {
      const outputs = [
        { lotId: 'L-1', fraction: 'reuse.creme', grams: 6_000n },
        { lotId: 'L-1', fraction: 'recycling.wipers', grams: 3_500n },
      ];
      spec
        .given([batchReceived])
        .when(aSortingRun({ outputs }))
        .thenThrows(InvalidInputError, { field: 'outputs[1].lotId' });
    });

    it('rejects a fraction that is not a known sorting grade', () => {
      const outputs = [
        { lotId: 'L-1', fraction: 'reuse.creme', grams: 6_000n },
        { lotId: 'L-2', fraction: 'reuse.crème', grams: 3_500n },
      ];
      spec
        .given([batchReceived])
        .when(aSortingRun({ outputs }))
        .thenThrows(InvalidInputError, { field: 'outputs[1].fraction' });
    });

    it('rejects a run without lots, even when everything is declared loss', () => {
      spec
        .given([batchReceived])
        .when(aSortingRun({ outputs: [], lossGrams: 10_000n }))
        .thenThrows(InvalidInputError, { field: 'outputs' });
    });
  });

  describe('inputs and quantities', () => {
    it('rejects a run without inputs', () => {
      spec
        .given([batchReceived])
        .when(aSortingRun({ inputs: [] }))
        .thenThrows(InvalidInputError, { field: 'inputs' });
    });

    it('rejects a run that lists a node twice', () => {
      const inputs = [
        { nodeId: BATCH, grams: 5_000n },
        { nodeId: BATCH, grams: 5_000n },
      ];
      spec
        .given([batchReceived])
        .when(aSortingRun({ inputs }))
        .thenThrows(InvalidInputError, { field: 'inputs[1].nodeId' });
    });

    it.each([0n, -1n])('rejects an input of %s g', (grams) => {
      spec
        .given([batchReceived])
        .when(
          aSortingRun({
            inputs: [
              { nodeId: BATCH, grams: 10_000n },
              { nodeId: 'B-2', grams },
            ],
          }),
        )
        .thenThrows(InvalidInputError, { field: 'inputs[1].grams' });
    });

    it.each([0n, -1n])('rejects a lot of %s g', (grams) => {
      spec
        .given([batchReceived])
        .when(aSortingRun({ outputs: [{ lotId: 'L-1', fraction: 'reuse.creme', grams }], lossGrams: 10_000n }))
        .thenThrows(InvalidInputError, { field: 'outputs[0].grams' });
    });

    it('rejects a negative loss', () => {
      spec
        .given([batchReceived])
        .when(aSortingRun({ lossGrams: -500n }))
        .thenThrows(InvalidInputError, { field: 'lossGrams' });
    });

    it.each([
      ['runId', { runId: '' }],
      ['centreId', { centreId: 'x'.repeat(129) }],
      ['inputs[0].nodeId', { inputs: [{ nodeId: '', grams: 10_000n }] }],
      ['outputs[0].lotId', { outputs: [{ lotId: '', fraction: 'reuse.creme', grams: 9_500n }] }],
      ['completedAt', { completedAt: new Date(Number.NaN) }],
    ] as const)('rejects a run with an invalid %s', (field, overrides) => {
      spec.given([batchReceived]).when(aSortingRun(overrides)).thenThrows(InvalidInputError, { field });
    });
  });

  describe('what the app layer needs for lot ids across centres', () => {
    it('lists the lot ids a run creates, in output order', () => {
      expect(lotIdsCreatedBy(aSortingRun())).toEqual(['L-1', 'L-2']);
      expect(lotIdsCreatedBy(aSortingRunCompleted())).toEqual(['L-1', 'L-2']);
    });

    it('rejects a lot id taken at another centre exactly like one taken here', () => {
      const error = lotIdTakenError(aSortingRun(), 'L-2');
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.field).toBe('outputs[1].lotId');
      expect(error.details).toEqual({ lotId: 'L-2' });
    });
  });
});
