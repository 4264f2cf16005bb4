import { ConflictError, InvalidInputError, MassNotConservedError, NotFoundError } from '@vezel/errors';
import { toGrams, type Grams } from '@vezel/grams';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decideHolderRun,
  emptyHolderStock,
  outputIdTakenError,
  receiveGrams,
  type RunCommand,
  type RunOutputs,
} from '../src/index.ts';

interface PartLine {
  readonly partId: string;
  readonly colour: string;
  readonly grams: bigint;
}
interface Part {
  readonly partId: string;
  readonly colour: 'red' | 'blue';
  readonly grams: Grams;
}

/** A made-up kind of output, so the rules are seen apart from either service's vocabulary. */
const parts: RunOutputs<'partId', PartLine, Part> = {
  noun: 'part',
  idKey: 'partId',
  noOutputs: 'a run makes at least one part',
  readRest: ({ colour }, field) => {
    if (colour !== 'red' && colour !== 'blue') throw new InvalidInputError('red or blue', { field: field('colour') });
    return { colour };
  },
};
const workshop = { kind: 'workshop', id: 'W-1', idKey: 'workshopId' };
const stock = receiveGrams(receiveGrams(emptyHolderStock(), 'N-1', toGrams(1_000)), 'N-2', toGrams(500));

const run = (overrides: Partial<RunCommand<PartLine>> = {}): RunCommand<PartLine> => ({
  runId: 'RUN-1',
  inputs: [{ nodeId: 'N-1', grams: 800n }],
  outputs: [
    { partId: 'P-1', colour: 'red', grams: 500n },
    { partId: 'P-2', colour: 'blue', grams: 280n },
  ],
  lossGrams: 20n,
  completedAt: new Date('2026-03-01T10:00:00Z'),
  ...overrides,
});

const failure = (command: RunCommand<PartLine>, holder = workshop): unknown => {
  try {
    decideHolderRun(command, holder, stock, parts);
  } catch (error) {
    return error;
  }
  throw new Error('the run was accepted');
};

describe('a holder’s run', () => {
  it('records a balanced run of held inputs with its outputs checked and narrowed', () => {
    const decided = decideHolderRun(run(), workshop, stock, parts);
    expect(decided).toEqual({
      runId: 'RUN-1',
      inputs: [{ nodeId: 'N-1', grams: 800n }],
      outputs: [
        { partId: 'P-1', colour: 'red', grams: 500n },
        { partId: 'P-2', colour: 'blue', grams: 280n },
      ],
      lossGrams: 20n,
      completedAt: new Date('2026-03-01T10:00:00Z'),
    });
  });

  it('reports the first broken rule: the command’s own values before the balance, the balance before the stock', () => {
    const everythingWrong = run({ runId: '', inputs: [{ nodeId: 'N-9', grams: 5n }], lossGrams: 3n });
    expect(failure(everythingWrong)).toMatchObject({ field: 'runId' });
    expect(failure(run({ inputs: [{ nodeId: 'N-9', grams: 5n }], lossGrams: 3n }))).toBeInstanceOf(
      MassNotConservedError,
    );
    const unheld = failure(run({ inputs: [{ nodeId: 'N-9', grams: 800n }] }));
    expect(unheld).toBeInstanceOf(NotFoundError);
    expect(unheld).toMatchObject({ field: 'inputs[0].nodeId' });
    expect(failure(run(), { ...workshop, id: ' W-1' })).toMatchObject({ field: 'workshopId' });
  });

  it('names the output line that breaks a rule', () => {
    expect(failure(run({ outputs: [] }))).toMatchObject({ field: 'outputs', message: 'a run makes at least one part' });
    const twice = run({
      outputs: [
        { partId: 'P-1', colour: 'red', grams: 390n },
        { partId: 'P-1', colour: 'red', grams: 390n },
      ],
    });
    expect(failure(twice)).toMatchObject({ field: 'outputs[1].partId' });
    const green = run({ outputs: [{ partId: 'P-1', colour: 'green', grams: 780n }] });
    expect(failure(green)).toMatchObject({ field: 'outputs[0].colour' });
    expect(failure(run({ outputs: [{ partId: 'P-1', colour: 'red', grams: 0n }] }))).toMatchObject({
      field: 'outputs[0].grams',
    });
  });

  it('refuses an output id that names a node the holder has held, and names it the same way for the app layer', () => {
    const clash = run({ outputs: [{ partId: 'N-2', colour: 'red', grams: 780n }] });
    const error = failure(clash);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ field: 'outputs[0].partId', details: { partId: 'N-2' } });
    expect(outputIdTakenError(clash, 'N-2', parts)).toMatchObject({ field: 'outputs[0].partId' });
  });

  it('accepts exactly the runs that balance to the gram (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 0, max: 1_000 }),
        (consumed, made, loss) => {
          const command = run({
            inputs: [{ nodeId: 'N-1', grams: BigInt(consumed) }],
            outputs: [{ partId: 'P-1', colour: 'red', grams: BigInt(made) }],
            lossGrams: BigInt(loss),
          });
          if (consumed === made + loss) {
            expect(decideHolderRun(command, workshop, stock, parts).outputs[0]?.grams).toBe(BigInt(made));
          } else {
            expect(failure(command)).toBeInstanceOf(MassNotConservedError);
          }
        },
      ),
    );
  });
});
