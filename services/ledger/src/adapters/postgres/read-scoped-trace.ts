import type { Queryable } from '@vezel/db';
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
import { periodClause } from './period-clause.ts';

/**
 * The forward trace of a container or municipality (in a period) from the per-batch figures the refresher keeps
 * (refresh-derived-figures.ts): the SUM of its batches' rounded traces, which is by definition what the core's
 * traceForward answers for such a source, read from two indexed tables instead of walking the graph.
 */
export async function readScopedTrace(
  db: Queryable,
  source: ContainerSource | MunicipalitySource,
): Promise<ForwardTrace> {
  const [column, id] =
    source.kind === 'container' ? ['container_id', source.containerId] : ['municipality', source.municipality];
  const period = periodClause('collected_at', source.period, 2);
  const { rows: totals } = await db.query<{ grams: bigint | null }>(
    `select sum(grams)::bigint as grams from ledger_batches where ${column} = $1 ${period.sql}`,
    [id, ...period.params],
  );
  const { rows: outcomeRows } = await db.query<{ outcome: string; grams: bigint }>(
    `select outcome, sum(grams)::bigint as grams from ledger_batch_outcomes
      where ${column} = $1 ${period.sql} group by outcome`,
    [id, ...period.params],
  );
  const { rows: stockRows } = await db.query<{ node_id: string; holder: Holder; grams: bigint }>(
    `select node_id, holder_key, min(holder::text)::jsonb as holder, sum(grams)::bigint as grams from ledger_batch_stock
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
