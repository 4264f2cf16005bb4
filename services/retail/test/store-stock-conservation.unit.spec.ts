import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError, MassNotConservedError, NotFoundError, isDomainError } from '@vezel/errors';
import {
  heldGramsOf,
  listHeldLots,
  stockLotsChangedBy,
  stockLotsReadBy,
  storeStockDecider,
  type RetailCommand,
  type RetailEvent,
  type StoreStock,
} from '../src/domain/index.ts';
import { aDonation, aReceipt, aReturn, aSale } from './retail-fixtures.ts';

// Lot ids include `__proto__` on purpose: a stock keyed by plain objects must treat it as any other lot.
const lotIds = ['L-A', 'L-B', 'L-C', '__proto__'] as const;

/** Per-lot totals of the accepted events: the figures the conservation rule is about. */
interface Tally {
  received: bigint;
  sold: bigint;
  donated: bigint;
  returned: bigint;
}

function tallyOf(events: readonly RetailEvent[]): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  for (const event of events) {
    const tally = tallies.get(event.lotId) ?? { received: 0n, sold: 0n, donated: 0n, returned: 0n };
    if (event.type === 'LotReceivedAtStore') tally.received += event.grams;
    if (event.type === 'ItemsSold') tally.sold += event.grams;
    if (event.type === 'ItemsDonated') tally.donated += event.grams;
    if (event.type === 'LotReturned') tally.returned += event.grams;
    tallies.set(event.lotId, tally);
  }
  return tallies;
}

function expectConserved(stock: StoreStock, accepted: readonly RetailEvent[]): void {
  for (const [lotId, tally] of tallyOf(accepted)) {
    expect(tally.received).toBe(heldGramsOf(stock, lotId) + tally.sold + tally.donated + tally.returned);
  }
  for (const line of listHeldLots(stock)) expect(line.grams > 0n).toBe(true);
  for (const lotId of lotIds) expect(heldGramsOf(stock, lotId) >= 0n).toBe(true);
}

// A valid step names a lot and, for a take, a share (per mille) of what the store holds of it, so the generated
// command is valid against whatever the stock has become by then.
interface ValidStep {
  readonly kind: 'receive' | 'sell' | 'donate' | 'return';
  readonly lotId: string;
  readonly grams: bigint;
  readonly perMille: bigint;
  readonly destination: 'centre' | 'processor';
}

const validStep: fc.Arbitrary<ValidStep> = fc.record({
  kind: fc.constantFrom<ValidStep['kind']>('receive', 'sell', 'donate', 'return'),
  lotId: fc.constantFrom(...lotIds),
  grams: fc.bigInt({ min: 1n, max: 5_000_000n }),
  perMille: fc.bigInt({ min: 1n, max: 1_000n }),
  destination: fc.constantFrom<'centre' | 'processor'>('centre', 'processor'),
});

function validCommandFor(step: ValidStep, stock: StoreStock, n: number): RetailCommand {
  const held = heldGramsOf(stock, step.lotId);
  if (step.kind === 'receive' || held === 0n) {
    return aReceipt({ receiptId: `R-${n}`, lotId: step.lotId, grams: step.grams });
  }
  const grams = (held * step.perMille) / 1_000n || 1n;
  switch (step.kind) {
    case 'sell':
      return aSale({ saleId: `S-${n}`, lotId: step.lotId, grams });
    case 'donate':
      return aDonation({ donationId: `D-${n}`, lotId: step.lotId, grams });
    case 'return':
      return aReturn({
        returnId: `T-${n}`,
        lotId: step.lotId,
        grams,
        destination: { kind: step.destination, id: 'C-1' },
      });
  }
}

// An arbitrary step may be anything the edge could let through by mistake, or a take the stock cannot cover.
// Its grams are either absolute or relative to what the store holds then, so the boundary (held, held + 1) is
// tried often rather than by luck.
interface AnyStep {
  readonly kind: 'receive' | 'sell' | 'donate' | 'return';
  readonly lotId: string;
  readonly grams: { readonly exactly: bigint } | { readonly heldPlus: bigint };
  readonly items: number;
  readonly revenueCents: bigint | undefined;
  readonly programme: string;
  readonly destinationKind: string;
}

const anyStep: fc.Arbitrary<AnyStep> = fc.record({
  kind: fc.constantFrom<AnyStep['kind']>('receive', 'sell', 'donate', 'return'),
  lotId: fc.constantFrom(...lotIds, 'L-NEVER'),
  grams: fc.oneof(
    { weight: 6, arbitrary: fc.record({ exactly: fc.bigInt({ min: 1n, max: 3_000n }) }) },
    { weight: 3, arbitrary: fc.record({ heldPlus: fc.bigInt({ min: -2n, max: 2n }) }) },
    { weight: 1, arbitrary: fc.record({ exactly: fc.bigInt({ min: -3n, max: 0n }) }) },
  ),
  items: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 5 }) }, fc.constantFrom(0, -1, 1.5)),
  revenueCents: fc.option(fc.bigInt({ min: -2n, max: 10_000n }), { nil: undefined }),
  programme: fc.constantFrom('Kledingbank', 'Stichting Aanzet', '', '  '),
  destinationKind: fc.constantFrom('centre', 'processor', 'store', 'exporter', 'disposal'),
});

