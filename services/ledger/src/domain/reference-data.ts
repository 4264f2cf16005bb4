import type { Grams } from '@vezel/grams';
import type { EmissionFactorTable } from './emission-factors.ts';

/** Reference data the ledger's figures need that no event carries; loaded from a JSON file (reference-data/). */
export interface ReferenceData {
  readonly emissionFactorTables: readonly EmissionFactorTable[];
  readonly placedOnMarket: readonly MarketFigure[];
  /** Where stores are: local-for-local counts grams reused in a store of the municipality they were collected in. */
  readonly storePlaces: readonly StorePlace[];
}

/** The municipality a store is in (no retail event says where a store is). */
export interface StorePlace {
  readonly storeId: string;
  /** CBS code. */
  readonly municipality: string;
}

/** Textile put on the Dutch market in a year: the base of the UPV Textiel shares of the year after. */
export interface MarketFigure {
  readonly year: number;
  readonly grams: Grams;
  readonly source: string;
}
