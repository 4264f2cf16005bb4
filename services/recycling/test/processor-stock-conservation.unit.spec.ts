import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidInputError, MassNotConservedError, NotFoundError, isDomainError } from '@vezel/errors';
import { sumGrams, type Grams } from '@vezel/grams';
import {
  RECYCLING_OUTCOMES,
  hasHeld,
  heldGramsOf,
  listHeldNodes,
  processorStockDecider,
  stockNodesChangedBy,
  stockNodesReadBy,
  type CompleteProcessingRun,
  type DisposeNode,
  type ProcessorStock,
  type ReceiveLotAtProcessor,
  type RecyclingCommand,
  type RecyclingEvent,
  type RunOutputLine,
} from '../src/domain/index.ts';
import { aDisposal, aReceipt, aRun } from './recycling-fixtures.ts';

// Lot ids include `__proto__` on purpose: a stock keyed by plain objects must treat it as any other node.
const lotIds = ['L-A', 'L-B', 'L-C', '__proto__'] as const;

/**
 * A step of a processor's life, interpreted against the stock as it is by then, so that a valid step always
 * yields a valid command: a run consumes a share (per mille) of nodes actually held, a disposal a share of one.
 */
interface Step {
  readonly kind: 'receive' | 'run' | 'dispose';
  readonly lotId: string;
  readonly grams: bigint;
  readonly perMille: readonly bigint[];
  readonly lossPerMille: bigint;
  readonly outputWeights: readonly bigint[];
  readonly outcomes: readonly string[];
  readonly method: 'energy-recovery' | 'incineration' | 'landfill';
}

const perMille = fc.oneof(fc.bigInt({ min: 1n, max: 1_000n }), fc.constant(1_000n));
const step: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom<Step['kind']>('receive', 'run', 'dispose'),
  lotId: fc.constantFrom(...lotIds),
  grams: fc.bigInt({ min: 1n, max: 5_000_000n }),
  perMille: fc.array(perMille, { minLength: 4, maxLength: 4 }),
  lossPerMille: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 1_000n })),
  outputWeights: fc.array(fc.bigInt({ min: 1n, max: 100n }), { minLength: 1, maxLength: 3 }),
  outcomes: fc.array(fc.constantFrom(...RECYCLING_OUTCOMES), { minLength: 3, maxLength: 3 }),
  method: fc.constantFrom<Step['method']>('energy-recovery', 'incineration', 'landfill'),
});

function share(held: bigint, perMilleOfIt: bigint): bigint {
  return (held * perMilleOfIt) / 1_000n || 1n;
}

/** Splits `total` grams over `weights.length` products, each at least 1 g, adding up exactly. */
function splitOverProducts(total: bigint, weights: readonly bigint[]): bigint[] {
  const count = BigInt(weights.length);
  const spare = total - count;
  const weightSum = weights.reduce((a, b) => a + b, 0n);
  const parts = weights.map((weight) => 1n + (spare * weight) / weightSum);
  parts[parts.length - 1]! += total - parts.reduce((a, b) => a + b, 0n);
  return parts;
}

function validCommandFor(s: Step, stock: ProcessorStock, n: number): RecyclingCommand {
  const heldLots = lotIds.filter((lotId) => heldGramsOf(stock, lotId) > 0n);
  if (s.kind === 'receive' || heldLots.length === 0) {
    return aReceipt({ receiptId: `PR-${n}`, lotId: s.lotId, grams: s.grams });
  }
  if (s.kind === 'dispose') {
    const nodeId = heldGramsOf(stock, s.lotId) > 0n ? s.lotId : heldLots[0]!;
    const grams = share(heldGramsOf(stock, nodeId), s.perMille[0]!);
    return aDisposal({ disposalId: `D-${n}`, nodeId, grams, method: s.method });
  }
  const inputs = heldLots.map((nodeId, i) => ({ nodeId, grams: share(heldGramsOf(stock, nodeId), s.perMille[i]!) }));
  const inputGrams = inputs.reduce((sum, input) => sum + input.grams, 0n);
  // Never so much loss that a product would weigh nothing.
  const productCount = BigInt(Math.min(s.outputWeights.length, Number(inputGrams)));
  const lossGrams = ((inputGrams - productCount) * s.lossPerMille) / 1_000n;
  const weights = s.outputWeights.slice(0, Number(productCount));
  const outputs: RunOutputLine[] = splitOverProducts(inputGrams - lossGrams, weights).map((grams, j) => ({
    productId: `PROD-${n}-${j}`,
    outcome: s.outcomes[j]!,
    productKind: 'recycled fibre',
    grams,
  }));
  return aRun({ runId: `RUN-${n}`, inputs, outputs, lossGrams });
}

