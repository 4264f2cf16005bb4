import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError } from '@vezel/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REFERENCE_DATA, readReferenceDataFile } from '../../src/adapters/reference-data-file.ts';

// The reader's failures are meant for an operator who set LEDGER_REFERENCE_DATA: each must be an InvalidInputError
// naming the file and the field at fault, so these tests look at all three rather than at "it threw".

const reuseCitation = 'Leger des Heils ReShare, reuse impact as cited in its public reporting';

/** A reference data document the reader accepts; each rejection test breaks exactly one thing in a fresh copy. */
function validDocument(): {
  notes: string;
  emissionFactorTables: Record<string, unknown>[];
  placedOnMarket: Record<string, unknown>[];
} {
  return {
    notes: 'test reference data',
    emissionFactorTables: [
      {
        version: '2026-02',
        source: 'test table',
        factors: [
          { outcome: 'reuse.sold', kgCo2ePerKg: '-3.4', source: 'test citation A', year: 2024 },
          { outcome: 'recycling.open-loop', kgCo2ePerKg: '-1.25', source: 'test citation B', year: 2023 },
        ],
      },
    ],
    placedOnMarket: [{ year: 2025, grams: 305_000_000_000, source: 'test EPR figure' }],
  };
}

/** A document whose second factor of the first table is `factor`, the rest kept valid. */
function documentWithSecondFactor(factor: Record<string, unknown>): ReturnType<typeof validDocument> {
  const document = validDocument();
  const table = document.emissionFactorTables[0]!;
  table['factors'] = [(table['factors'] as unknown[])[0], factor];
  return document;
}

const secondFactor = 'emissionFactorTables[0].factors[1]';

