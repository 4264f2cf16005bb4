import { readFileSync } from 'node:fs';
import type { Municipality } from './municipality.ts';
import { parseMunicipalityCsv } from './parse-municipality-csv.ts';

/** The CBS classification the ledger checks codes against; its provenance is in `data/README.md`. */
export const MUNICIPALITY_LIST_YEAR = 2025;

const listFile = new URL(`../data/municipalities-${MUNICIPALITY_LIST_YEAR}.csv`, import.meta.url);

/** All 342 municipalities of the list, by code. Read once, when the module is first imported. */
export const DUTCH_MUNICIPALITIES: readonly Municipality[] = Object.freeze(
  parseMunicipalityCsv(readFileSync(listFile, 'utf8')),
);

const byCode = new Map(DUTCH_MUNICIPALITIES.map((municipality) => [municipality.code, municipality]));

/** The municipality with this CBS code, or undefined when the list has none. */
export function municipalityOf(code: string): Municipality | undefined {
  return byCode.get(code);
}

/** The provinces of the list, sorted. */
export const DUTCH_PROVINCES: readonly string[] = Object.freeze(
  [...new Set(DUTCH_MUNICIPALITIES.map((municipality) => municipality.province))].sort((a, b) =>
    a.localeCompare(b, 'nl'),
  ),
);
