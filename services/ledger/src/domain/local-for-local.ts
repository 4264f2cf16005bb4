import { addGrams, ZERO_GRAMS, type Grams } from '@vezel/grams';

/**
 * Grams of the batches collected in one municipality that reached one kind of place: a store in a known
 * municipality, a store of unknown place (`inStore` and no `storeMunicipality`), or no store at all.
 */
export interface CollectedGramsByStorePlace {
  readonly municipality: string;
  readonly inStore: boolean;
  readonly storeMunicipality?: string;
  readonly grams: Grams;
}

/** Local-for-local of one region: of the grams collected there, those reused in a store in the same region. */
export interface RegionalLocalForLocal {
  /** The region's key: a CBS code, or a province name when rolled up. */
  readonly region: string;
  readonly collectedGrams: Grams;
  /** Sold or donated in any store. */
  readonly reusedInStoresGrams: Grams;
  /** Sold or donated in a store in the same region. */
  readonly localGrams: Grams;
  /** Sold or donated in stores whose place the ledger does not know: neither local nor not, so counted apart. */
  readonly unplacedStoreGrams: Grams;
}

/**
 * Local-for-local per region, where `regionOf` says which region a municipality belongs to (itself, for the
 * municipality view; its province, for the provincial one). A store counts as local when its municipality is in
 * the region the grams were collected in. Sorted by region key so answers are stable.
 */
export function localForLocalOf(
  rows: readonly CollectedGramsByStorePlace[],
  regionOf: (municipality: string) => string,
): RegionalLocalForLocal[] {
  const regions = new Map<string, { collected: Grams; reused: Grams; local: Grams; unplaced: Grams }>();
  for (const row of rows) {
    const region = regionOf(row.municipality);
    const tally = regions.get(region) ?? {
      collected: ZERO_GRAMS,
      reused: ZERO_GRAMS,
      local: ZERO_GRAMS,
      unplaced: ZERO_GRAMS,
    };
    tally.collected = addGrams(tally.collected, row.grams);
    if (row.inStore) {
      tally.reused = addGrams(tally.reused, row.grams);
      if (row.storeMunicipality === undefined) tally.unplaced = addGrams(tally.unplaced, row.grams);
      else if (regionOf(row.storeMunicipality) === region) tally.local = addGrams(tally.local, row.grams);
    }
    regions.set(region, tally);
  }
  return [...regions]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([region, tally]) => ({
      region,
      collectedGrams: tally.collected,
      reusedInStoresGrams: tally.reused,
      localGrams: tally.local,
      unplacedStoreGrams: tally.unplaced,
    }));
}
