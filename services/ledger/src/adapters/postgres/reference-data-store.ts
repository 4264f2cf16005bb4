import type { Db, Queryable } from '@vezel/db';
import { ConflictError } from '@vezel/errors';
import { toGrams, type Grams } from '@vezel/grams';
import { factorFraction, type EmissionFactorTable, type ReferenceData } from '../../domain/index.ts';

/**
 * Stores reference data (emission factor tables, market figures, store places) in one transaction. A factor table version is
 * immutable once loaded, so a report that cites a version always means the same factors: loading the same version
 * again with other factors is a ConflictError telling the operator to publish a new version. Market figures are
 * replaced per year (a later, corrected figure wins), store places per store.
 */
export async function storeReferenceData(db: Db, data: ReferenceData): Promise<void> {
  await db.transaction(async (tx) => {
    for (const [index, table] of data.emissionFactorTables.entries()) {
      table.factors.forEach((factor, factorIndex) =>
        factorFraction(factor, `emissionFactorTables[${index}].factors[${factorIndex}].kgCo2ePerKg`),
      );
      const stored = await readFactorTable(tx, table.version);
      if (stored !== undefined) {
        if (!sameTable(stored, table)) {
          throw new ConflictError(
            `emission factor table ${table.version} is already loaded with other factors; ` +
              'factor tables are immutable once loaded: give the changed table a new version',
            { field: `emissionFactorTables[${index}].version`, details: { version: table.version } },
          );
        }
        continue;
      }
      await tx.query(`insert into ledger_emission_factor_tables (version, source) values ($1, $2)`, [
        table.version,
        table.source,
      ]);
      await tx.query(
        `insert into ledger_emission_factors (version, outcome, kg_co2e_per_kg, source, year)
         select $1, outcome, factor::numeric, source, year
           from jsonb_to_recordset($2::jsonb) as x(outcome text, factor text, source text, year integer)`,
        [
          table.version,
          JSON.stringify(
            table.factors.map((f) => ({ outcome: f.outcome, factor: f.kgCo2ePerKg, source: f.source, year: f.year })),
          ),
        ],
      );
    }
    for (const figure of data.placedOnMarket) {
      await tx.query(
        `insert into ledger_market_figures (year, placed_on_market_grams, source) values ($1, $2, $3)
         on conflict (year) do update set placed_on_market_grams = excluded.placed_on_market_grams, source = excluded.source`,
        [figure.year, figure.grams.toString(), figure.source],
      );
    }
    if (data.storePlaces.length > 0) {
      // A store that moved is where the file now says: its place is read when local-for-local is asked.
      await tx.query(
        `insert into ledger_store_places (store_id, municipality)
         select * from unnest($1::text[], $2::text[])
         on conflict (store_id) do update set municipality = excluded.municipality`,
        [data.storePlaces.map((store) => store.storeId), data.storePlaces.map((store) => store.municipality)],
      );
    }
  });
}

/** A loaded factor table: the given version, or the newest (by version string) when none is given. */
export async function readFactorTable(db: Queryable, version?: string): Promise<EmissionFactorTable | undefined> {
  const { rows: tables } = await db.query<{ version: string; source: string }>(
    version === undefined
      ? `select version, source from ledger_emission_factor_tables order by version desc limit 1`
      : `select version, source from ledger_emission_factor_tables where version = $1`,
    version === undefined ? [] : [version],
  );
  const table = tables[0];
  if (table === undefined) return undefined;
  const { rows } = await db.query<{ outcome: string; factor: string; source: string; year: number }>(
    `select outcome, kg_co2e_per_kg::text as factor, source, year from ledger_emission_factors
      where version = $1 order by outcome`,
    [table.version],
  );
  return {
    version: table.version,
    source: table.source,
    factors: rows.map((row) => ({ outcome: row.outcome, kgCo2ePerKg: row.factor, source: row.source, year: row.year })),
  };
}

/** Textile put on the market in `year`, if configured. */
export async function readPlacedOnMarket(db: Queryable, year: number): Promise<Grams | undefined> {
  const { rows } = await db.query<{ grams: bigint }>(
    `select placed_on_market_grams as grams from ledger_market_figures where year = $1`,
    [year],
  );
  return rows[0] === undefined ? undefined : toGrams(rows[0].grams);
}

function sameTable(stored: EmissionFactorTable, given: EmissionFactorTable): boolean {
  const key = (table: EmissionFactorTable): string =>
    JSON.stringify([
      table.source,
      [...table.factors]
        .map((f) => [f.outcome, normalise(f.kgCo2ePerKg), f.source, f.year])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ]);
  return key(stored) === key(given);
}

/** `-3.40` and `-3.4` are one factor: compare the exact fractions reduced to a canonical decimal. */
function normalise(decimal: string): string {
  const { numerator, denominator } = factorFraction({ kgCo2ePerKg: decimal });
  let [n, d] = [numerator, denominator];
  while (d > 1n && n % 10n === 0n) {
    n /= 10n;
    d /= 10n;
  }
  return `${n}/${d}`;
}
