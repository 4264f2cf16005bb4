import fc from 'fast-check';
import { ConflictError, InvalidInputError, MassNotConservedError, NotFoundError } from '@vezel/errors';
import { describe, expect, it } from 'vitest';
import {
  decideCentreStock,
  evolveCentreStock,
  evolveLotView,
  heldGramsOf,
  hasHeld,
  listCentreStock,
  lotViewsCreatedBy,
  stockNodesChangedBy,
  stockNodesReadBy,
  type CentreStock,
  type CentreStockCommand,
  type LotView,
  type SortingEvent,
} from '../../src/domain/index.ts';
import { diceArbitrary, playValidHistory, rollerOf, stepsArbitrary, type Roll } from './centre-stock-simulation.ts';
import { DEVENTER, MONDAY_MORNING } from './sorting-fixtures.ts';

/** Grams per node per flow, summed from the events alone (independently of how the stock keeps them). */
class GramsLedger {
  readonly received = new Map<string, bigint>();
  readonly created = new Map<string, bigint>();
  readonly consumed = new Map<string, bigint>();
  readonly dispatched = new Map<string, bigint>();
  lost = 0n;

  record(event: SortingEvent): void {
    switch (event.type) {
      case 'NodeReceivedAtCentre':
        add(this.received, event.nodeId, event.grams);
        return;
      case 'SortingRunCompleted':
        for (const input of event.inputs) add(this.consumed, input.nodeId, input.grams);
        for (const output of event.outputs) add(this.created, output.lotId, output.grams);
        this.lost += event.lossGrams;
        return;
      case 'LotDispatched':
        add(this.dispatched, event.lotId, event.grams);
        return;
      default:
        event satisfies never;
    }
  }

  nodes(): Set<string> {
    return new Set([...this.received.keys(), ...this.created.keys()]);
  }

  expectedHeld(nodeId: string): bigint {
    const cameIn = of(this.received, nodeId) + of(this.created, nodeId);
    return cameIn - of(this.consumed, nodeId) - of(this.dispatched, nodeId);
  }
}

function add(totals: Map<string, bigint>, nodeId: string, grams: bigint): void {
  totals.set(nodeId, of(totals, nodeId) + grams);
}

function of(totals: Map<string, bigint>, nodeId: string): bigint {
  return totals.get(nodeId) ?? 0n;
}

function sum(values: Iterable<bigint>): bigint {
  let total = 0n;
  for (const value of values) total += value;
  return total;
}

function restrictTo(stock: CentreStock, nodeIds: readonly string[]): CentreStock {
  const lines = nodeIds
    .filter((nodeId) => hasHeld(stock, nodeId))
    .map((nodeId) => [nodeId, heldGramsOf(stock, nodeId)] as const);
  return { heldGrams: Object.fromEntries(lines) };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const nested of Object.values(value)) deepFreeze(nested);
  }
  return value;
}