/** One thing that can be wrong with a command, and the error and field the decider must answer it with. */
interface Mutation<C extends RecyclingCommand> {
  readonly applies?: (command: C) => boolean;
  readonly mutate: (command: C, stock: ProcessorStock) => C;
  readonly error: new (...args: never[]) => Error;
  readonly field: (command: C) => string;
}

const receiptMutations: readonly Mutation<ReceiveLotAtProcessor>[] = [
  { mutate: (receipt) => ({ ...receipt, grams: 0n }), error: InvalidInputError, field: () => 'grams' },
  { mutate: (receipt) => ({ ...receipt, lotId: '' }), error: InvalidInputError, field: () => 'lotId' },
];

const disposalMutations: readonly Mutation<DisposeNode>[] = [
  { mutate: (disposal) => ({ ...disposal, grams: -1n }), error: InvalidInputError, field: () => 'grams' },
  {
    mutate: (disposal, stock) => ({ ...disposal, grams: heldGramsOf(stock, disposal.nodeId) + 1n }),
    error: MassNotConservedError,
    field: () => 'grams',
  },
  { mutate: (disposal) => ({ ...disposal, nodeId: 'L-NEVER' }), error: NotFoundError, field: () => 'nodeId' },
  { mutate: (disposal) => ({ ...disposal, method: 'composting' }), error: InvalidInputError, field: () => 'method' },
];

const lastIndex = (list: readonly unknown[]): number => list.length - 1;

const runMutations: readonly Mutation<CompleteProcessingRun>[] = [
  {
    // Grams created from nothing.
    mutate: (run) => ({ ...run, lossGrams: run.lossGrams + 1n }),
    error: MassNotConservedError,
    field: () => 'lossGrams',
  },
  {
    // Grams vanishing unrecorded.
    applies: (run) => run.lossGrams > 0n,
    mutate: (run) => ({ ...run, lossGrams: run.lossGrams - 1n }),
    error: MassNotConservedError,
    field: () => 'lossGrams',
  },
  {
    mutate: (run) => {
      const inputGrams = sumGrams(run.inputs.map((input) => input.grams as Grams));
      return { ...run, outputs: [{ ...run.outputs[0]!, grams: inputGrams + 1n }], lossGrams: 0n };
    },
    error: MassNotConservedError,
    field: () => 'outputs',
  },
  {
    // One gram more than held of the last input, still balanced, so only the stock can tell.
    mutate: (run, stock) => {
      const last = run.inputs[lastIndex(run.inputs)]!;
      const overdrawn = { ...last, grams: heldGramsOf(stock, last.nodeId) + 1n };
      const inputs = [...run.inputs.slice(0, -1), overdrawn];
      return { ...run, inputs, lossGrams: run.lossGrams + overdrawn.grams - last.grams };
    },
    error: MassNotConservedError,
    field: (run) => `inputs[${lastIndex(run.inputs)}].grams`,
  },
  {
    mutate: (run) => ({ ...run, inputs: [{ ...run.inputs[0]!, nodeId: 'L-NEVER' }, ...run.inputs.slice(1)] }),
    error: NotFoundError,
    field: () => 'inputs[0].nodeId',
  },
  {
    mutate: (run) => ({ ...run, inputs: [...run.inputs, run.inputs[0]!] }),
    error: InvalidInputError,
    field: (run) => `inputs[${run.inputs.length}].nodeId`,
  },
  {
    mutate: (run) => ({ ...run, outputs: [...run.outputs, run.outputs[0]!] }),
    error: InvalidInputError,
    field: (run) => `outputs[${run.outputs.length}].productId`,
  },
  {
    // A product named after a node the processor received: node ids are unique across the chain.
    mutate: (run) => {
      const renamed = { ...run.outputs[lastIndex(run.outputs)]!, productId: run.inputs[0]!.nodeId };
      return { ...run, outputs: [...run.outputs.slice(0, -1), renamed] };
    },
    error: ConflictError,
    field: (run) => `outputs[${lastIndex(run.outputs)}].productId`,
  },
  {
    mutate: (run) => ({ ...run, outputs: run.outputs.map((output) => ({ ...output, outcome: 'reuse.sold' })) }),
    error: InvalidInputError,
    field: () => 'outputs[0].outcome',
  },
  {
    mutate: (run) => ({ ...run, inputs: run.inputs.map((input) => ({ ...input, grams: 0n })) }),
    error: InvalidInputError,
    field: () => 'inputs[0].grams',
  },
  { mutate: (run) => ({ ...run, lossGrams: -1n }), error: InvalidInputError, field: () => 'lossGrams' },
  { mutate: (run) => ({ ...run, outputs: [] }), error: InvalidInputError, field: () => 'outputs' },
];

