import type { DisposalMethod } from '@vezel/chain-events';
/**
 * The outcomes docs/domain.md names ("Fractions and outcomes"), in the order reports list them: reuse, recycling,
 * upcycling, disposal, loss, and last `stock` for grams that have not reached an outcome yet. The order is also the
 * tie-break of the largest-remainder rounding, so it is part of the ledger's deterministic output, not cosmetics.
 */
export const OUTCOMES = [
  'reuse.sold',
  'reuse.donated',
  'reuse.exported',
  'recycling.fibre-to-fibre',
  'recycling.open-loop',
  'upcycling',
  'disposal.energy-recovery',
  'disposal.incineration',
  'disposal.landfill',
  'loss',
  'stock',
] as const;

/** An outcome from {@link OUTCOMES}. */
export type KnownOutcome = (typeof OUTCOMES)[number];

/**
 * Where grams end. Outcomes are an open, dotted vocabulary on the wire (ADR 7; a processing run's product carries
 * its outcome as a string), so the ledger passes on a value it does not know rather than lose its grams: it is
 * any of {@link OUTCOMES}, or a newer value such as `recycling.chemical`.
 */
export type Outcome = string;

/** The outcomes a processing run's product is documented to reach (others are passed on as they come). */
export type RecyclingOutcome = 'recycling.fibre-to-fibre' | 'recycling.open-loop' | 'upcycling';

export type { DisposalMethod };

const rankByOutcome: ReadonlyMap<string, number> = new Map(OUTCOMES.map((outcome, rank) => [outcome, rank]));
const LOSS_RANK = rankByOutcome.get('loss')!;

/**
 * A key whose string order is the report order of outcomes: {@link OUTCOMES} in their order, with outcomes the
 * ledger does not know (by name) after `loss` and before `stock`.
 */
export function outcomeOrderKey(outcome: Outcome): string {
  const rank = rankByOutcome.get(outcome);
  // ' ' sorts before '+', so `loss` comes before the unknown outcomes that share its rank.
  return rank === undefined ? `${String(LOSS_RANK).padStart(2, '0')}+${outcome}` : `${String(rank).padStart(2, '0')} `;
}

/** Outcomes in report order (see {@link outcomeOrderKey}). */
export function compareOutcomes(a: Outcome, b: Outcome): number {
  const [left, right] = [outcomeOrderKey(a), outcomeOrderKey(b)];
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The outcome of disposing of grams by `method`. */
export function disposalOutcomeOf(method: DisposalMethod): KnownOutcome {
  return `disposal.${method}`;
}