function anyCommandFor(step: AnyStep, stock: StoreStock, n: number): RetailCommand {
  const { lotId } = step;
  const grams = 'exactly' in step.grams ? step.grams.exactly : heldGramsOf(stock, lotId) + step.grams.heldPlus;
  switch (step.kind) {
    case 'receive':
      return aReceipt({ receiptId: `R-${n}`, lotId, grams });
    case 'sell':
      return aSale({
        saleId: `S-${n}`,
        lotId,
        grams,
        items: step.items,
        ...(step.revenueCents === undefined ? {} : { revenueCents: step.revenueCents }),
      });
    case 'donate':
      return aDonation({ donationId: `D-${n}`, lotId, grams, programme: step.programme });
    case 'return':
      return aReturn({ returnId: `T-${n}`, lotId, grams, destination: { kind: step.destinationKind, id: 'X-1' } });
  }
}

/** Runs `decide`, turning a thrown error into a value so two decisions can be compared. */
function outcomeOf(command: RetailCommand, stock: StoreStock): { events?: readonly RetailEvent[]; error?: unknown } {
  try {
    return { events: storeStockDecider.decide(command, stock) };
  } catch (error) {
    return { error };
  }
}

/** Only the lines of `stock` a repository would load for `command`. */
function linesReadBy(command: RetailCommand, stock: StoreStock): StoreStock {
  const ids = stockLotsReadBy(command).filter((lotId) => Object.hasOwn(stock.heldGrams, lotId));
  return { heldGrams: Object.fromEntries(ids.map((lotId) => [lotId, heldGramsOf(stock, lotId)])) };
}

type ErrorClass = new (...args: never[]) => Error;
type Verdict =
  { readonly accepted: true } | { readonly accepted: false; readonly error: ErrorClass; readonly field: string };

/** An independent statement of the rules: which commands a stock must refuse, and whom to blame. */
function expectedVerdict(command: RetailCommand, stock: StoreStock): Verdict {
  const reject = (error: ErrorClass, field: string): Verdict => ({ accepted: false, error, field });
  if (command.grams <= 0n) return reject(InvalidInputError, 'grams');
  if (command.type === 'ReceiveLotAtStore') return { accepted: true };
  if (command.type === 'SellItems') {
    if (!Number.isInteger(command.items) || command.items <= 0) return reject(InvalidInputError, 'items');
    if (command.revenueCents !== undefined && command.revenueCents < 0n) {
      return reject(InvalidInputError, 'revenueCents');
    }
  }
  if (command.type === 'DonateItems' && command.programme.trim() === '') return reject(InvalidInputError, 'programme');
  if (command.type === 'ReturnLot' && !['centre', 'processor'].includes(command.destination.kind)) {
    return reject(InvalidInputError, 'destination.kind');
  }
  if (!Object.hasOwn(stock.heldGrams, command.lotId)) return reject(NotFoundError, 'lotId');
  if (command.grams > heldGramsOf(stock, command.lotId)) return reject(MassNotConservedError, 'grams');
  return { accepted: true };
}

describe('store stock conservation (property-based)', () => {
  it('accepts every valid sequence and conserves grams: received = held + sold + donated + returned', () => {
    fc.assert(
      fc.property(fc.array(validStep, { maxLength: 60 }), (steps) => {
        let stock = storeStockDecider.initialState();
        const accepted: RetailEvent[] = [];
        steps.forEach((step, n) => {
          const events = storeStockDecider.decide(validCommandFor(step, stock, n), stock);
          stock = events.reduce(storeStockDecider.evolve, stock);
          accepted.push(...events);
          expectConserved(stock, accepted);
        });
      }),
    );
  });

  it('accepts exactly the commands the rules allow and leaves the stock untouched when it rejects one', () => {
    fc.assert(
      fc.property(fc.array(anyStep, { maxLength: 80 }), (steps) => {
        let stock = storeStockDecider.initialState();
        const accepted: RetailEvent[] = [];
        for (const [n, step] of steps.entries()) {
          const command = anyCommandFor(step, stock, n);
          const verdict = expectedVerdict(command, stock);
          const before = structuredClone(stock);
          let events: readonly RetailEvent[] | undefined;
          let thrown: unknown;
          try {
            events = storeStockDecider.decide(command, stock);
          } catch (error) {
            thrown = error;
          }
          if (verdict.accepted) {
            expect(thrown).toBeUndefined();
            expect(events).toHaveLength(1);
            stock = events!.reduce(storeStockDecider.evolve, stock);
            accepted.push(...events!);
          } else {
            expect(isDomainError(thrown)).toBe(true);
            expect(thrown).toBeInstanceOf(verdict.error);
            expect((thrown as { field?: string }).field).toBe(verdict.field);
            expect(stock).toEqual(before);
          }
          expectConserved(stock, accepted);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('decides the same against only the lines a repository loads, and changes only the lines it writes back', () => {
    fc.assert(
      fc.property(fc.array(anyStep, { maxLength: 40 }), anyStep, (history, step) => {
        let stock = storeStockDecider.initialState();
        for (const [n, earlier] of history.entries()) {
          const outcome = outcomeOf(anyCommandFor(earlier, stock, n), stock);
          stock = (outcome.events ?? []).reduce(storeStockDecider.evolve, stock);
        }
        const command = anyCommandFor(step, stock, history.length);
        const partial = linesReadBy(command, stock);
        const fromWhole = outcomeOf(command, stock);
        expect(outcomeOf(command, partial)).toEqual(fromWhole);

        const events = fromWhole.events ?? [];
        const whole = events.reduce(storeStockDecider.evolve, stock);
        const fromPartial = events.reduce(storeStockDecider.evolve, partial);
        const changed = new Set(events.flatMap(stockLotsChangedBy));
        for (const lotId of changed) expect(heldGramsOf(fromPartial, lotId)).toBe(heldGramsOf(whole, lotId));
        for (const lotId of lotIds) {
          if (!changed.has(lotId)) expect(heldGramsOf(whole, lotId)).toBe(heldGramsOf(stock, lotId));
        }
      }),
      { numRuns: 200 },
    );
  });
});