describe('readReferenceDataFile', () => {
  let directory: string;
  let fileCount = 0;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'vezel-refdata-'));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  /** Writes `content` (a string as is, anything else as JSON) to a new file in the temp directory. */
  async function referenceFile(content: unknown): Promise<string> {
    fileCount += 1;
    const path = join(directory, `reference-data-${fileCount}.json`);
    await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2), 'utf8');
    return path;
  }

  /** The error reading `path` fails with; asserts it is the typed InvalidInputError and names the file. */
  async function rejectionOf(path: string): Promise<InvalidInputError> {
    const error: unknown = await readReferenceDataFile(path).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error, `reading ${path} should fail`).toBeInstanceOf(InvalidInputError);
    const invalid = error as InvalidInputError;
    expect(invalid.kind).toBe('InvalidInput');
    expect(invalid.message).toContain(path);
    return invalid;
  }

  describe('the shipped default file', () => {
    it('loads the 2026-01 table with each factor as an exact decimal string, cited with its source and year', async () => {
      const referenceData = await readReferenceDataFile(DEFAULT_REFERENCE_DATA);

      expect(referenceData.emissionFactorTables).toEqual([
        {
          version: '2026-01',
          source:
            'Reuse factor as cited for Leger des Heils ReShare (about -3.4 kg CO2e per kg of textile reused); no factors for other outcomes yet',
          factors: [
            { outcome: 'reuse.sold', kgCo2ePerKg: '-3.4', source: reuseCitation, year: 2024 },
            { outcome: 'reuse.donated', kgCo2ePerKg: '-3.4', source: reuseCitation, year: 2024 },
            { outcome: 'reuse.exported', kgCo2ePerKg: '-3.4', source: reuseCitation, year: 2024 },
          ],
        },
      ]);
    });

    it('ships no market figures, since those come from the producers’ EPR reporting an operator configures', async () => {
      const referenceData = await readReferenceDataFile(DEFAULT_REFERENCE_DATA);

      expect(referenceData.placedOnMarket).toEqual([]);
    });
  });

  describe('a valid operator file', () => {
    it('gives every table, factor and market figure back, grams as a bigint', async () => {
      const referenceData = await readReferenceDataFile(await referenceFile(validDocument()));

      expect(referenceData).toEqual({
        emissionFactorTables: [
          {
            version: '2026-02',
            source: 'test table',
            factors: [
              { outcome: 'reuse.sold', kgCo2ePerKg: '-3.4', source: 'test citation A', year: 2024 },
              { outcome: 'recycling.open-loop', kgCo2ePerKg: '-1.25', source: 'test citation B', year: 2023 },
            ],
          },
        ],
        placedOnMarket: [{ year: 2025, grams: 305_000_000_000n, source: 'test EPR figure' }],
        storePlaces: [],
      });
    });

    it('places stores in municipalities, for local-for-local', async () => {
      const referenceData = await readReferenceDataFile(
        await referenceFile({ ...validDocument(), stores: [{ storeId: 'STORE-DEVENTER-01', municipality: 'GM0150' }] }),
      );
      expect(referenceData.storePlaces).toEqual([{ storeId: 'STORE-DEVENTER-01', municipality: 'GM0150' }]);
    });

    it('accepts an outcome the ledger does not know by name, as outcomes are an open vocabulary (ADR 7)', async () => {
      const path = await referenceFile(
        documentWithSecondFactor({
          outcome: 'recycling.chemical',
          kgCo2ePerKg: '-2',
          source: 'test citation',
          year: 2025,
        }),
      );

      const referenceData = await readReferenceDataFile(path);

      expect(referenceData.emissionFactorTables[0]!.factors[1]!.outcome).toBe('recycling.chemical');
    });
  });

  describe('a file that cannot be read or parsed', () => {
    it('reports a missing file against LEDGER_REFERENCE_DATA, the setting that points at it', async () => {
      const missing = join(directory, 'no-such-file.json');

      const error = await rejectionOf(missing);

      expect(error.field).toBe('LEDGER_REFERENCE_DATA');
      expect(error.message).toMatch(/^cannot read reference data file .*ENOENT/);
    });

    it('reports a directory given as the file as unreadable', async () => {
      const error = await rejectionOf(directory);

      expect(error.field).toBe('LEDGER_REFERENCE_DATA');
      expect(error.message).toContain('cannot read reference data file');
    });

    it('reports text that is not JSON, with the parser’s reason', async () => {
      const error = await rejectionOf(await referenceFile('{ "emissionFactorTables": [ }'));

      expect(error.field).toBe('LEDGER_REFERENCE_DATA');
      expect(error.message).toMatch(/is not JSON: .+/);
    });

    it('reports an empty file as not JSON', async () => {
      const error = await rejectionOf(await referenceFile(''));

      expect(error.field).toBe('LEDGER_REFERENCE_DATA');
      expect(error.message).toContain('is not JSON');
    });
  });

  describe('a file that is JSON but not reference data', () => {
    // Each case: the document, the field the error must name, and what the message must say about it.
    const cases: {
      readonly what: string;
      readonly document: () => unknown;
      readonly field: string;
      readonly says: string;
    }[] = [
      {
        what: 'a factor without a source',
        document: () => documentWithSecondFactor({ outcome: 'upcycling', kgCo2ePerKg: '-1', year: 2024 }),
        field: `${secondFactor}.source`,
        says: 'is required',
      },
      {
        what: 'a factor with an empty source',
        document: () => documentWithSecondFactor({ outcome: 'upcycling', kgCo2ePerKg: '-1', source: '', year: 2024 }),
        field: `${secondFactor}.source`,
        says: 'must not be empty',
      },
      {
        what: 'a factor without a year',
        document: () => documentWithSecondFactor({ outcome: 'upcycling', kgCo2ePerKg: '-1', source: 'test citation' }),
        field: `${secondFactor}.year`,
        says: 'is required',
      },
      {
        what: 'a factor year with a fraction',
        document: () =>
          documentWithSecondFactor({ outcome: 'upcycling', kgCo2ePerKg: '-1', source: 'test citation', year: 2024.5 }),
        field: `${secondFactor}.year`,
        says: 'must be an integer',
      },
      {
        what: 'a factor year given as a string',
        document: () =>
          documentWithSecondFactor({ outcome: 'upcycling', kgCo2ePerKg: '-1', source: 'test citation', year: '2024' }),
        field: `${secondFactor}.year`,
        says: 'must be an integer',
      },
      {
        what: 'a factor year before 1990',
        document: () =>
          documentWithSecondFactor({ outcome: 'upcycling', kgCo2ePerKg: '-1', source: 'test citation', year: 1989 }),
        field: `${secondFactor}.year`,
        says: 'must be at least 1990',
      },
      {
        // A JSON number would reach the ledger already rounded to a double; the factor must stay an exact decimal.
        what: 'a factor value given as a JSON number',
        document: () =>
          documentWithSecondFactor({ outcome: 'upcycling', kgCo2ePerKg: -3.4, source: 'test citation', year: 2024 }),
        field: `${secondFactor}.kgCo2ePerKg`,
        says: 'must be a string',
      },
      {
        what: 'a factor value that is not a number',
        document: () =>
          documentWithSecondFactor({
            outcome: 'upcycling',
            kgCo2ePerKg: 'about -3',
            source: 'test citation',
            year: 2024,
          }),
        field: `${secondFactor}.kgCo2ePerKg`,
        says: 'must be a decimal number such as -3.4, got "about -3"',
      },
      {
        what: 'a factor value with a decimal comma',
        document: () =>
          documentWithSecondFactor({ outcome: 'upcycling', kgCo2ePerKg: '-3,4', source: 'test citation', year: 2024 }),
        field: `${secondFactor}.kgCo2ePerKg`,
        says: 'must be a decimal number such as -3.4, got "-3,4"',
      },
      {
        what: 'a factor value in exponent notation',
        document: () =>
          documentWithSecondFactor({
            outcome: 'upcycling',
            kgCo2ePerKg: '-3.4e0',
            source: 'test citation',
            year: 2024,
          }),
        field: `${secondFactor}.kgCo2ePerKg`,
        says: 'must be a decimal number such as -3.4',
      },
      {
        what: 'a factor with more than six decimals',
        document: () =>
          documentWithSecondFactor({
            outcome: 'upcycling',
            kgCo2ePerKg: '-3.1234567',
            source: 'test citation',
            year: 2024,
          }),
        field: `${secondFactor}.kgCo2ePerKg`,
        says: 'must be a decimal number such as -3.4',
      },
      {
        what: 'a factor without an outcome',
        document: () => documentWithSecondFactor({ kgCo2ePerKg: '-1', source: 'test citation', year: 2024 }),
        field: `${secondFactor}.outcome`,
        says: 'is required',
      },
      {
        // An operator's typo must stop the start rather than leave the factor uncited.
        what: 'a misspelt factor field',
        document: () =>
          documentWithSecondFactor({
            outcome: 'upcycling',
            kgCo2ePerKg: '-1',
            sourse: 'test citation',
            source: 'x',
            year: 2024,
          }),
        field: `${secondFactor}.sourse`,
        says: 'is not a known field',
      },
      {
        what: 'a table without a version',
        document: () => {
          const document = validDocument();
          delete document.emissionFactorTables[0]!['version'];
          return document;
        },
        field: 'emissionFactorTables[0].version',
        says: 'is required',
      },
      {
        what: 'a version longer than 64 characters',
        document: () => {
          const document = validDocument();
          document.emissionFactorTables[0]!['version'] = 'v'.repeat(65);
          return document;
        },
        field: 'emissionFactorTables[0].version',
        says: 'must be at most 64 characters',
      },
      {
        what: 'factors that are an object instead of an array',
        document: () => {
          const document = validDocument();
          document.emissionFactorTables[0]!['factors'] = { 'reuse.sold': '-3.4' };
          return document;
        },
        field: 'emissionFactorTables[0].factors',
        says: 'must be an array',
      },
      {
        what: 'a file without emissionFactorTables',
        document: () => ({ placedOnMarket: [] }),
        field: 'emissionFactorTables',
        says: 'is required',
      },
      {
        what: 'a file without placedOnMarket',
        document: () => ({ emissionFactorTables: [] }),
        field: 'placedOnMarket',
        says: 'is required',
      },
      {
        what: 'an unknown top-level field',
        document: () => ({ ...validDocument(), emissionFactors: [] }),
        field: 'emissionFactors',
        says: 'is not a known field',
      },
      {
        what: 'a market figure of zero grams',
        document: () => ({ ...validDocument(), placedOnMarket: [{ year: 2025, grams: 0, source: 'test EPR figure' }] }),
        field: 'placedOnMarket[0].grams',
        says: 'must be a positive integer number of grams',
      },
      {
        what: 'a market figure in kilograms with a fraction',
        document: () => ({
          ...validDocument(),
          placedOnMarket: [{ year: 2025, grams: 305_000.5, source: 'test EPR figure' }],
        }),
        field: 'placedOnMarket[0].grams',
        says: 'must be a positive integer number of grams',
      },
      {
        what: 'a store placed by a municipality name instead of its CBS code',
        document: () => ({ ...validDocument(), stores: [{ storeId: 'ST-1', municipality: 'Deventer' }] }),
        field: 'stores[0].municipality',
        says: 'must be a CBS municipality code such as GM0150',
      },
      {
        what: 'a store given twice',
        document: () => ({
          ...validDocument(),
          stores: [
            { storeId: 'ST-1', municipality: 'GM0150' },
            { storeId: 'ST-1', municipality: 'GM0193' },
          ],
        }),
        field: 'stores[1].storeId',
        says: 'repeats "ST-1", already given at stores[0].storeId',
      },
      {
        what: 'a market figure without a source',
        document: () => ({ ...validDocument(), placedOnMarket: [{ year: 2025, grams: 1_000 }] }),
        field: 'placedOnMarket[0].source',
        says: 'is required',
      },
    ];

    it.each(cases)('rejects $what, naming $field', async ({ document, field, says }) => {
      const error = await rejectionOf(await referenceFile(document()));

      expect(error.field).toBe(field);
      expect(error.message).toContain(`: ${field} `);
      expect(error.message).toContain(says);
    });

    it('rejects a document that is not an object', async () => {
      const error = await rejectionOf(await referenceFile([validDocument()]));

      // The file itself is at fault, named by the setting that points at it (not "body", as for an HTTP request).
      expect(error.field).toBe('LEDGER_REFERENCE_DATA');
      expect(error.message).toContain('must be a JSON object');
    });

    it('names a bad factor value once, not twice', async () => {
      const error = await rejectionOf(
        await referenceFile(
          documentWithSecondFactor({
            outcome: 'recycling.open-loop',
            kgCo2ePerKg: 'about -3',
            source: 'x',
            year: 2023,
          }),
        ),
      );

      expect(error.message.split(`${secondFactor}.kgCo2ePerKg`)).toHaveLength(2);
    });

    it.each([
      {
        what: 'a table version given twice',
        document: () => {
          const document = validDocument();
          document.emissionFactorTables.push({ ...document.emissionFactorTables[0]!, source: 'another table' });
          return document;
        },
        field: 'emissionFactorTables[1].version',
        first: 'emissionFactorTables[0].version',
      },
      {
        what: 'an outcome given twice in one table',
        document: () =>
          documentWithSecondFactor({
            outcome: 'reuse.sold',
            kgCo2ePerKg: '-2.0',
            source: 'test citation B',
            year: 2023,
          }),
        field: `${secondFactor}.outcome`,
        first: 'emissionFactorTables[0].factors[0].outcome',
      },
      {
        what: 'a market year given twice',
        document: () => {
          const document = validDocument();
          document.placedOnMarket.push({ year: 2025, grams: 1_000, source: 'a second figure' });
          return document;
        },
        field: 'placedOnMarket[1].year',
        first: 'placedOnMarket[0].year',
      },
    ])('rejects $what, naming the repeat and the first', async ({ document, field, first }) => {
      const error = await rejectionOf(await referenceFile(document()));

      expect(error.field).toBe(field);
      expect(error.message).toContain(`already given at ${first}`);
    });
  });
});
