import { readFile } from 'node:fs/promises';
import { InvalidInputError } from '@vezel/errors';
import { toGrams } from '@vezel/grams';
import { requireChainId } from '@vezel/chain-ids';
import { requireMunicipality } from '@vezel/municipalities';
import { readJson } from '@vezel/rpc';
import { factorFraction, type ReferenceData } from '../domain/index.ts';

/** The reference data shipped with the ledger (reference-data/default.json). */
export const DEFAULT_REFERENCE_DATA = new URL('../../reference-data/default.json', import.meta.url);

/**
 * Reads a reference data file (see reference-data/default.json for the format). A file that is not what the ledger
 * expects fails with an InvalidInputError naming the file and the field (`emissionFactorTables[0].factors[2].year`),
 * so an operator's typo stops the start rather than skewing the CO2e figures.
 */
export async function readReferenceDataFile(path: URL | string): Promise<ReferenceData> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InvalidInputError(`cannot read reference data file ${String(path)}: ${(error as Error).message}`, {
      field: 'LEDGER_REFERENCE_DATA',
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`reference data file ${String(path)} is not JSON: ${(error as Error).message}`, {
      field: 'LEDGER_REFERENCE_DATA',
    });
  }
  try {
    return readReferenceData(parsed);
  } catch (error) {
    if (error instanceof InvalidInputError) {
      // The JSON reader names a non-object document `body`, its name in an HTTP request; here it is the file.
      const field = error.field === undefined || error.field === 'body' ? 'LEDGER_REFERENCE_DATA' : error.field;
      const message = error.message.startsWith(field) ? error.message : `${field} ${error.message}`;
      throw new InvalidInputError(`reference data file ${String(path)}: ${message}`, { field, cause: error });
    }
    throw error;
  }
}

/**
 * Reference data from parsed JSON. A version, an outcome within a table, a market year or a store given twice is refused:
 * which of the two would count is anybody's guess.
 */
export function readReferenceData(json: unknown): ReferenceData {
  const data = readJson(json, (input) => {
    input.optionalString('notes');
    return {
      emissionFactorTables: input.array('emissionFactorTables', (table) => ({
        version: table.string('version', { maxLength: 64 }),
        source: table.string('source', { maxLength: 1_000 }),
        factors: table.array('factors', (factor, factorPath) => {
          const parsedFactor = {
            outcome: factor.string('outcome', { maxLength: 128 }),
            kgCo2ePerKg: factor.string('kgCo2ePerKg'),
            source: factor.string('source', { maxLength: 1_000 }),
            year: factor.integer('year', { min: 1990, max: 9999 }),
          };
          factorFraction(parsedFactor, `${factorPath}.kgCo2ePerKg`);
          return parsedFactor;
        }),
      })),
      placedOnMarket: input.array('placedOnMarket', (figure) => ({
        year: figure.integer('year', { min: 1990, max: 9999 }),
        grams: toGrams(figure.grams('grams')),
        source: figure.string('source', { maxLength: 1_000 }),
      })),
      storePlaces:
        input.optionalArray('stores', (store, path) => ({
          storeId: requireChainId(store.string('storeId'), `${path}.storeId`),
          municipality: requireMunicipality(store.string('municipality'), `${path}.municipality`).code,
        })) ?? [],
    };
  });
  refuseRepeats(
    data.emissionFactorTables.map((table) => table.version),
    (index) => `emissionFactorTables[${index}].version`,
  );
  data.emissionFactorTables.forEach((table, tableIndex) =>
    refuseRepeats(
      table.factors.map((factor) => factor.outcome),
      (index) => `emissionFactorTables[${tableIndex}].factors[${index}].outcome`,
    ),
  );
  refuseRepeats(
    data.placedOnMarket.map((figure) => String(figure.year)),
    (index) => `placedOnMarket[${index}].year`,
  );
  refuseRepeats(
    data.storePlaces.map((store) => store.storeId),
    (index) => `stores[${index}].storeId`,
  );
  return data;
}

function refuseRepeats(values: readonly string[], fieldAt: (index: number) => string): void {
  const firstIndex = new Map<string, number>();
  values.forEach((value, index) => {
    const first = firstIndex.get(value);
    if (first !== undefined) {
      throw new InvalidInputError(`${fieldAt(index)} repeats "${value}", already given at ${fieldAt(first)}`, {
        field: fieldAt(index),
      });
    }
    firstIndex.set(value, index);
  });
}
