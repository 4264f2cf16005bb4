import fc from 'fast-check';
import { splitByLargestRemainder, toGrams } from '@vezel/grams';
import {
  FRACTIONS,
  decideCentreStock,
  evolveCentreStock,
  initialCentreStock,
  listCentreStock,
  type CentreStock,
  type CentreStockCommand,
  type DestinationInput,
  type SortingEvent,
} from '../../src/domain/index.ts';
import { DEVENTER, MONDAY_MORNING } from './sorting-fixtures.ts';

/** What kind of command a step of a random history issues, and the dice that shape it. */
export interface Step {
  readonly kind: 'receive' | 'run' | 'dispatch';
  readonly dice: readonly bigint[];
}

/** Sixteen dice, each a number in [0, 2^48]; {@link rollerOf} reads them. */
export const diceArbitrary: fc.Arbitrary<bigint[]> = fc.array(fc.bigInt({ min: 0n, max: 2n ** 48n }), {
  minLength: 16,
  maxLength: 16,
});

/** A random history of steps; {@link playValidHistory} turns it into commands that are valid when issued. */
export const stepsArbitrary: fc.Arbitrary<readonly Step[]> = fc.array(
  fc.record({ kind: fc.constantFrom('receive' as const, 'run' as const, 'dispatch' as const), dice: diceArbitrary }),
  { maxLength: 40 },
);

/** Dice for one step: `roll(n)` is a number in [0, n). */
export type Roll = (bound: bigint | number) => bigint;

/** Rolls the step's dice in turn. */
export function rollerOf(dice: readonly bigint[]): Roll {
  let next = 0;
  return (bound) => {
    const value = dice[next % dice.length]! % BigInt(bound);
    next += 1;
    return value;
  };
}

/** One played step: the command issued, the stock it was decided against, its events and the stock after. */
export interface PlayedStep {
  readonly command: CentreStockCommand;
  readonly before: CentreStock;
  readonly events: readonly SortingEvent[];
  readonly after: CentreStock;
}

const BATCH_POOL = ['B-0', 'B-1', 'B-2', 'B-3'];

/** Destinations a valid dispatch may name. */
export const VALID_DESTINATIONS: readonly DestinationInput[] = [
  { kind: 'store', id: 'S-1' },
  { kind: 'centre', id: 'C-SNEEK', country: 'NL' },
  { kind: 'processor', id: 'P-1' },
  { kind: 'exporter', id: 'X-1', country: 'KE' },
  { kind: 'disposal', id: 'AVR', method: 'energy-recovery' },
  { kind: 'disposal', id: 'AVR', method: 'incineration' },
  { kind: 'disposal', id: 'LF', method: 'landfill' },
];

/**
 * Plays steps against one centre, choosing every command so it is valid against the stock at that moment: receipts
 * of batches and of the centre's own lots coming back, runs consuming part of what is held, dispatches of at most
 * what is held. A run or dispatch when nothing is held becomes a receipt.
 */
export function playValidHistory(steps: readonly Step[]): PlayedStep[] {
  const played: PlayedStep[] = [];
  let stock = initialCentreStock();
  steps.forEach((step, index) => {
    const command = aValidCommand(step, index, stock);
    const events = decideCentreStock(command, stock);
    const after = events.reduce(evolveCentreStock, stock);
    played.push({ command, before: stock, events, after });
    stock = after;
  });
  return played;
}

function aValidCommand(step: Step, index: number, stock: CentreStock): CentreStockCommand {
  const roll = rollerOf(step.dice);
  const held = listCentreStock(stock);
  if (step.kind === 'run' && held.length > 0) {
    const pool = [...held];
    const inputs = [];
    for (let count = 1n + roll(Math.min(3, pool.length)); count > 0n; count -= 1n) {
      const [line] = pool.splice(Number(roll(pool.length)), 1);
      inputs.push({ nodeId: line!.nodeId, grams: 1n + roll(line!.grams) });
    }
    const consumed = inputs.reduce((sum, input) => sum + input.grams, 0n);
    const lotCount = bigMin(1n + roll(3), consumed);
    const lossGrams = roll(consumed - lotCount + 1n);
    const weights = Array.from({ length: Number(lotCount) }, () => 1n + roll(100));
    const spread = splitByLargestRemainder(toGrams(consumed - lossGrams - lotCount), weights);
    const outputs = spread.map((part, lot) => ({
      lotId: `L-${index}-${lot}`,
      fraction: FRACTIONS[Number(roll(FRACTIONS.length))]!,
      grams: part + 1n,
    }));
    const runId = `RUN-${index}`;
    return {
      type: 'CompleteSortingRun',
      runId,
      centreId: DEVENTER,
      inputs,
      outputs,
      lossGrams,
      completedAt: MONDAY_MORNING,
    };
  }
  if (step.kind === 'dispatch' && held.length > 0) {
    const line = held[Number(roll(held.length))]!;
    return {
      type: 'DispatchLot',
      dispatchId: `D-${index}`,
      lotId: line.nodeId,
      centreId: DEVENTER,
      grams: 1n + roll(line.grams),
      destination: VALID_DESTINATIONS[Number(roll(VALID_DESTINATIONS.length))]!,
      ...(roll(2) === 0n ? {} : { transportKm: Number(roll(500)) }),
      dispatchedAt: MONDAY_MORNING,
    };
  }
  // A lot of this centre coming back is a receipt like any other.
  const lots = Object.keys(stock.heldGrams).filter((nodeId) => nodeId.startsWith('L-'));
  const candidates = [...BATCH_POOL, ...lots];
  return {
    type: 'ReceiveNodeAtCentre',
    receiptId: `R-${index}`,
    nodeId: candidates[Number(roll(candidates.length))]!,
    centreId: DEVENTER,
    grams: 1n + roll(2_000_000),
    receivedAt: MONDAY_MORNING,
  };
}

function bigMin(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
