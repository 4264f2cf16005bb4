import { sumGrams, ZERO_GRAMS, type Grams } from '@vezel/grams';
import type { Outcome } from './outcome.ts';

/** The UPV Textiel (Dutch textile EPR) indicators, in the contract's order. */
export const UPV_INDICATORS = ['reuse-or-recycling', 'reuse', 'reuse-netherlands', 'fibre-to-fibre'] as const;
export type UpvIndicator = (typeof UPV_INDICATORS)[number];

/** The chain's figure for one indicator beside its statutory target. */
export interface UpvFigure {
  readonly indicator: UpvIndicator;
  readonly grams: Grams;
  /** Put on the market the year before, or for fibre-to-fibre the recycled grams; absent when not known. */
  readonly baseGrams?: Grams;
  /** Display only (100 x grams / base); totals stay in grams. */
  readonly actualPercent?: number;
  readonly targetPercent?: number;
}

export interface UpvReport {
  readonly year: number;
  readonly placedOnMarketGrams?: Grams;
  readonly collectedGrams: Grams;
  readonly figures: readonly UpvFigure[];
  /**
   * The same indicators for the grams each municipality collected, by CBS code. The market base is national, so
   * only fibre-to-fibre (a share of the municipality's own recycled grams) has a base here.
   */
  readonly byMunicipality: readonly MunicipalityUpvFigures[];
}

/** One municipality's part of the UPV report. */
export interface MunicipalityUpvFigures {
  readonly municipality: string;
  readonly collectedGrams: Grams;
  readonly figures: readonly UpvFigure[];
}

/**
 * Statutory minimums (docs/domain.md): from 2025 50 / 20 / 10 / 25 %, from 2030 75 / 25 / 15 / 33 %. The Besluit
 * sets them for 2025 and 2030; the years between keep the 2025 figures.
 */
function targetsFor(year: number): Readonly<Record<UpvIndicator, number>> | undefined {
  if (year < 2025) return undefined;
  return year < 2030
    ? { 'reuse-or-recycling': 50, reuse: 20, 'reuse-netherlands': 10, 'fibre-to-fibre': 25 }
    : { 'reuse-or-recycling': 75, reuse: 25, 'reuse-netherlands': 15, 'fibre-to-fibre': 33 };
}

/**
 * The UPV report of a year from the outcome totals of the batches collected in it, for the chain and per
 * municipality of collection (`totalsByMunicipality`, whose parts add up to `totals`). Shares of textile put on the
 * market need the year-before market figure, which is configured reference data: without it the figures carry
 * grams only.
 */
export function upvReportOf(
  year: number,
  totals: ReadonlyMap<Outcome, Grams>,
  placedOnMarketGrams: Grams | undefined,
  totalsByMunicipality: ReadonlyMap<string, ReadonlyMap<Outcome, Grams>> = new Map(),
): UpvReport {
  return {
    year,
    ...(placedOnMarketGrams === undefined ? {} : { placedOnMarketGrams }),
    collectedGrams: sumGrams([...totals.values()]),
    figures: upvFiguresOf(year, totals, placedOnMarketGrams),
    byMunicipality: [...totalsByMunicipality]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([municipality, own]) => ({
        municipality,
        collectedGrams: sumGrams([...own.values()]),
        figures: upvFiguresOf(year, own, undefined),
      })),
  };
}

/**
 * The four indicators of some outcome totals. Reuse is sold + donated + exported, reuse in the Netherlands sold +
 * donated; recycling is every `recycling.*` outcome and `upcycling` (material recovery of textile); fibre-to-fibre
 * is measured against that recycled part, the others against the market base when it is known.
 */
function upvFiguresOf(
  year: number,
  totals: ReadonlyMap<Outcome, Grams>,
  placedOnMarketGrams: Grams | undefined,
): UpvFigure[] {
  const gramsOf = (outcome: Outcome): Grams => totals.get(outcome) ?? ZERO_GRAMS;
  const recycled = sumGrams(
    [...totals]
      .filter(([outcome]) => outcome.startsWith('recycling.') || outcome === 'upcycling')
      .map(([, grams]) => grams),
  );
  const reuseNetherlands = sumGrams([gramsOf('reuse.sold'), gramsOf('reuse.donated')]);
  const reuse = sumGrams([reuseNetherlands, gramsOf('reuse.exported')]);
  const targets = targetsFor(year);
  const figure = (indicator: UpvIndicator, grams: Grams, base: Grams | undefined): UpvFigure => ({
    indicator,
    grams,
    ...(base === undefined ? {} : { baseGrams: base }),
    ...(base === undefined || base === 0n ? {} : { actualPercent: percentOf(grams, base) }),
    ...(targets === undefined ? {} : { targetPercent: targets[indicator] }),
  });
  return [
    figure('reuse-or-recycling', sumGrams([reuse, recycled]), placedOnMarketGrams),
    figure('reuse', reuse, placedOnMarketGrams),
    figure('reuse-netherlands', reuseNetherlands, placedOnMarketGrams),
    figure('fibre-to-fibre', gramsOf('recycling.fibre-to-fibre'), recycled),
  ];
}

/** A share in percent with two decimals, computed in integers first so the display cannot drift. */
function percentOf(grams: bigint, base: bigint): number {
  return Number((grams * 10_000n + base / 2n) / base) / 100;
}
