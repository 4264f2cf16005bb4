import { parseArgs } from 'node:util';
import { chainBaseOf } from '../chain-url.ts';
import { UsageError } from '../usage-error.ts';
import { kilogramsText, shareText } from './grams-text.ts';
import { municipalityText } from './municipality-text.ts';
import { periodOrThisYear } from './period-or-this-year.ts';
import { getFromLedger } from './ledger-client.ts';
import { jsonForScripts } from './json-for-scripts.ts';
import { tableText } from './table-text.ts';

export const kpisUsage = `vezel kpis [--from 2026-01-01 --to 2027-01-01] [--municipality GMxxxx | --centre ID] [--url] [--json]
  what became of the grams collected in a period (this year by default; --to excluded), with CO2e; calendar dates
  are days in the ledger's time zone (Europe/Amsterdam unless configured), or give date-times such as
  2026-01-01T00:00:00Z`;

/** `vezel kpis`: outcome shares and CO2e of a period, chain-wide or for a municipality or centre. */
export async function kpisCommand(args: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      municipality: { type: 'string' },
      centre: { type: 'string' },
      url: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (positionals.length > 0) throw new UsageError(`kpis takes no ids, got "${positionals.join(' ')}"`);
  const base = chainBaseOf(values.url);
  const { from, to } = periodOrThisYear(values);
  const query = new URLSearchParams({ from, to });
  if (values.municipality !== undefined) query.set('municipality', values.municipality);
  if (values.centre !== undefined) query.set('centre', values.centre);
  const kpis = (await getFromLedger(base, `kpis?${query.toString()}`)) as Record<string, unknown>;
  if (values.json) {
    process.stdout.write(jsonForScripts(kpis));
    return;
  }
  const collected = kpis['collectedGrams'] as number | bigint;
  const scope =
    values.municipality !== undefined ? municipalityText(values.municipality) : (values.centre ?? 'the whole chain');
  // The period as the user wrote it: the ledger read calendar dates as days in its time zone (--json has the instants).
  process.stdout.write(`${scope}, ${from} to ${to} (end excluded): ${kilogramsText(collected)} collected\n\n`);
  const outcomes = (kpis['outcomes'] as { outcome: string; grams: number | bigint }[]).filter(
    (line) => BigInt(line.grams) > 0n,
  );
  process.stdout.write(
    tableText(
      ['outcome', 'kg', 'share'],
      outcomes.map((line) => [line.outcome, kilogramsText(line.grams), shareText(line.grams, collected)]),
      [1, 2],
    ),
  );
  const co2e = kpis['co2eGrams'] as number | bigint | undefined;
  const factors = kpis['emissionFactors'] as { version?: string } | undefined;
  if (co2e !== undefined) {
    process.stdout.write(
      `\nCO2e: ${kilogramsText(co2e)} (factor table ${factors?.version ?? '?'}; negative is avoided emissions)\n`,
    );
  }
}