/** A broken command made from a valid one, and how the decider must reject it; undefined when none applies. */
function broken(command: RecyclingCommand, stock: ProcessorStock, pick: number) {
  const choose = <C extends RecyclingCommand>(candidates: readonly Mutation<C>[], valid: C) => {
    const mutation = candidates[pick % candidates.length]!;
    if (mutation.applies !== undefined && !mutation.applies(valid)) return undefined;
    return { command: mutation.mutate(valid, stock), error: mutation.error, field: mutation.field(valid) };
  };
  switch (command.type) {
    case 'ReceiveLotAtProcessor':
      return choose(receiptMutations, command);
    case 'DisposeNode':
      return choose(disposalMutations, command);
    case 'CompleteProcessingRun':
      return choose(runMutations, command);
  }
}

/** Per-node totals of accepted events, and every product made: the figures conservation is about. */
function expectConserved(stock: ProcessorStock, accepted: readonly RecyclingEvent[]): void {
  const received = new Map<string, bigint>();
  const taken = new Map<string, bigint>();
  const add = (map: Map<string, bigint>, id: string, grams: bigint) => map.set(id, (map.get(id) ?? 0n) + grams);
  let productGrams = 0n;
  let lossGrams = 0n;
  for (const event of accepted) {
    if (event.type === 'LotReceivedByProcessor') add(received, event.lotId, event.grams);
    if (event.type === 'NodeDisposed') add(taken, event.nodeId, event.grams);
    if (event.type === 'ProcessingRunCompleted') {
      for (const input of event.inputs) add(taken, input.nodeId, input.grams);
      const outputGrams = sumGrams(event.outputs.map((output) => output.grams));
      expect(sumGrams(event.inputs.map((input) => input.grams))).toBe(outputGrams + event.lossGrams);
      for (const output of event.outputs) expect(hasHeld(stock, output.productId)).toBe(false);
      productGrams += outputGrams;
      lossGrams += event.lossGrams;
    }
  }
  for (const [nodeId, grams] of received) {
    expect(grams).toBe(heldGramsOf(stock, nodeId) + (taken.get(nodeId) ?? 0n));
    expect(heldGramsOf(stock, nodeId) >= 0n).toBe(true);
  }
  const heldGrams = sumGrams(listHeldNodes(stock).map((line) => line.grams));
  const disposedGrams = accepted.reduce((sum, e) => (e.type === 'NodeDisposed' ? sum + e.grams : sum), 0n);
  expect([...received.values()].reduce((a, b) => a + b, 0n)).toBe(heldGrams + productGrams + lossGrams + disposedGrams);
}

