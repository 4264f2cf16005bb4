import { InvalidInputError, MassNotConservedError } from '@vezel/errors';
import { toGrams, type Grams } from '@vezel/grams';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requireBalancedRun, requireRunInputs } from '../src/index.ts';

const g = (value: number): Grams => toGrams(value);

describe('the run balance', () => {
  it('holds when the inputs equal the outputs plus the loss, to the gram', () => {
    expect(() =>
      requireBalancedRun(
        { inputs: [{ grams: g(600) }, { grams: g(400) }], outputs: [{ grams: g(990) }], lossGrams: g(10) },
        'lots',
      ),
    ).not.toThrow();
  });

  it('blames the outputs when they alone weigh more than the inputs: no loss could balance that', () => {
    expect(() =>
      requireBalancedRun({ inputs: [{ grams: g(100) }], outputs: [{ grams: g(101) }], lossGrams: g(0) }, 'lots'),
    ).toThrow(
      expect.objectContaining({
        name: 'MassNotConservedError',
        field: 'outputs',
        message: 'the lots weigh 101 g, more than the 100 g consumed',
      }),
    );
  });

  it('blames the loss otherwise, saying what it must be', () => {
    expect(() =>
      requireBalancedRun({ inputs: [{ grams: g(100) }], outputs: [{ grams: g(90) }], lossGrams: g(5) }, 'products'),
    ).toThrow(
      expect.objectContaining({
        field: 'lossGrams',
        message: 'inputs (100 g) must equal products (90 g) plus loss: the loss must be 10 g, not 5 g',
      }),
    );
  });

  it('accepts exactly the balanced runs, whatever the grams (property)', () => {
    const grams = fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(grams, grams, fc.integer({ min: 0, max: 1_000_000 }), (inputs, outputs, loss) => {
        const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);
        const run = {
          inputs: inputs.map((value) => ({ grams: g(value) })),
          outputs: outputs.map((value) => ({ grams: g(value) })),
          lossGrams: g(loss),
        };
        const balanced = sum(inputs) === sum(outputs) + loss;
        let refused: unknown;
        try {
          requireBalancedRun(run, 'lots');
        } catch (error) {
          refused = error;
        }
        expect(refused === undefined).toBe(balanced);
        if (!balanced) expect(refused).toBeInstanceOf(MassNotConservedError);
      }),
    );
  });
});

describe('a run’s inputs', () => {
  it('are at least one, each node once, with positive grams, errors naming the line', () => {
    expect(requireRunInputs([{ nodeId: 'B-1', grams: 5n }])).toEqual([{ nodeId: 'B-1', grams: 5n }]);
    for (const [inputs, field] of [
      [[], 'inputs'],
      [
        [
          { nodeId: 'B-1', grams: 5n },
          { nodeId: 'B-1', grams: 1n },
        ],
        'inputs[1].nodeId',
      ],
      [[{ nodeId: 'B-1', grams: 0n }], 'inputs[0].grams'],
      [[{ nodeId: '', grams: 1n }], 'inputs[0].nodeId'],
    ] as const) {
      expect(() => requireRunInputs(inputs), field).toThrow(InvalidInputError);
      expect(() => requireRunInputs(inputs), field).toThrow(expect.objectContaining({ field }));
    }
  });
});