describe('centre stock properties', () => {
  it('conserves grams over any valid history: each gram received is held, dispatched or lost; none goes negative', () => {
    fc.assert(
      fc.property(stepsArbitrary, (steps) => {
        const ledger = new GramsLedger();
        for (const { events, after } of playValidHistory(steps)) {
          for (const event of events) {
            ledger.record(event);
            if (event.type === 'SortingRunCompleted') {
              const outputGrams = sum(event.outputs.map((output) => output.grams));
              expect(sum(event.inputs.map((input) => input.grams))).toBe(outputGrams + event.lossGrams);
            }
          }
          expect(new Set(Object.keys(after.heldGrams))).toEqual(ledger.nodes());
          for (const nodeId of ledger.nodes()) {
            const held = heldGramsOf(after, nodeId);
            expect(held).toBeGreaterThanOrEqual(0n);
            expect(held).toBe(ledger.expectedHeld(nodeId));
          }
          const totalHeld = sum(Object.values(after.heldGrams));
          expect(sum(ledger.received.values())).toBe(totalHeld + sum(ledger.dispatched.values()) + ledger.lost);
          expect(sum(listCentreStock(after).map((line) => line.grams))).toBe(totalHeld);
        }
      }),
    );
  });

  it('keeps each lot whole: what was created or came back is held, dispatched or consumed; the lot view agrees', () => {
    fc.assert(
      fc.property(stepsArbitrary, (steps) => {
        const ledger = new GramsLedger();
        let views = new Map<string, LotView>();
        let stock: CentreStock | undefined;
        for (const { events, after } of playValidHistory(steps)) {
          for (const event of events) {
            ledger.record(event);
            views = new Map([...views].map(([lotId, view]) => [lotId, evolveLotView(view, event)]));
            if (event.type !== 'SortingRunCompleted') continue;
            for (const view of lotViewsCreatedBy(event)) views.set(view.lotId, view);
          }
          stock = after;
        }
        for (const [lotId, view] of views) {
          const held = heldGramsOf(stock!, lotId);
          const wentOut = of(ledger.dispatched, lotId) + of(ledger.consumed, lotId);
          expect(wentOut + held).toBe(view.grams + of(ledger.received, lotId));
          expect(view.availableGrams).toBe(held);
          expect(sum(view.dispatches.map((dispatch) => dispatch.grams))).toBe(of(ledger.dispatched, lotId));
        }
      }),
    );
  });

  it('decides and evolves the same from just the stock lines a command reads as from the whole stock', () => {
    fc.assert(
      fc.property(stepsArbitrary, (steps) => {
        for (const { command, before, events, after } of playValidHistory(steps)) {
          const partial = restrictTo(before, stockNodesReadBy(command));
          const partialEvents = decideCentreStock(command, partial);
          expect(partialEvents).toEqual(events);
          const partialAfter = partialEvents.reduce(evolveCentreStock, partial);
          for (const nodeId of events.flatMap(stockNodesChangedBy)) {
            expect(heldGramsOf(partialAfter, nodeId)).toBe(heldGramsOf(after, nodeId));
          }
        }
      }),
    );
  });

  it('rejects random invalid commands with the right error and field, leaving the stock as it was', () => {
    fc.assert(
      fc.property(stepsArbitrary, diceArbitrary, (steps, dice) => {
        const played = playValidHistory(steps);
        const stock = deepFreeze(played.at(-1)?.after ?? { heldGrams: {} });
        const snapshot = structuredClone(stock);
        const { command, rejectedWith, field } = anInvalidCommand(stock, rollerOf(dice));
        let thrown: unknown;
        try {
          decideCentreStock(command, stock);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(rejectedWith);
        expect((thrown as { field?: string }).field).toBe(field);
        expect(stock).toEqual(snapshot);
      }),
    );
  });
});

interface InvalidCommand {
  readonly command: CentreStockCommand;
  readonly rejectedWith: new (...args: never[]) => Error;
  readonly field: string;
}

type RunCommand = Extract<CentreStockCommand, { type: 'CompleteSortingRun' }>;
type DispatchCommand = Extract<CentreStockCommand, { type: 'DispatchLot' }>;

function aRun(inputs: RunCommand['inputs'], outputs: RunCommand['outputs'], lossGrams = 0n): RunCommand {
  const completedAt = MONDAY_MORNING;
  return { type: 'CompleteSortingRun', runId: 'RUN-BAD', centreId: DEVENTER, inputs, outputs, lossGrams, completedAt };
}

function aDispatchOf(lotId: string, overrides: Partial<DispatchCommand> = {}): DispatchCommand {
  return {
    type: 'DispatchLot',
    dispatchId: 'D-BAD',
    lotId,
    centreId: DEVENTER,
    grams: 1n,
    destination: { kind: 'store', id: 'S-1' },
    dispatchedAt: MONDAY_MORNING,
    ...overrides,
  };
}

const tenGramsOfB0 = [{ nodeId: 'B-0', grams: 10n }];
const aTenGramLot = [{ lotId: 'L-BAD', fraction: 'reuse.creme', grams: 10n }];

/** Builds one broken command of a kind picked by the dice; kinds that need held grams fall back to ones that don't. */
function anInvalidCommand(stock: CentreStock, roll: Roll): InvalidCommand {
  const held = listCentreStock(stock);
  const known = Object.keys(stock.heldGrams);
  const heldLine = held[Number(roll(Math.max(held.length, 1)))];
  const knownNode = known[Number(roll(Math.max(known.length, 1)))];
  const breakers: (() => InvalidCommand | undefined)[] = [
    () => {
      if (heldLine === undefined) return undefined;
      const grams = heldLine.grams + 1n + roll(1_000);
      const command = aRun([{ nodeId: heldLine.nodeId, grams }], [{ lotId: 'L-BAD', fraction: 'reuse.creme', grams }]);
      return { command, rejectedWith: MassNotConservedError, field: 'inputs[0].grams' };
    },
    () => {
      const inputGrams = 1n + roll(1_000_000);
      const outputGrams = 1n + roll(inputGrams);
      const wrongLoss = inputGrams - outputGrams + 1n + roll(100);
      const outputs = [{ lotId: 'L-BAD', fraction: 'upcycling', grams: outputGrams }];
      const command = aRun([{ nodeId: 'B-0', grams: inputGrams }], outputs, wrongLoss);
      return { command, rejectedWith: MassNotConservedError, field: 'lossGrams' };
    },
    () => {
      const inputGrams = 1n + roll(1_000_000);
      const outputGrams = inputGrams + 1n + roll(100);
      const command = aRun(
        [{ nodeId: 'B-1', grams: inputGrams }],
        [{ lotId: 'L-BAD', fraction: 'upcycling', grams: outputGrams }],
      );
      return { command, rejectedWith: MassNotConservedError, field: 'outputs' };
    },
    () => {
      const command = aRun([{ nodeId: `U-${roll(1_000)}`, grams: 10n }], aTenGramLot);
      return { command, rejectedWith: NotFoundError, field: 'inputs[0].nodeId' };
    },
    () => {
      if (heldLine === undefined || knownNode === undefined) return undefined;
      const outputs = [{ lotId: knownNode, fraction: 'residual.textile', grams: 1n }];
      const command = aRun([{ nodeId: heldLine.nodeId, grams: 1n }], outputs);
      return { command, rejectedWith: ConflictError, field: 'outputs[0].lotId' };
    },
    () => {
      if (knownNode === undefined) return undefined;
      const command = aDispatchOf(knownNode, { grams: heldGramsOf(stock, knownNode) + 1n + roll(1_000) });
      return { command, rejectedWith: MassNotConservedError, field: 'grams' };
    },
    () => ({ command: aDispatchOf(`U-${roll(1_000)}`), rejectedWith: NotFoundError, field: 'lotId' }),
    () => {
      const fraction = ['reuse', 'Reuse.creme', 'reuse.crème', ''][Number(roll(4))]!;
      const command = aRun(tenGramsOfB0, [{ lotId: 'L-BAD', fraction, grams: 10n }]);
      return { command, rejectedWith: InvalidInputError, field: 'outputs[0].fraction' };
    },
    () => {
      const command: CentreStockCommand = {
        type: 'ReceiveNodeAtCentre',
        receiptId: 'R-BAD',
        nodeId: 'B-0',
        centreId: DEVENTER,
        grams: -roll(1_000),
        receivedAt: MONDAY_MORNING,
      };
      return { command, rejectedWith: InvalidInputError, field: 'grams' };
    },
    () => {
      const command = aDispatchOf(knownNode ?? 'L-0', { destination: { kind: 'exporter', id: 'X-1' } });
      return { command, rejectedWith: InvalidInputError, field: 'destination.country' };
    },
    () => {
      const command = aDispatchOf(knownNode ?? 'L-0', { destination: { kind: 'disposal', id: 'AVR' } });
      return { command, rejectedWith: InvalidInputError, field: 'destination.method' };
    },
    () => {
      const command = {
        ...aRun(tenGramsOfB0, aTenGramLot),
        runId: roll(2) === 0n ? '' : 'x'.repeat(129 + Number(roll(50))),
      };
      return { command, rejectedWith: InvalidInputError, field: 'runId' };
    },
    () => {
      const command = aRun(
        [...tenGramsOfB0, ...tenGramsOfB0],
        [{ lotId: 'L-BAD', fraction: 'reuse.creme', grams: 20n }],
      );
      return { command, rejectedWith: InvalidInputError, field: 'inputs[1].nodeId' };
    },
    () => ({ command: aRun(tenGramsOfB0, [], 10n), rejectedWith: InvalidInputError, field: 'outputs' }),
  ];
  const first = Number(roll(breakers.length));
  for (let offset = 0; offset < breakers.length; offset += 1) {
    const invalid = breakers[(first + offset) % breakers.length]!();
    if (invalid !== undefined) return invalid;
  }
  throw new Error('unreachable: some breakers need no stock');
}