/** Runs `decide`, turning a thrown error into a value so two decisions can be compared. */
function outcomeOf(
  command: RecyclingCommand,
  stock: ProcessorStock,
): { events?: readonly RecyclingEvent[]; error?: unknown } {
  try {
    return { events: processorStockDecider.decide(command, stock) };
  } catch (error) {
    return { error };
  }
}

describe('processor stock conservation (property-based)', () => {
  it('accepts every valid sequence: received = held + consumed + disposed, and every run balances', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 50 }), (steps) => {
        let stock = processorStockDecider.initialState();
        const accepted: RecyclingEvent[] = [];
        steps.forEach((s, n) => {
          const events = processorStockDecider.decide(validCommandFor(s, stock, n), stock);
          stock = events.reduce(processorStockDecider.evolve, stock);
          accepted.push(...events);
          expectConserved(stock, accepted);
        });
      }),
    );
  });

  it('rejects every broken command with its error and field, and leaves the stock untouched', () => {
    const maybeBroken = fc.record({ step, pick: fc.option(fc.nat(), { freq: 2, nil: undefined }) });
    fc.assert(
      fc.property(fc.array(maybeBroken, { maxLength: 50 }), (steps) => {
        let stock = processorStockDecider.initialState();
        const accepted: RecyclingEvent[] = [];
        steps.forEach(({ step: s, pick }, n) => {
          const valid = validCommandFor(s, stock, n);
          const wrong = pick === undefined ? undefined : broken(valid, stock, pick);
          if (wrong === undefined) {
            const events = processorStockDecider.decide(valid, stock);
            stock = events.reduce(processorStockDecider.evolve, stock);
            accepted.push(...events);
          } else {
            const before = structuredClone(stock);
            const { events, error } = outcomeOf(wrong.command, stock);
            expect(events).toBeUndefined();
            expect(isDomainError(error)).toBe(true);
            expect(error).toBeInstanceOf(wrong.error);
            expect((error as { field?: string }).field).toBe(wrong.field);
            expect(stock).toEqual(before);
          }
          expectConserved(stock, accepted);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('decides the same against only the lines a repository loads, and changes only the lines it writes back', () => {
    const maybeBroken = fc.record({ step, pick: fc.option(fc.nat(), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), maybeBroken, (history, last) => {
        let stock = processorStockDecider.initialState();
        history.forEach((s, n) => {
          const events = processorStockDecider.decide(validCommandFor(s, stock, n), stock);
          stock = events.reduce(processorStockDecider.evolve, stock);
        });
        const valid = validCommandFor(last.step, stock, history.length);
        const command = (last.pick === undefined ? undefined : broken(valid, stock, last.pick))?.command ?? valid;

        const ids = stockNodesReadBy(command).filter((nodeId) => hasHeld(stock, nodeId));
        const partial: ProcessorStock = {
          heldGrams: Object.fromEntries(ids.map((nodeId) => [nodeId, heldGramsOf(stock, nodeId)])),
        };
        const fromWhole = outcomeOf(command, stock);
        expect(outcomeOf(command, partial)).toEqual(fromWhole);

        const events = fromWhole.events ?? [];
        const whole = events.reduce(processorStockDecider.evolve, stock);
        const fromPartial = events.reduce(processorStockDecider.evolve, partial);
        const changed = new Set(events.flatMap(stockNodesChangedBy));
        for (const nodeId of changed) expect(heldGramsOf(fromPartial, nodeId)).toBe(heldGramsOf(whole, nodeId));
        for (const nodeId of lotIds) {
          if (!changed.has(nodeId)) expect(heldGramsOf(whole, nodeId)).toBe(heldGramsOf(stock, nodeId));
        }
      }),
      { numRuns: 200 },
    );
  });
});
