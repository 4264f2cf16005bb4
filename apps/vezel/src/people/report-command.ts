import { parseArgs } from 'node:util';
import { chainBaseOf } from '../chain-url.ts';
import { UsageError } from '../usage-error.ts';
import { kilogramsText } from './grams-text.ts';
import { getFromLedger } from './ledger-client.ts';
import { municipalityText } from './municipality-text.ts';
import { jsonForScripts } from './json-for-scripts.ts';
import { tableText } from './table-text.ts';

export const reportUsage = `vezel report upv --year 2026 [--csv | --json] [--url]
  the Dutch textile EPR (UPV Textiel) report: reuse and recycling against the targets`;

/** `vezel report upv --year`: the UPV report as a table, CSV (for a spreadsheet) or JSON. */
export async function reportCommand(args: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      year: { type: 'string' },
      url: { type: 'string' },
      csv: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (positionals[0] !== 'upv' || positionals.length > 1)
    throw new UsageError('report knows one report: vezel report upv --year <year>');
  if (values.year === undefined || !/^\d{4}$/.test(values.year))
    throw new UsageError(`--year must be a year such as 2026, got "${values.year ?? ''}"`);
  if (values.csv && values.json) throw new UsageError('--csv and --json: pick one');
  const base = chainBaseOf(values.url);
  if (values.csv) {
    process.stdout.write(String(await getFromLedger(base, `reports/upv?year=${values.year}`, 'text/csv')));
    return;
  }
  const report = (await getFromLedger(base, `reports/upv?year=${values.year}`)) as Record<string, unknown>;
  if (values.json) {
    process.stdout.write(jsonForScripts(report));
    return;
  }
  process.stdout.write(
    `UPV Textiel ${values.year}: ${kilogramsText(report['collectedGrams'] as number)} collected\n\n`,
  );
  const figures = report['figures'] as {
    indicator: string;
    grams: number;
    actualPercent?: number;
    targetPercent?: number;
  }[];
  process.stdout.write(
    tableText(
      ['indicator', 'kg', 'actual', 'target'],
      figures.map((figure) => [
        figure.indicator,
        kilogramsText(figure.grams),
        figure.actualPercent === undefined ? '-' : `${figure.actualPercent.toFixed(2)} %`,
        figure.targetPercent === undefined ? '-' : `${figure.targetPercent} %`,
      ]),
      [1, 2, 3],
    ),
  );
  if (figures.some((figure) => figure.actualPercent === undefined)) {
    process.stdout.write(
      '\n- : needs the textile placed on the market that year (reference data, LEDGER_REFERENCE_DATA)\n',
    );
  }
  const parts = (report['byMunicipality'] as MunicipalityPart[] | undefined) ?? [];
  if (parts.length === 0) return;
  // Per municipality, the grams of each indicator: the market base is national, so no shares but fibre-to-fibre's.
  process.stdout.write(`\nBy municipality of collection (kg)\n\n`);
  const gramsOf = (part: MunicipalityPart, indicator: string): number | bigint =>
    part.figures.find((figure) => figure.indicator === indicator)?.grams ?? 0;
  process.stdout.write(
    tableText(
      ['municipality', 'province', 'collected', 'reuse or recycling', 'reuse', 'reuse NL', 'fibre-to-fibre'],
      [...parts]
        .sort((a, b) =>
          BigInt(b.collectedGrams) > BigInt(a.collectedGrams)
            ? 1
            : BigInt(b.collectedGrams) < BigInt(a.collectedGrams)
              ? -1
              : 0,
        )
        .map((part) => [
          municipalityText(part.municipality),
          part.province ?? '',
          kilogramsText(part.collectedGrams),
          ...['reuse-or-recycling', 'reuse', 'reuse-netherlands', 'fibre-to-fibre'].map((indicator) =>
            kilogramsText(gramsOf(part, indicator)),
          ),
        ]),
      [2, 3, 4, 5, 6],
    ),
  );
}

/** One municipality's lines of the UPV report, as the ledger's JSON gives them. */
interface MunicipalityPart {
  readonly municipality: string;
  readonly province?: string;
  readonly collectedGrams: number | bigint;
  readonly figures: readonly { indicator: string; grams: number | bigint }[];
}
