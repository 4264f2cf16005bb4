import type { Db, Queryable } from '@vezel/db';
import { toGrams } from '@vezel/grams';
import {
  combineForwardTraces,
  CUSTODY_MODEL,
  type ContainerSource,
  type ForwardTrace,
  type Holder,
  type MunicipalitySource,
  type OutcomeGrams,
  type StockLine,
} from '../../domain/index.ts';
import { daySumClauses } from './figure-days.ts';
import { periodClause, type PeriodClause } from './period-clause.ts';
import { readOutcomeTotals } from './read-outcome-totals.ts';

/**
 * The forward trace of a container or municipality (in a period) from the per-batch figures the refresher keeps
 * (refresh-derived-figures.ts): the SUM of its batches' rounded traces, which is by definition what the core's
 * traceForward answers for such a source, read from indexed tables (a municipality's totals from the day sums)
 * instead of walking the graph.
 */
export async function readScopedTrace(db: Db, source: ContainerSource | MunicipalitySource): Promise<ForwardTrace> {
  // One snapshot for the three reads: a refresh committing between them would otherwise give a trace whose
  // outcomes and stock do not add up to its grams.
  return db.transaction((tx) => readScopedTraceIn(tx, source), { isolation: 'repeatable read' });
}

async function readScopedTraceIn(db: Queryable, source: ContainerSource | MunicipalitySource): Promise<ForwardTrace> {
  const [column, id] =
    source.kind === 'container' ? ['container_id', source.containerId] : ['municipality', source.municipality];
  const period = periodClause('collected_at', source.period, 2);
  const { totals, outcomeRows } =
    source.kind === 'municipality'
      ? await readMunicipalitySums(db, source)
      : await readContainerSums(db, source.containerId, period);
  const { rows: stockRows } = await db.query<{ node_id: string; holder: Holder; grams: bigint }>(
    // Every row of a group holds the same holder (its key is made from it), so any one will do: taking the first
    // as it is halved the query at 8,000 rows against min(holder::text), which prints and parses each one.
    `select node_id, holder_key, (array_agg(holder))[1] as holder, sum(grams)::bigint as grams from ledger_batch_stock
      where ${column} = $1 ${period.sql} group by node_id, holder_key`,
    [id, ...period.params],
  );
  const outcomes: OutcomeGrams[] = outcomeRows.map((row) => ({ outcome: row.outcome, grams: toGrams(row.grams) }));
  const stock: StockLine[] = stockRows.map((row) => ({
    nodeId: row.node_id,
    holder: row.holder,
    grams: toGrams(row.grams),
  }));
  // combineForwardTraces puts the parts in the core's report order (outcomes, zeros included; stock by node).
  return combineForwardTraces(source, [
    { source, grams: toGrams(totals[0]?.grams ?? 0n), custodyModel: CUSTODY_MODEL, outcomes, stock },
  ]);
}

interface ScopeSums {
  readonly totals: readonly { grams: bigint | null }[];
  readonly outcomeRows: readonly { outcome: string; grams: bigint }[];
}

/** A container's collected grams and outcome grams in its period, from its per-batch rows. */
async function readContainerSums(db: Queryable, containerId: string, period: PeriodClause): Promise<ScopeSums> {
  const { rows: totals } = await db.query<{ grams: bigint | null }>(
    `select sum(grams)::bigint as grams from ledger_batches where container_id = $1 ${period.sql}`,
    [containerId, ...period.params],
  );
  const { rows: outcomeRows } = await db.query<{ outcome: string; grams: bigint }>(
    `select outcome, sum(grams)::bigint as grams from ledger_batch_outcomes
      where container_id = $1 ${period.sql} group by outcome`,
    [containerId, ...period.params],
  );
  return { totals, outcomeRows };
}

/**
 * A municipality's collected grams and outcome grams in its period: whole days from the day sums, the ends from the
 * per-batch rows (figure-days.ts), so a year costs a few hundred day rows rather than a row per batch and outcome.
 */
async function readMunicipalitySums(db: Queryable, source: MunicipalitySource): Promise<ScopeSums> {
  const { days, ends, params } = daySumClauses(source.period, 2);
  const { rows: totals } = await db.query<{ grams: bigint | null }>(
    `select sum(grams)::bigint as grams from (
       select grams from ledger_collected_days where municipality = $1 ${days.sql}
       union all
       select grams from ledger_batches where municipality = $1 ${ends.sql}
     ) as collected`,
    [source.municipality, ...params],
  );
  // The outcome KPIs' sum for the same scope and period.
  const byOutcome = await readOutcomeTotals(
    db,
    { kind: 'municipality', municipality: source.municipality },
    source.period ?? {},
  );
  return { totals, outcomeRows: [...byOutcome].map(([outcome, grams]) => ({ outcome, grams })) };
}
