import { MUNICIPALITY_CODE_PATTERN } from '@vezel/municipalities';
import { parseArgs } from 'node:util';
import { chainBaseOf } from '../chain-url.ts';
import { UsageError } from '../usage-error.ts';
import { kilogramsText, shareText } from './grams-text.ts';
import { municipalityText } from './municipality-text.ts';
import { periodOrThisYear } from './period-or-this-year.ts';
import { getFromLedger, LedgerAnswerError } from './ledger-client.ts';
import { jsonForScripts } from './json-for-scripts.ts';
import { tableText } from './table-text.ts';

export const traceUsage = `vezel trace <batch|lot|product|container|GMxxxx> [--backward] [--from 2026-01-01 --to 2027-01-01] [--url] [--json]
  where the grams of a node, container or municipality went (forward), or where a node's came from (--backward);
  a container or municipality over the batches collected in a period (this year by default; --to excluded;
  calendar dates are days in the ledger's time zone, or give date-times such as 2026-01-01T00:00:00Z)`;

interface Outcome {
  readonly outcome: string;
  readonly grams: number | bigint;
}

/** `vezel trace <id>`: a forward or backward trace as a readable table (or the ledger's JSON). */
export async function traceCommand(args: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      backward: { type: 'boolean', default: false },
      from: { type: 'string' },
      to: { type: 'string' },
      url: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const [id, ...rest] = positionals;
  if (id === undefined || rest.length > 0)
    throw new UsageError('trace needs exactly one id (a batch, lot, product, container or GMxxxx municipality)');
  const base = chainBaseOf(values.url);
  const period = new URLSearchParams(periodOrThisYear(values)).toString();
  const isMunicipality = MUNICIPALITY_CODE_PATTERN.test(id);
  if (values.backward && isMunicipality)
    throw new UsageError('--backward traces a lot or product back to its origins; a municipality is an origin');

  let trace: Record<string, unknown>;
  if (values.backward) {
    trace = (await getFromLedger(base, `trace/backward?node=${encodeURIComponent(id)}`)) as Record<string, unknown>;
  } else if (isMunicipality) {
    trace = (await getFromLedger(base, `trace/forward?municipality=${id}&${period}`)) as Record<string, unknown>;
  } else {
    // An id is a node or a container: a node the ledger does not know may be a container that collected something.
    trace = (await getFromLedger(base, `trace/forward?node=${encodeURIComponent(id)}`).catch(async (error: unknown) => {
      if (!(error instanceof LedgerAnswerError) || error.status !== 404) throw error;
      const container = (await getFromLedger(
        base,
        `trace/forward?container=${encodeURIComponent(id)}&${period}`,
      )) as Record<string, unknown>;
      if (BigInt(container['grams'] as number) === 0n)
        throw new LedgerAnswerError(`no batch, lot, product or container ${id} in the ledger`, 404);
      return container;
    })) as Record<string, unknown>;
  }
  if (values.json) {
    process.stdout.write(jsonForScripts(trace));
    return;
  }
  const grams = trace['grams'] as number | bigint;
  if (values.backward) {
    const origins =
      (trace['origins'] as { batchId: string; municipality: string; grams: number | bigint }[] | undefined) ?? [];
    const byMunicipality = new Map<string, bigint>();
    for (const origin of origins)
      byMunicipality.set(origin.municipality, (byMunicipality.get(origin.municipality) ?? 0n) + BigInt(origin.grams));
    process.stdout.write(`${id}: ${kilogramsText(grams)} came from ${origins.length} batches\n\n`);
    process.stdout.write(
      tableText(
        ['municipality', 'kg', 'share'],
        [...byMunicipality]
          .sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0))
          .map(([municipality, part]) => [municipalityText(municipality), kilogramsText(part), shareText(part, grams)]),
        [1, 2],
      ),
    );
    const largest = [...origins]
      .sort((a, b) => (BigInt(b.grams) > BigInt(a.grams) ? 1 : BigInt(b.grams) < BigInt(a.grams) ? -1 : 0))
      .slice(0, 10);
    process.stdout.write(
      `\n${tableText(
        ['batch', 'municipality', 'kg'],
        largest.map((origin) => [origin.batchId, municipalityText(origin.municipality), kilogramsText(origin.grams)]),
        [2],
      )}`,
    );
    if (origins.length > largest.length)
      process.stdout.write(`... and ${origins.length - largest.length} more batches (--json for all)\n`);
    return;
  }
  const outcomes = (trace['outcomes'] as Outcome[]).filter((line) => BigInt(line.grams) > 0n);
  process.stdout.write(`${isMunicipality ? municipalityText(id) : id}: ${kilogramsText(grams)} went to\n\n`);
  process.stdout.write(
    tableText(
      ['outcome', 'kg', 'share'],
      outcomes.map((line) => [line.outcome, kilogramsText(line.grams), shareText(line.grams, grams)]),
      [1, 2],
    ),
  );
}
